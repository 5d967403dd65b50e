/**
 * The terraform-aws and terraform-gcp main.tf parse with HashiCorp's HCL parser and have
 * the structure the providers expect (terraform-checks.ts), for the example projects and
 * seeded random projects; the examples' resources are spelled out, so a change of names,
 * priorities, tags or domain lists shows here as well as in the golden files.
 */
import { describe, expect, it } from 'vitest';
import { exportTerraformAws } from '../../simulator/export/terraform-aws.js';
import { exportTerraformGcp } from '../../simulator/export/terraform-gcp.js';
import { exampleInput, exampleNames, randomInput } from './cloud-exports.js';
import { blocks, ofType, parseHcl, single, strings } from './hcl.js';
import type { Hcl } from './hcl.js';
import { awsProblems, gcpProblems } from './terraform-checks.js';

const RANDOM_SEEDS = 30;

async function aws(name: string): Promise<Hcl> {
  return parseHcl(exportTerraformAws(exampleInput(name)).files[0]!.content);
}

async function gcp(name: string): Promise<Hcl> {
  return parseHcl(exportTerraformGcp(exampleInput(name)).files[0]!.content);
}

function byName(doc: Hcl, type: string, name: string): Hcl {
  const r = ofType(doc, type).find((x) => x.name === name);
  if (r === undefined) throw new Error(`no ${type}.${name}`);
  return r.body;
}

function domainList(doc: Hcl, name: string): Hcl {
  const group = single(byName(doc, 'aws_networkfirewall_rule_group', name), 'rule_group');
  return single(single(group, 'rules_source'), 'rules_source_list');
}

describe('terraform parses and is well-formed', () => {
  it('the parser rejects broken HCL (so parsing proves something)', async () => {
    await expect(parseHcl('resource "a" "b" {\n  x = [1, 2\n}\n')).rejects.toBeTruthy();
  });

  for (const name of exampleNames()) {
    it(`${name} → terraform-aws`, async () => {
      const doc = await aws(name);
      expect(awsProblems(doc)).toEqual([]);
      const providers = single(single(doc, 'terraform'), 'required_providers');
      expect((providers.aws as Hcl).source).toBe('hashicorp/aws');
    });
    it(`${name} → terraform-gcp`, async () => {
      const input = exampleInput(name);
      const doc = await gcp(name);
      expect(gcpProblems(doc, input.policy)).toEqual([]);
      const providers = single(single(doc, 'terraform'), 'required_providers');
      expect((providers.google as Hcl).source).toBe('hashicorp/google');
    });
  }

  it(`seeded random projects (${RANDOM_SEEDS}, with names)`, async () => {
    let resources = 0;
    for (let seed = 1; seed <= RANDOM_SEEDS; seed++) {
      const input = randomInput(seed, true);
      const a = await parseHcl(exportTerraformAws(input).files[0]!.content);
      const g = await parseHcl(exportTerraformGcp(input).files[0]!.content);
      expect(awsProblems(a), `seed ${seed} terraform-aws`).toEqual([]);
      expect(gcpProblems(g, input.policy), `seed ${seed} terraform-gcp`).toEqual([]);
      resources += ofType(a, 'aws_security_group').length;
      resources += ofType(g, 'google_compute_firewall').length;
    }
    expect(resources).toBeGreaterThan(RANDOM_SEEDS * 2);
  });

  it('the checks bite: a group without egress list, an unsorted priority', async () => {
    const doc = await aws('ml-training');
    delete byName(doc, 'aws_security_group', 'role_trainer').egress;
    expect(awsProblems(doc).join()).toMatch(/no egress list/);
    const input = exampleInput('ml-training');
    const g = await gcp('ml-training');
    byName(g, 'google_compute_firewall', 'registry_v4').priority = 1005;
    expect(gcpProblems(g, input.policy).join()).toMatch(/registry: priority 1005 not after/);
  });
});

