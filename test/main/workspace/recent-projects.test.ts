import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECENT_LIMIT, RecentProjects } from '../../../main/workspace/recent-projects.js';
import { tempDir } from '../temp-dir.js';

describe('recent projects', () => {
  it('keeps the most recent first, without duplicates, up to the limit, across runs', async () => {
    const file = join(await tempDir(), 'recent-projects.json');
    let now = 1000;
    const recent = new RecentProjects(file, () => now++);
    expect(await recent.load()).toBeNull();
    for (let i = 0; i < RECENT_LIMIT + 2; i++) await recent.add(`/p/project-${i}`);
    await recent.add('/p/project-5');
    expect(recent.list()).toHaveLength(RECENT_LIMIT);
    expect(recent.list()[0]).toEqual({ path: '/p/project-5', name: 'project-5', openedAt: 1012 });
    expect(recent.list().filter((e) => e.path === '/p/project-5')).toHaveLength(1);

    const again = new RecentProjects(file);
    expect(await again.load()).toBeNull();
    expect(again.list()).toEqual(recent.list());
  });

  it.each([
    ['not JSON', '{'],
    [
      'a relative path',
      JSON.stringify({ version: 1, entries: [{ path: 'rel', name: 'x', openedAt: 1 }] }),
    ],
    ['an extra field', JSON.stringify({ version: 1, entries: [], evil: true })],
    ['a wrong version', JSON.stringify({ version: 2, entries: [] })],
  ])('ignores a damaged file (%s) and starts empty', async (_why, text) => {
    const file = join(await tempDir(), 'recent-projects.json');
    await writeFile(file, text);
    const recent = new RecentProjects(file);
    expect(await recent.load()).toMatch(/not JSON|invalid/);
    expect(recent.list()).toEqual([]);
    await recent.add('/p/a');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });
});
