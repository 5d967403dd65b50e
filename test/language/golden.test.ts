/**
 * Golden files (as TypeScript's baselines): every `golden/cases/NAME.egress` (with an optional
 * `NAME.topology.yaml`, read by the real topology loader) is checked and its diagnostics plus a model summary are compared with
 * `NAME.errors.txt`; every `golden/format/NAME.egress` is formatted and compared with
 * `NAME.formatted.txt`. Accept new baselines with `UPDATE_GOLDEN=1 npx vitest run test/language`
 * and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../simulator/diagnostics/define.js';
import { LANGUAGE_DIAGNOSTICS } from '../../simulator/diagnostics/catalog-language.js';
import { checkPolicy, formatPolicy } from '../../simulator/language/index.js';
import type { Topology } from '../../simulator/core/model.js';
import { parseTopology } from '../../simulator/topology/index.js';
import { summarizeModel } from './helpers.js';

const root = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const REVIEW_TODAY = '2027-06-01';

function compare(file: string, actual: string): void {
  if (update || !existsSync(file)) {
    writeFileSync(file, actual);
    if (!update) throw new Error(`${file} was missing and has been written; review it`);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function cases(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.egress'))
    .map((f) => f.slice(0, -'.egress'.length))
    .sort();
}

function checkedBaseline(name: string): string {
  const base = join(root, 'cases', name);
  const text = readFileSync(`${base}.egress`, 'utf8');
  const topologyFile = `${base}.topology.yaml`;
  let topology: Topology | undefined;
  if (existsSync(topologyFile)) {
    const loaded = parseTopology(readFileSync(topologyFile, 'utf8'), { file: topologyFile });
    // The fixtures are valid topologies: the cases are about the policy.
    expect(loaded.diagnostics.map(formatDiagnostic)).toEqual([]);
    topology = loaded.topology ?? undefined;
  }
  // A fixed "today", so that review dates before it are overdue in every run.
  const today = REVIEW_TODAY;
  const result = checkPolicy(text, {
    file: `${name}.egress`,
    today,
    ...(topology ? { topology } : {}),
  });
  const lines = ['== diagnostics'];
  const shown = result.diagnostics.map(formatDiagnostic);
  // Keep baselines of huge cases readable: the first 20 and the last 5.
  if (shown.length > 50) shown.splice(20, shown.length - 25, `… ${shown.length - 25} more …`);
  lines.push(...(shown.length ? shown : ['(none)']));
  lines.push('== model', ...summarizeModel(result.model));
  return lines.join('\n') + '\n';
}

describe('checker baselines (golden/cases)', () => {
  it.each(cases('cases'))('%s', (name) => {
    compare(join(root, 'cases', `${name}.errors.txt`), checkedBaseline(name));
  });

  it('covers every code of the language catalog', () => {
    const seen = new Set<string>();
    for (const file of readdirSync(join(root, 'cases'))) {
      if (!file.endsWith('.errors.txt')) continue;
      const text = readFileSync(join(root, 'cases', file), 'utf8');
      for (const m of text.matchAll(/\b(?:error|warning|info) (EGS\d{4}):/g)) seen.add(m[1]!);
    }
    const missing = Object.values(LANGUAGE_DIAGNOSTICS)
      .map((d) => d.code)
      .filter((code) => !seen.has(code));
    expect(missing).toEqual([]);
  });

  it('gives every entry of the catalog its own code in the language ranges', () => {
    const list = Object.values(LANGUAGE_DIAGNOSTICS).map((d) => d.code);
    expect(new Set(list).size).toBe(list.length);
    for (const code of list) expect(code).toMatch(/^EGS[12]\d{3}$/);
  });

  it('lists every code in docs/language.md', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/language.md'), 'utf8');
    const undocumented = Object.values(LANGUAGE_DIAGNOSTICS)
      .filter((d) => !docs.includes(`| ${d.code} | ${d.severity} |`))
      .map((d) => d.code);
    expect(undocumented).toEqual([]);
  });

  it('has at least 35 broken-policy cases', () => {
    const broken = cases('cases').filter((name) =>
      readFileSync(join(root, 'cases', `${name}.errors.txt`), 'utf8').includes(' error EGS'),
    );
    expect(broken.length).toBeGreaterThanOrEqual(35);
  });
});

describe('formatter baselines (golden/format)', () => {
  it.each(cases('format'))('%s', (name) => {
    const input = readFileSync(join(root, 'format', `${name}.egress`), 'utf8');
    const first = formatPolicy(input);
    compare(join(root, 'format', `${name}.formatted.txt`), first.text);
    expect(formatPolicy(first.text).text).toBe(first.text);
  });
});
