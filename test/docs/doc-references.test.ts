/**
 * The repository explains itself: every `docs/NAME.md "Section"` that a source file, test or
 * document cites is a heading of that document, every document it names exists, and no file
 * sends readers to a document outside the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from '../../simulator/topology/catalog.js';

const repo = resolve(import.meta.dirname, '../..');
const SOURCES = ['simulator', 'renderer', 'main', 'scripts', 'test', 'bench', 'docs', 'policies'];
const TEXT = /\.(ts|tsx|mts|mjs|cjs|js|md|yaml|css|html)$/;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return TEXT.test(name) ? [path] : [];
  });
}

const sources = [
  ...SOURCES.flatMap((d) => files(join(repo, d))),
  join(repo, 'README.md'),
  join(repo, 'CONTRIBUTING.md'),
].filter((f) => existsSync(f));

function headings(doc: string): Set<string> {
  // A `# comment` inside a fenced block is not a heading.
  const text = readFileSync(join(repo, doc), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase()));
}

/** A document name followed by quoted section names, with or without a comma: the quoted names after a document's name. */
function citations(text: string): { doc: string; section: string }[] {
  const out: { doc: string; section: string }[] = [];
  for (const m of text.matchAll(/(docs\/[a-z-]+\.md),? ((?:"[^"\n]+"(?:,? (?:and )?)?)+)/g)) {
    for (const s of m[2]!.matchAll(/"([^"\n]+)"/g)) out.push({ doc: m[1]!, section: s[1]! });
  }
  return out;
}

describe('documents cited by the repository', () => {
  it('every cited document exists', () => {
    const missing = new Set<string>();
    for (const file of sources) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bdocs\/[a-z-]+\.md/g)) {
        if (!existsSync(join(repo, m[0]))) missing.add(`${relative(repo, file)}: ${m[0]}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('every cited section is a heading of its document', () => {
    const missing: string[] = [];
    for (const file of sources) {
      for (const { doc, section } of citations(readFileSync(file, 'utf8'))) {
        if (!existsSync(join(repo, doc))) continue;
        if (!headings(doc).has(section.toLowerCase())) {
          missing.push(`${relative(repo, file)}: ${doc} "${section}"`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('no file cites a document outside the repository', () => {
    const outside = sources
      .filter((f) => !f.endsWith('doc-references.test.ts'))
      .filter((f) => /\bSPEC(\.md| §)|STYLE\.md|\.\.\/shared\//.test(readFileSync(f, 'utf8')))
      .map((f) => relative(repo, f));
    expect(outside).toEqual([]);
  });

  it('docs/topology.md lists every node kind of the catalog', () => {
    const doc = readFileSync(join(repo, 'docs/topology.md'), 'utf8');
    const missing = NODE_KINDS.filter((k) => !doc.includes(`| \`${k.kind}\` | ${k.label} |`));
    expect(missing.map((k) => k.kind)).toEqual([]);
  });
});
