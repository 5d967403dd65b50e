/**
 * The README's example policy is what users copy first: it must be canonically formatted
 * (what `egress fmt --check` accepts), check cleanly against the project it is taken from,
 * and say what that project's policy says.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy, formatPolicy } from '../../simulator/language/index.js';
import { parseTopology } from '../../simulator/topology/index.js';

const repo = resolve(import.meta.dirname, '../..');

/** The first ```egress block of a Markdown text, with its final newline. */
function firstEgressBlock(markdown: string): string {
  const match = /^```egress\n([\s\S]*?)^```$/m.exec(markdown);
  if (!match) throw new Error('no ```egress block');
  return match[1]!;
}

it('the first example of docs/language.md is canonically formatted and checks', () => {
  const example = firstEgressBlock(readFileSync(join(repo, 'docs/language.md'), 'utf8'));
  expect(formatPolicy(example).text).toBe(example);
  expect(checkPolicy(example).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
});

describe('the README example policy', () => {
  const example = firstEgressBlock(readFileSync(join(repo, 'README.md'), 'utf8'));

  it('is canonically formatted', () => {
    const formatted = formatPolicy(example);
    expect(formatted.diagnostics).toEqual([]);
    expect(formatted.text).toBe(example);
  });

  it('checks without errors or warnings against the topology of policies/ml-training', () => {
    const yaml = readFileSync(join(repo, 'policies/ml-training/topology.yaml'), 'utf8');
    const { topology } = parseTopology(yaml);
    expect(topology).not.toBeNull();
    const checked = checkPolicy(example, { topology: topology ?? undefined });
    expect(checked.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it('quotes rules of policies/ml-training as they are written there', () => {
    const project = readFileSync(join(repo, 'policies/ml-training/policy.egress'), 'utf8');
    const rules = example.split('\n').filter((line) => /^(allow|deny|hosts|nets) /.test(line));
    expect(rules.length).toBeGreaterThan(3);
    expect(rules.filter((line) => !project.includes(line))).toEqual([]);
  });
});
