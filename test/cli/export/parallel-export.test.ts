/**
 * `egress export --target all` on worker threads (simulator/cli/export/parallel-export.ts)
 * against the same command exporting in its own thread, one target after another: on every
 * example, the same files byte for byte and the same report. Three threads are forced, so the
 * queue is shared whatever the machine's cores.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEgress } from '../run-egress.js';

const repo = resolve(import.meta.dirname, '../../..');
const EXAMPLES = readdirSync(join(repo, 'policies'));
const work = mkdtempSync(join(tmpdir(), 'egress-parallel-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'latin1');
    }
  };
  walk(root);
  return files;
}

describe('export --target all on worker threads', () => {
  it.each(EXAMPLES)('writes %s as the single-threaded export does', (example) => {
    const project = join(work, example);
    cpSync(join(repo, 'policies', example), project, { recursive: true });
    const run = (threads: string) => {
      const out = join(work, `${example}-${threads}`);
      const r = runEgress(['export', project, '--target', 'all', '--out', out, '--verbose'], {
        env: { EGRESS_EXPORT_THREADS: threads },
      });
      expect(r.code, r.stderr).toBe(0);
      // The report names the folder: the same words once it is taken out.
      return { files: tree(out), report: r.stdout.split(out).join('OUT') };
    };
    const alone = run('1');
    const threads = run('3');
    expect(Object.keys(alone.files).length).toBeGreaterThan(20);
    expect(Object.keys(threads.files)).toEqual(Object.keys(alone.files));
    for (const [path, content] of Object.entries(alone.files))
      expect(threads.files[path], path).toBe(content);
    expect(threads.report).toBe(alone.report);
  });
});
