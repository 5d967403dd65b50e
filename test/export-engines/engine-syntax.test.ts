/**
 * Every exported file loads in its real engine: `nft -c -f` (and a real, repeated `nft -f`
 * into a scratch namespace, which proves the reload idiom works on a fresh system and again
 * over itself), `iptables-restore --test` / `ip6tables-restore --test` (and a real restore),
 * and `squid -k parse`. Inputs: the handcrafted cases, the example projects, and seeded
 * random projects, for both hooks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { iptablesExporter } from '../../simulator/export/iptables.js';
import { nftablesExporter } from '../../simulator/export/nftables.js';
import { squidExporter } from '../../simulator/export/squid.js';
import type { ExportInput, ExportOptions, Exporter } from '../../simulator/export/types.js';
import { EXPORT_CASES } from './support/cases.js';
import { describeWithEngines } from './support/engines.js';
import { exampleNames, loadExample } from './support/examples.js';
import { createNamespace, destroyNamespace, namespacePrefix } from './support/netns-lab.js';
import { run } from './support/process.js';
import { randomL3Project } from './support/random-l3.js';
import { randomSquidCase } from './support/random-squid.js';

interface Input {
  name: string;
  input: ExportInput;
}

const RANDOM_PROJECTS = 5;

function inputs(): Input[] {
  const out: Input[] = EXPORT_CASES.map((c) => ({ name: `case ${c.name}`, input: c.input }));
  for (const name of exampleNames()) {
    const e = loadExample(name);
    out.push({
      name: `example ${name}`,
      input: {
        policy: e.policy,
        ...(e.topology ? { topology: e.topology } : {}),
        project: { name, policyFile: 'policy.egress' },
      },
    });
  }
  for (let seed = 1; seed <= RANDOM_PROJECTS; seed++) {
    const l3 = randomL3Project(seed * 7919);
    out.push({
      name: `random-l3 ${seed * 7919}`,
      input: { ...l3, project: { name: 'r', policyFile: 'p' } },
    });
    const sq = randomSquidCase(seed * 104729, 1);
    out.push({
      name: `random-squid ${seed * 104729}`,
      input: { policy: sq.policy, topology: sq.topology, project: { name: 's', policyFile: 'p' } },
    });
  }
  return out;
}

const HOOKS: ExportOptions[] = [{ hook: 'forward' }, { hook: 'output' }];

function files(
  exporter: Exporter,
  input: ExportInput,
  options: ExportOptions,
): Map<string, string> {
  return new Map(exporter.run(input, options).files.map((f) => [f.path, f.content]));
}

function ok(r: { status: number | null; stdout: string; stderr: string }): string {
  return r.status === 0 ? '' : `exit ${r.status}: ${(r.stderr || r.stdout).slice(0, 2000)}`;
}

describeWithEngines('exported files load in the real engines', ['netns', 'nft', 'iptables'], () => {
  const ns = namespacePrefix('syntax');
  beforeAll(() => createNamespace(ns));
  afterAll(() => destroyNamespace(ns));

  it('nft -c -f accepts every nftables export, and nft -f loads it twice in a row', () => {
    const problems: string[] = [];
    for (const { name, input } of inputs()) {
      for (const options of HOOKS) {
        const text = files(nftablesExporter, input, options).get('egress.nft')!;
        const check = ok(run('nft', ['-c', '-f', '-'], text));
        if (check) problems.push(`${name} (${options.hook}): nft -c: ${check}`);
        for (const attempt of ['first load', 'reload']) {
          const load = ok(run('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], text));
          if (load) problems.push(`${name} (${options.hook}): nft -f ${attempt}: ${load}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const listed = run('ip', ['netns', 'exec', ns, 'nft', 'list', 'tables']);
    expect(listed.stdout.trim().split('\n')).toEqual(['table inet egress_studio']);
  });

  it('iptables-restore --test and ip6tables-restore --test accept every iptables export, and restore loads it', () => {
    const problems: string[] = [];
    for (const { name, input } of inputs()) {
      for (const options of HOOKS) {
        const out = files(iptablesExporter, input, options);
        for (const [file, restore] of [
          ['rules.v4', 'iptables-restore'],
          ['rules.v6', 'ip6tables-restore'],
        ] as const) {
          const text = out.get(file)!;
          const test = ok(run('ip', ['netns', 'exec', ns, restore, '--test'], text));
          if (test) problems.push(`${name} (${options.hook}) ${file}: --test: ${test}`);
          const load = ok(run('ip', ['netns', 'exec', ns, restore], text));
          if (load) problems.push(`${name} (${options.hook}) ${file}: restore: ${load}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const saved = run('ip', ['netns', 'exec', ns, 'iptables-save']).stdout;
    expect(saved).toContain(':EGRESS_STUDIO - ');
  });
});

describeWithEngines('squid.conf parses in the real Squid', ['squid'], () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'egs-squid-parse-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('squid -k parse accepts every squid export without errors or warnings', () => {
    const problems: string[] = [];
    for (const { name, input } of inputs()) {
      const text = files(squidExporter, input, {}).get('squid.conf')!;
      const path = join(dir, 'squid.conf');
      writeFileSync(path, text);
      const r = run('squid', ['-k', 'parse', '-f', path]);
      const complaints = (r.stdout + r.stderr)
        .split('\n')
        .filter((l) => /ERROR|WARNING|FATAL|Bungled/i.test(l));
      if (r.status !== 0 || complaints.length > 0) {
        problems.push(`${name}: exit ${r.status}: ${complaints.join(' | ').slice(0, 2000)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
