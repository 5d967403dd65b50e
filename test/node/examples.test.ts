/**
 * The example projects of policies/ ("New from template", docs, tests) are sound: each
 * loads, its topology and policy check without a single diagnostic, every expectation and
 * every edge passes, both files are in canonical form (saving them changes nothing), and
 * external nodes resolve only to documentation addresses, never to real public IPs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../simulator/diagnostics/define.js';
import { runPolicyTests } from '../../simulator/engine/index.js';
import { checkPolicy, formatPolicy } from '../../simulator/language/index.js';
import { parseCidr, cidrContainsCidr } from '../../simulator/net/ip.js';
import { loadProject } from '../../simulator/node/index.js';
import { serializeTopology } from '../../simulator/topology/index.js';

const root = join(import.meta.dirname, '..', '..', 'policies');
const examples = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** RFC 5737 and RFC 3849 documentation ranges. */
const DOCUMENTATION = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map(
  (c) => parseCidr(c)!.cidr,
);

async function load(name: string) {
  const result = await loadProject(join(root, name));
  if (!result.ok) throw new Error(formatDiagnostic(result.error));
  return result;
}

describe('example projects', () => {
  it('include the three documented examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['llm-gateway', 'ml-training', 'rag-app']));
  });

  describe.each(examples)('%s', (name) => {
    it('loads and checks with no diagnostic at all', async () => {
      const { project, diagnostics } = await load(name);
      expect(project.topology).toBeDefined();
      const checked = checkPolicy(project.policyText, {
        file: project.policyFile,
        topology: project.topology!,
      });
      expect([...diagnostics, ...checked.diagnostics].map(formatDiagnostic)).toEqual([]);
    });

    it('passes every expectation and edge, with some expected denies', async () => {
      const { project } = await load(name);
      const { model } = checkPolicy(project.policyText, { topology: project.topology! });
      const report = runPolicyTests(model!, project.topology);
      const failed = report.results.filter((r) => !r.passed).map((r) => r.label);
      expect(failed).toEqual([]);
      expect(report.results.filter((r) => r.kind === 'edge')).toHaveLength(
        project.topology!.edges.length,
      );
      expect(model!.expectations.some((e) => e.verdict === 'deny')).toBe(true);
    });

    it('describes every rule with a comment and every edge with a note', async () => {
      const { project } = await load(name);
      const silent = project
        .topology!.edges.filter((e) => !e.note)
        .map((e) => `${e.from}->${e.to}`);
      expect(silent).toEqual([]);
      const { model } = checkPolicy(project.policyText, { topology: project.topology! });
      const bare = model!.rules.filter((r) => r.description === null).map((r) => r.id);
      expect(bare).toEqual([]);
    });

    it('is in canonical form: saving it rewrites identical bytes', async () => {
      const { project } = await load(name);
      expect(serializeTopology(project.topology!)).toBe(project.topologyText);
      expect(formatPolicy(project.policyText).text).toBe(project.policyText);
    });

    it('gives external nodes static documentation addresses only', async () => {
      const { project } = await load(name);
      const t = project.topology!;
      const external = new Set(t.zones.filter((z) => z.kind === 'external').map((z) => z.id));
      const nodes = t.nodes.filter((n) => external.has(n.zone));
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) {
        expect(node.addresses.length, node.id).toBeGreaterThan(0);
        for (const address of node.addresses) {
          const cidr = parseCidr(address)!.cidr;
          expect(
            DOCUMENTATION.some((d) => cidrContainsCidr(d, cidr)),
            `${node.id} ${address}`,
          ).toBe(true);
        }
      }
    });
  });

  it('has a proxy node in at least one example', async () => {
    const kinds = await Promise.all(
      examples.map(async (name) => (await load(name)).project.topology!.nodes.map((n) => n.kind)),
    );
    expect(kinds.flat()).toContain('proxy');
  });
});
