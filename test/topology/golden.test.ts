/**
 * Golden files for topology diagnostics (as TypeScript's baselines): every
 * `golden/cases/NAME.yaml` is parsed; its diagnostics (one `formatDiagnostic` line each,
 * related places indented below) and the topology it reads as (serialised, or `(none)`)
 * are compared with `NAME.errors.txt`. Accept new baselines with
 * `UPDATE_GOLDEN=1 npx vitest run test/topology` and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../simulator/diagnostics/define.js';
import { parseTopology, serializeTopology } from '../../simulator/topology/index.js';

const root = join(import.meta.dirname, 'golden', 'cases');
const update = process.env.UPDATE_GOLDEN === '1';

function cases(): string[] {
  return readdirSync(root)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

function baseline(name: string): string {
  const text = readFileSync(join(root, `${name}.yaml`), 'utf8');
  const result = parseTopology(text, { file: `${name}.yaml` });
  const lines = ['== diagnostics'];
  if (result.diagnostics.length === 0) lines.push('(none)');
  for (const d of result.diagnostics) {
    lines.push(formatDiagnostic(d));
    for (const r of d.related ?? []) {
      const at = r.range ? `${r.range.start.line}:${r.range.start.column}` : '?';
      lines.push(`    related ${at}: ${r.message}`);
    }
  }
  lines.push('== topology');
  lines.push(result.topology ? serializeTopology(result.topology).trimEnd() : '(none)');
  return lines.join('\n') + '\n';
}

describe('topology baselines (golden/cases)', () => {
  it.each(cases())('%s', (name) => {
    const file = join(root, `${name}.errors.txt`);
    const actual = baseline(name);
    if (update || !existsSync(file)) {
      writeFileSync(file, actual);
      if (!update) throw new Error(`${file} was missing and has been written; review it`);
      return;
    }
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('has at least 15 cases with findings', () => {
    const withFindings = cases().filter((name) =>
      / (error|warning) EGS3\d{3}:/.test(readFileSync(join(root, `${name}.errors.txt`), 'utf8')),
    );
    expect(withFindings.length).toBeGreaterThanOrEqual(15);
  });
});
