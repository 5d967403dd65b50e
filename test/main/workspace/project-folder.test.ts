import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProjectFolder, saveProjectFolder } from '../../../main/workspace/project-folder.js';
import { WorkspaceError } from '../../../main/workspace/workspace-error.js';
import { tempDir } from '../temp-dir.js';

const TEMPLATE = new URL('../../../policies/rag-app', import.meta.url).pathname;

async function copyOfTemplate(): Promise<string> {
  const dir = join(await tempDir(), 'rag-app');
  await cp(TEMPLATE, dir, { recursive: true });
  return dir;
}

describe('project folders', () => {
  it('opens a folder with the engine loader, flows included', async () => {
    const dir = await copyOfTemplate();
    await mkdir(join(dir, 'flows'));
    await writeFile(join(dir, 'flows', 'b.jsonl'), '{}\n');
    await writeFile(join(dir, 'flows', 'a.csv'), 'src,dst\n');
    await writeFile(join(dir, 'flows', 'README.md'), 'not a sample\n');
    await writeFile(join(dir, 'flows', 'bad.csv'), Buffer.from([0x61, 0x00, 0x62]));
    const opened = await openProjectFolder(dir);
    expect(opened.folder).toBe(dir);
    expect(opened.files.name).toBe('rag-app');
    expect(opened.files.policyFile).toBe('policy.egress');
    expect(opened.files.policyText).toBe(await readFile(join(dir, 'policy.egress'), 'utf8'));
    expect(opened.files.topologyText).toBe(await readFile(join(dir, 'topology.yaml'), 'utf8'));
    expect(opened.files.flows.map((f) => f.name)).toEqual(['a.csv', 'b.jsonl']);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toContain('flows/bad.csv');
  });

  it('opens a single .egress file, saving next to it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'edge.egress'), 'policy edge\n');
    const opened = await openProjectFolder(join(dir, 'edge.egress'));
    expect(opened).toMatchObject({ folder: dir, files: { name: 'edge', topologyText: null } });
  });

  it('refuses a folder that is not a project with the engine diagnostic', async () => {
    const e = await openProjectFolder(await tempDir()).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WorkspaceError);
    expect((e as WorkspaceError).code).toBe('not-a-project');
    expect((e as Error).message).toMatch(/EGS6\d{3}/);
  });

  it('saves deterministically: an unchanged project rewrites nothing', async () => {
    const dir = await copyOfTemplate();
    const { files } = await openProjectFolder(dir);
    const before = (await stat(join(dir, 'policy.egress'))).mtimeMs;
    expect(await saveProjectFolder(dir, files)).toEqual([]);
    expect((await stat(join(dir, 'policy.egress'))).mtimeMs).toBe(before);

    const changed = { ...files, policyText: files.policyText + '\n# reviewed\n' };
    expect(await saveProjectFolder(dir, changed)).toEqual(['policy.egress']);
    expect(await readFile(join(dir, 'policy.egress'), 'utf8')).toBe(changed.policyText);
  });

  it('writes the canonical topology bytes and refuses a topology that is not YAML', async () => {
    const dir = await tempDir();
    const { files } = await openProjectFolder(await copyOfTemplate());
    expect(await saveProjectFolder(dir, files)).toEqual(['topology.yaml', 'policy.egress']);
    expect(await readFile(join(dir, 'topology.yaml'), 'utf8')).toBe(files.topologyText);
    const e = await saveProjectFolder(dir, { ...files, topologyText: 'a: [' }).catch(
      (err: unknown) => err,
    );
    expect((e as WorkspaceError).message).toContain('The topology could not be saved');
  });
});
