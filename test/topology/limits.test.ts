/**
 * Input limits of a topology (docs/language.md "Input limits"): size, line length and
 * nesting are refused before the YAML parser runs, counts before validation; each with one
 * EGS3012 error naming the place. Brackets and indentation that are text (quotes, plain
 * scalars, comments, block scalars) do not count as nesting.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../simulator/diagnostics/define.js';
import { parseTopology } from '../../simulator/topology/index.js';
import { TOPOLOGY_LIMITS } from '../../simulator/topology/limits.js';

function diagnostics(text: string): string[] {
  return parseTopology(text, { file: 'topology.yaml' }).diagnostics.map(formatDiagnostic);
}

function refused(text: string): string {
  const result = parseTopology(text, { file: 'topology.yaml' });
  expect(result.topology).toBeNull();
  expect(result.diagnostics.map((d) => d.code)).toEqual(['EGS3012']);
  return formatDiagnostic(result.diagnostics[0]!);
}

const HEAD = 'name: t\nzones:\n  - id: vpc\n    kind: internal\n    cidrs: [10.0.0.0/8]\n';

describe('topology input limits', () => {
  it('refuses a file over the size limit', () => {
    const line = `# ${'x'.repeat(1000)}\n`;
    const text = HEAD + line.repeat(Math.ceil(TOPOLOGY_LIMITS.characters / line.length));
    expect(refused(text)).toMatch(
      /^topology\.yaml:1:1: error EGS3012: the topology is too large to read: a file of [\d,]+ characters \(the limit is 2,097,152 characters\)/,
    );
  });

  it('refuses a line over the length limit, naming its line', () => {
    const text = `${HEAD}nodes: [${'x, '.repeat(TOPOLOGY_LIMITS.lineLength / 3)}]\n`;
    expect(refused(text)).toMatch(
      /^topology\.yaml:6:1: error EGS3012: .*a line of 100,0\d\d characters/,
    );
  });

  it('refuses a million nested [ before parsing them', () => {
    const text = `name: t\nzones: ${`${'['.repeat(50_000)}\n`.repeat(20)}`;
    expect(refused(text)).toMatch(
      /^topology\.yaml:2:\d+: error EGS3012: .*nested 33 levels deep \(the limit is 32 levels\)/,
    );
  });

  it('counts block indentation and compact "- - -" entries as nesting', () => {
    const indented = (levels: number): string =>
      Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    expect(refused(indented(TOPOLOGY_LIMITS.depth + 1))).toMatch(/nested 33 levels deep/);
    expect(diagnostics(indented(TOPOLOGY_LIMITS.depth)).join('\n')).not.toMatch(/EGS3012/);
    expect(refused(`name: t\nzones:\n  ${'- '.repeat(40)}x\n`)).toMatch(/nested 33 levels deep/);
  });

  it('does not count brackets in quotes, plain text, comments or block scalars', () => {
    const text = [
      'name: t',
      'zones:',
      '  - id: vpc',
      '    kind: internal',
      `    label: "${'['.repeat(100)}"`,
      `  - id: dmz # ${'{'.repeat(100)}`,
      '    kind: external',
      `    label: it's a [${'['.repeat(100)} plain text`,
      `    cidrs: ['${'['.repeat(100)}']`,
      'nodes:',
      '  - id: n',
      '    kind: generic',
      '    zone: vpc',
      '    note: |',
      ...Array.from({ length: 60 }, (_, i) => `${' '.repeat(6 + i)}[[[[ step ${i}`),
      '',
    ].join('\n');
    expect(diagnostics(text).filter((d) => d.includes('EGS3012'))).toEqual([]);
  });

  it('refuses aliases that expand too often (a YAML alias bomb)', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    lines.push('name: bomb');
    expect(refused(lines.join('\n'))).toMatch(
      /^topology\.yaml:1:1: error EGS3012: the topology is too large to read: aliases \(\*name\) that expand too often \(the limit is 1,000 aliases\)/,
    );
  });

  it(
    'refuses more nodes than the limit, pointing at the first one over',
    { timeout: 120_000 },
    () => {
      const nodes = Array.from(
        { length: TOPOLOGY_LIMITS.nodes + 1 },
        (_, i) => `  - {id: n${i}, kind: generic, zone: vpc}`,
      );
      const text = `${HEAD}nodes:\n${nodes.join('\n')}\n`;
      expect(refused(text)).toMatch(
        /^topology\.yaml:20007:5: error EGS3012: the topology is too large to read: 20,001 nodes \(the limit is 20,000 nodes\); split the platform/,
      );
    },
  );

  it('refuses a list inside a node with more entries than the limit', () => {
    const addresses = Array.from(
      { length: TOPOLOGY_LIMITS.listEntries + 1 },
      (_, i) => `      - 10.0.${i >> 8}.${i & 255}`,
    );
    const text = `${HEAD}nodes:\n  - id: n\n    kind: generic\n    zone: vpc\n    addresses:\n${addresses.join('\n')}\n`;
    expect(refused(text)).toMatch(
      /error EGS3012: .*10,001 entries in one addresses list \(the limit is 10,000 entries\)/,
    );
  });
});
