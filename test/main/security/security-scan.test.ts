/**
 * `npm run security`: every electronegativity finding in main/ is fixed or justified, and a
 * finding the justifications do not name fails the scan, whatever its severity.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../../..');

function scan(...args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'scripts/electronegativity.mjs'), ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout };
}

describe('security scan', () => {
  it('passes main/, where every finding is justified', () => {
    const r = scan();
    expect(r.stdout).toMatch(/ 0 not justified, 0 stale, 0 unparsed file\(s\)$/m);
    expect(r.code).toBe(0);
  });

  it('fails on a medium finding that no justification names', () => {
    const r = scan(join(repo, 'test/main/security/fixtures/unjustified-finding'));
    expect(r.stdout).toMatch(/^MEDIUM .* OPEN_EXTERNAL_JS_CHECK {2}open-link\.js:4:9$/m);
    expect(r.stdout).toContain('NOT JUSTIFIED');
    expect(r.code).toBe(1);
  });
});
