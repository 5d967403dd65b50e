/**
 * The fidelity decisions of the firewall targets (nftables, iptables share one plan) and the
 * squid target, one rule shape at a time, with what the output says about it.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyModel, Rule, Topology } from '../../simulator/core/model.js';
import { iptablesExporter } from '../../simulator/export/iptables.js';
import { nftablesExporter } from '../../simulator/export/nftables.js';
import { logPrefix } from '../../simulator/export/model/rule-comments.js';
import { pathRegex, regexEscape, wildcardRegex } from '../../simulator/export/squid-plan.js';
import { squidExporter } from '../../simulator/export/squid.js';
import type { ExportResult, Exporter, FidelityEntry } from '../../simulator/export/types.js';
import { exportInput, node, policy, rule, topology, zone } from './support/model.js';

function lab(extra: Parameters<typeof node>[] = []): Topology {
  return topology(
    'lab',
    [
      zone('lan', 'internal', ['10.0.0.0/16']),
      zone('internet', 'external'),
      zone('cloudless', 'internal'),
    ],
    [
      node('trainer', 'lan', { roles: ['trainer'], addresses: ['10.0.1.0/24'] }),
      node('laptop', 'lan', { roles: ['trainer'] }),
      node('floating', 'cloudless', { roles: ['floating'] }),
      node('pypi', 'internet', { hosts: ['pypi.org'], addresses: ['198.51.100.30'] }),
      node('hf', 'internet', { hosts: ['huggingface.co', 'cdn.huggingface.co'] }),
      ...extra.map((args) => node(...args)),
    ],
  );
}

function run(exporter: Exporter, rules: Rule[], t: Topology | null = lab()): ExportResult {
  const p: PolicyModel = policy('p', rules);
  return exporter.run(exportInput(p, t ?? undefined), {});
}

function entry(result: ExportResult, id: string): FidelityEntry {
  const found = result.fidelity.find((e) => e.rule === id);
  if (!found) throw new Error(`no fidelity entry for ${id}`);
  return found;
}

const nft = (rules: Rule[], t?: Topology): ExportResult => run(nftablesExporter, rules, t ?? lab());
const squid = (rules: Rule[], t?: Topology): ExportResult => run(squidExporter, rules, t ?? lab());
const text = (r: ExportResult): string => r.files.map((f) => f.content).join('\n');

describe('firewall fidelity (nftables and iptables)', () => {
  it('CIDRs and topology items with addresses are exact', () => {
    const r = nft([
      rule('a', 'allow', {
        from: ['role:trainer', '10.0.9.0/24'],
        to: ['198.51.100.0/24', 'node:pypi'],
        on: ['tcp/443'],
      }),
    ]);
    // role:trainer includes the address-less laptop: that part is missing.
    expect(entry(r, 'a').fidelity).toBe('narrowed');
    const exact = nft([
      rule('b', 'deny', { from: ['node:trainer', 'zone:lan'], to: ['node:pypi'] }),
    ]);
    expect(entry(exact, 'b')).toEqual({ rule: 'b', fidelity: 'exact' });
    // zone:internet also holds hf, known only by name: a deny that misses it widens.
    const zoneDeny = entry(nft([rule('z', 'deny', { from: ['any'], to: ['zone:internet'] })]), 'z');
    expect(zoneDeny.fidelity).toBe('widened');
    expect(zoneDeny.reason).toContain('huggingface.co');
  });

  it('an address-less node narrows an allow and widens a deny, unless its zone has CIDRs', () => {
    expect(
      entry(nft([rule('a', 'allow', { from: ['role:trainer'], to: ['any'] })]), 'a').fidelity,
    ).toBe('narrowed');
    const deny = entry(
      nft([rule('d', 'deny', { from: ['node:laptop', 'node:trainer'], to: ['any'] })]),
      'd',
    );
    expect(deny.fidelity).toBe('widened');
    expect(deny.reason).toContain('laptop has no addresses');
    // laptop's traffic comes from lan's CIDRs, which the zone item covers.
    expect(
      entry(nft([rule('z', 'allow', { from: ['zone:lan'], to: ['any'] })]), 'z').fidelity,
    ).toBe('exact');
    // floating's zone has no CIDRs: nothing the firewall can recognise.
    const floating = entry(
      nft([rule('f', 'allow', { from: ['zone:cloudless'], to: ['any'] })]),
      'f',
    );
    expect(floating.fidelity).toBe('unsupported');
  });

  it('a domain with static addresses is resolved at export time: an allow widens, a deny narrows', () => {
    const allow = nft([
      rule('a', 'allow', { from: ['node:trainer'], to: ['pypi.org'], on: ['tcp/443'] }),
    ]);
    expect(entry(allow, 'a').fidelity).toBe('widened');
    expect(entry(allow, 'a').reason).toContain('resolved at export time');
    expect(text(allow)).toContain(
      'ip saddr 10.0.1.0/24 ip daddr 198.51.100.30 tcp dport 443 counter accept',
    );
    const deny = nft([rule('d', 'deny', { from: ['any'], to: ['pypi.org'] })]);
    expect(entry(deny, 'd').fidelity).toBe('narrowed');
  });

  it('a domain without static addresses is unsupported without a proxy, and says what to use', () => {
    const r = nft([
      rule('a', 'allow', { from: ['node:trainer'], to: ['huggingface.co', '*.huggingface.co'] }),
    ]);
    expect(entry(r, 'a').fidelity).toBe('unsupported');
    expect(entry(r, 'a').reason).toMatch(/squid target.*cilium target/);
    expect(text(r)).not.toContain('comment "a"');
    // node:hf has hosts but no addresses: the same.
    expect(entry(nft([rule('n', 'allow', { from: ['any'], to: ['node:hf'] })]), 'n').fidelity).toBe(
      'unsupported',
    );
  });

  it('with a proxy node, such a rule is delegated and admits its sources to the proxy at its place', () => {
    const t = lab([['proxy', 'lan', { kind: 'proxy', addresses: ['10.0.0.8'] }]]);
    t.edges.push({ from: 'trainer', to: 'proxy', service: 'tcp/8080' });
    const r = nft(
      [
        rule('deny-first', 'deny', { from: ['any'], to: ['*.evil.example'] }),
        rule('a', 'allow', {
          from: ['node:trainer'],
          to: ['huggingface.co'],
          on: ['tcp/443'],
          methods: ['GET'],
        }),
      ],
      t,
    );
    expect(entry(r, 'deny-first').fidelity).toBe('delegated');
    expect(entry(r, 'a')).toMatchObject({ fidelity: 'delegated' });
    const out = text(r);
    expect(out).toContain(
      'ip saddr 10.0.1.0/24 ip daddr 10.0.0.8 tcp dport 8080 counter accept comment "a"',
    );
    expect(out).toContain('ip saddr 10.0.0.8 tcp dport 443 counter accept comment "a"');
    expect(out).not.toContain('comment "deny-first"');
    // A proxy without addresses cannot take anything.
    const noAddress = nft(
      [rule('a', 'allow', { from: ['node:trainer'], to: ['huggingface.co'] })],
      lab([['proxy', 'lan', { kind: 'proxy' }]]),
    );
    expect(entry(noAddress, 'a').reason).toContain('proxy node proxy has no addresses');
  });

  it('HTTP methods and paths: an allow widens, a deny narrows (fails closed)', () => {
    const allow = entry(
      nft([rule('a', 'allow', { from: ['any'], to: ['10.9.0.1'], methods: ['GET'] })]),
      'a',
    );
    expect(allow.fidelity).toBe('widened');
    const deny = entry(
      nft([rule('d', 'deny', { from: ['any'], to: ['10.9.0.1'], paths: ['/admin/*'] })]),
      'd',
    );
    expect(deny).toMatchObject({ fidelity: 'narrowed' });
    expect(deny.reason).toContain('fails closed');
  });

  it('a rule that matches no traffic is exact and stays out of the ruleset', () => {
    const r = nft([rule('nobody', 'allow', { from: ['role:astronaut'], to: ['any'] })]);
    expect(entry(r, 'nobody')).toEqual({
      rule: 'nobody',
      fidelity: 'exact',
      reason: 'never matches: no source satisfies its `from` clause',
    });
    expect(text(r)).toContain('not in this ruleset: it never matches');
  });

  it('without a topology, node: names cannot be seen', () => {
    const r = run(
      iptablesExporter,
      [rule('n', 'allow', { from: ['node:laptop'], to: ['any'] })],
      null,
    );
    expect(entry(r, 'n').fidelity).toBe('unsupported');
    expect(text(r)).not.toContain('-j EGRESS_INBOUND');
  });
});

describe('squid fidelity', () => {
  it('names, wildcards, CIDRs and topology destinations are exact', () => {
    const r = squid([
      rule('a', 'allow', {
        from: ['node:trainer'],
        to: ['pypi.org', '*.huggingface.co', '198.51.100.0/24', 'node:hf', 'zone:internet'],
        on: ['tcp/443'],
      }),
    ]);
    expect(entry(r, 'a')).toEqual({ rule: 'a', fidelity: 'exact' });
    const out = text(r);
    expect(out).toContain('acl rule_a_wildcards dstdom_regex -n -i \\.huggingface\\.co$');
    expect(out).toContain(
      'acl rule_a_names dstdomain -n pypi.org huggingface.co cdn.huggingface.co',
    );
  });

  it('UDP and ICMP are not proxied: unsupported alone, a missing part when mixed with TCP', () => {
    expect(
      entry(squid([rule('u', 'allow', { from: ['any'], to: ['any'], on: ['udp/53'] })]), 'u'),
    ).toMatchObject({
      fidelity: 'unsupported',
    });
    const mixedAllow = entry(
      squid([rule('m', 'allow', { from: ['any'], to: ['any'], on: ['tcp/53', 'udp/53'] })]),
      'm',
    );
    expect(mixedAllow.fidelity).toBe('narrowed');
    expect(mixedAllow.reason).toContain('nftables');
    expect(
      entry(squid([rule('m', 'deny', { from: ['any'], to: ['any'], on: ['tcp/53', 'icmp'] })]), 'm')
        .fidelity,
    ).toBe('widened');
  });

  it('methods or paths on a port that admits 443 get a CONNECT line: an allow widens, a deny narrows', () => {
    const allow = squid([
      rule('a', 'allow', {
        from: ['any'],
        to: ['pypi.org'],
        on: ['tcp/443'],
        paths: ['/simple/*'],
      }),
    ]);
    expect(entry(allow, 'a').fidelity).toBe('widened');
    expect(text(allow)).toContain(
      'http_access allow rule_a_ports egress_https_port egress_connect rule_a_names rule_a_mark',
    );
    const deny = squid([rule('d', 'deny', { from: ['any'], to: ['pypi.org'], methods: ['POST'] })]);
    expect(entry(deny, 'd').fidelity).toBe('narrowed');
    // Plain HTTP only: Squid sees method and path.
    const plain = squid([
      rule('p', 'allow', { from: ['any'], to: ['pypi.org'], on: ['tcp/80'], methods: ['GET'] }),
    ]);
    expect(entry(plain, 'p')).toEqual({ rule: 'p', fidelity: 'exact' });
    expect(text(plain)).not.toContain('egress_connect');
    // A rule about CONNECT itself is exact.
    const tunnel = squid([
      rule('t', 'allow', {
        from: ['any'],
        to: ['pypi.org'],
        on: ['tcp/443'],
        methods: ['CONNECT'],
      }),
    ]);
    expect(entry(tunnel, 't').fidelity).toBe('exact');
  });

  it('anchors and escapes regular expressions so that they mean the policy', () => {
    const wildcard = new RegExp(wildcardRegex('huggingface.co'), 'i');
    expect(['cdn.huggingface.co', 'a.b.HuggingFace.co'].every((h) => wildcard.test(h))).toBe(true);
    expect(
      ['huggingface.co', 'huggingfacexco', 'evil-huggingface.co', 'huggingface.co.evil'].some((h) =>
        wildcard.test(h),
      ),
    ).toBe(false);
    const prefix = new RegExp(pathRegex('/v1.0/(x)/', true));
    expect(prefix.test('/v1.0/(x)/items')).toBe(true);
    expect(prefix.test('/v1a0/(x)/items')).toBe(false);
    const exact = new RegExp(pathRegex('/a+b?c', false));
    expect(exact.test('/a+b?c')).toBe(true);
    expect(exact.test('/a+b?cd')).toBe(false);
    expect(exact.test('/aab')).toBe(false);
    expect(regexEscape('a.b|c$')).toBe('a\\.b\\|c\\$');
  });
});

describe('log prefixes', () => {
  it('name the rule, within the kernel limit, distinct for long ids', () => {
    expect(logPrefix('train-deps', 29)).toBe('egress:train-deps ');
    const a = logPrefix('a-really-long-rule-identifier-one', 29);
    const b = logPrefix('a-really-long-rule-identifier-two', 29);
    expect(a.length).toBeLessThanOrEqual(29);
    expect(a.startsWith('egress:a-really-long')).toBe(true);
    expect(a).not.toBe(b);
    expect(logPrefix('a-really-long-rule-identifier-one', 127)).toBe(
      'egress:a-really-long-rule-identifier-one ',
    );
  });
});