describe('terraform-aws: the examples, resource by resource', () => {
  it('ml-training: a group per role, domain lists for the roles with names', async () => {
    const doc = await aws('ml-training');
    expect(ofType(doc, 'aws_security_group').map((r) => r.name)).toEqual([
      'role_model-registry',
      'role_package-proxy',
      'role_researcher',
      'role_trainer',
    ]);
    const trainer = domainList(doc, 'role_trainer_domains');
    expect(trainer.generated_rules_type).toBe('ALLOWLIST');
    expect(strings(trainer.target_types)).toEqual(['HTTP_HOST', 'TLS_SNI']);
    expect(strings(trainer.targets)).toEqual([
      '.huggingface.co',
      '.s3.amazonaws.com',
      'cdn-lfs.huggingface.co',
      'files.pythonhosted.org',
      'huggingface.co',
      'pypi.org',
    ]);
    expect(strings(domainList(doc, 'role_package-proxy_domains').targets)).toEqual([
      'files.pythonhosted.org',
      'pypi.org',
    ]);
    const egressOf = (name: string) => blocks(byName(doc, 'aws_security_group', name), 'egress');
    const destinations = (name: string) =>
      egressOf(name).flatMap((e) => [...strings(e.cidr_blocks), ...strings(e.ipv6_cidr_blocks)]);
    // notebook-direct denies the rest: researchers reach only the resolver, registry and proxy.
    expect([...new Set(destinations('role_researcher'))].sort()).toEqual([
      '10.30.0.10/32',
      '10.30.0.2/32',
      '10.30.5.10/32',
      'fd00:30::2/128',
    ]);
    expect(egressOf('role_researcher').find((e) => e.to_port === 3128)).toMatchObject({
      protocol: 'tcp',
      from_port: 3128,
      cidr_blocks: ['10.30.0.10/32'],
    });
    // no-metadata comes first: no group reaches the metadata service.
    for (const g of ofType(doc, 'aws_security_group'))
      expect(destinations(g.name)).not.toContain('169.254.169.254/32');
    expect(destinations('role_trainer')).toContain('198.51.100.30/32');
    const ingress = ofType(doc, 'aws_vpc_security_group_ingress_rule').map((r) => r.name);
    expect(ingress).toContain('role_package-proxy_from_role_researcher');
    expect(ingress).toContain('role_model-registry_from_role_trainer');
  });

  it('llm-gateway: only the gateway reaches the LLM APIs, by address and by name', async () => {
    const doc = await aws('llm-gateway');
    expect(ofType(doc, 'aws_networkfirewall_rule_group').map((r) => r.name)).toEqual([
      'role_llm-gateway_domains',
    ]);
    expect(strings(domainList(doc, 'role_llm-gateway_domains').targets)).toEqual([
      'api.anthropic.com',
      'api.openai.com',
    ]);
    const app = blocks(byName(doc, 'aws_security_group', 'role_app'), 'egress');
    expect(app.map((e) => `${String(e.protocol)}/${String(e.to_port)}`)).toEqual([
      'tcp/53',
      'udp/53',
      'tcp/8443',
    ]);
  });

  it('rag-app: three roles with names, the vector store admits api and ingest', async () => {
    const doc = await aws('rag-app');
    expect(ofType(doc, 'aws_networkfirewall_rule_group').map((r) => r.name)).toEqual([
      'role_api_domains',
      'role_ingest_domains',
      'role_vector-store_domains',
    ]);
    expect(strings(domainList(doc, 'role_vector-store_domains').targets)).toEqual([
      'api.honeycomb.io',
    ]);
    expect(ofType(doc, 'aws_vpc_security_group_ingress_rule').map((r) => r.name)).toEqual([
      'role_vector-store_from_role_api',
      'role_vector-store_from_role_ingest',
    ]);
  });
});

describe('terraform-gcp: the examples, resource by resource', () => {
  const priorities = (doc: Hcl) =>
    Object.fromEntries(
      [
        ...ofType(doc, 'google_compute_firewall'),
        ...ofType(doc, 'google_compute_network_firewall_policy_rule'),
      ].map((r) => [r.name, r.body.priority]),
    );

  it('ml-training: priorities in rule order, tags from roles, names in the policy', async () => {
    const doc = await gcp('ml-training');
    expect(priorities(doc)).toEqual({
      'no-metadata_v4': 1000,
      'no-metadata_v6': 1000,
      dns_v4: 1010,
      dns_v6: 1010,
      'trainer-packages_names': 1020,
      'trainer-models_names': 1030,
      'trainer-data_names': 1040,
      registry_v4: 1050,
      'notebook-packages_v4': 1060,
      'proxy-upstream_names': 1070,
      'notebook-direct_v4': 1080,
      'notebook-direct_v6': 1080,
      default_deny_v4: 2147483004,
      default_deny_v6: 2147483006,
    });
    const direct = byName(doc, 'google_compute_firewall', 'notebook-direct_v4');
    expect(strings(direct.target_tags)).toEqual(['researcher']);
    expect(blocks(direct, 'deny')).toEqual([{ protocol: 'all' }]);
    expect(blocks(direct, 'log_config')).toHaveLength(1);
    const metadata = byName(doc, 'google_compute_firewall', 'no-metadata_v4');
    expect(metadata.target_tags).toBeUndefined();
    expect(strings(metadata.destination_ranges)).toEqual(['169.254.169.254/32']);
    const models = byName(
      doc,
      'google_compute_network_firewall_policy_rule',
      'trainer-models_names',
    );
    expect(strings(single(models, 'match').dest_fqdns)).toEqual([
      'cdn-lfs.huggingface.co',
      'huggingface.co',
    ]);
    expect(blocks(models, 'target_secure_tags')).toEqual([
      { name: '${google_tags_tag_value.role_trainer.id}' },
    ]);
    expect(
      byName(doc, 'google_compute_network_firewall_policy_rule', 'default_deny_v4'),
    ).toMatchObject({
      action: 'deny',
      enable_logging: true,
    });
  });

  it('a policy without names ends in a VPC deny-all just above the implied allow', async () => {
    const input = randomInput(3, false);
    expect(input.policy.default.action).toBe('deny');
    const doc = await parseHcl(exportTerraformGcp(input).files[0]!.content);
    for (const f of [4, 6]) {
      expect(byName(doc, 'google_compute_firewall', `default_deny_v${f}`)).toMatchObject({
        priority: 65534,
        deny: [{ protocol: 'all' }],
        destination_ranges: [f === 4 ? '0.0.0.0/0' : '::/0'],
      });
    }
    expect(ofType(doc, 'google_compute_network_firewall_policy')).toEqual([]);
  });
});
