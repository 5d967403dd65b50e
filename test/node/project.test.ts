/**
 * Projects on disk (docs/topology.md): loading folders and single policy files from temporary
 * folders, every refusal as an EGS6xxx diagnostic, atomic writes and change-only saves.
 */
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/core/model.js';
import { formatDiagnostic } from '../../simulator/diagnostics/define.js';
import { loadProject, saveProject, writeFileAtomic } from '../../simulator/node/index.js';
import { MAX_PROJECT_FILE_BYTES } from '../../simulator/node/index.js';

const TOPOLOGY = `version: 1
name: small
zones:
  - id: vpc
    kind: internal
    cidrs: [10.0.0.0/16]
nodes:
  - id: app
    kind: inference-service
    zone: vpc
    addresses: [10.0.1.5]
`;
const POLICY = 'policy small\n\nallow web from node:app to any on tcp/443\n';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egress-project-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function project(files: Record<string, string | Uint8Array>, name = 'proj'): Promise<string> {
  const root = join(dir, name);
  await mkdir(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

async function loadError(path: string): Promise<string> {
  const result = await loadProject(path);
  if (result.ok) throw new Error(`expected ${path} to fail`);
  return formatDiagnostic(result.error);
}

describe('loadProject', () => {
  it('loads a folder: policy, topology, flows', async () => {
    const root = await project({
      'topology.yaml': TOPOLOGY,
      'policy.egress': POLICY,
      'flows/b.jsonl': '{}\n',
      'flows/a.csv': 'src,host,ip,proto,port,method,path\n',
      'flows/.hidden': 'x',
      'flows/nested/c.csv': 'x',
    });
    const result = await loadProject(root);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.diagnostics).toEqual([]);
    const p = result.project;
    expect(p).toMatchObject({
      dir: root,
      name: 'proj',
      policyFile: 'policy.egress',
      policyPath: join(root, 'policy.egress'),
      policyText: POLICY,
      topologyFile: 'topology.yaml',
      topologyPath: join(root, 'topology.yaml'),
      topologyText: TOPOLOGY,
    });
    expect(p.topology?.nodes.map((n) => n.id)).toEqual(['app']);
    expect(p.flowFiles).toEqual([join(root, 'flows', 'a.csv'), join(root, 'flows', 'b.jsonl')]);
  });

  it('loads a folder without topology or flows', async () => {
    const root = await project({ 'policy.egress': POLICY });
    const result = await loadProject(root);
    expect(result.ok && result.project.topology).toBeUndefined();
    expect(result.ok && result.project.flowFiles).toEqual([]);
  });

  it('uses the only .egress file of a folder whatever its name', async () => {
    const root = await project({ 'egress-rules.egress': POLICY });
    const result = await loadProject(root);
    expect(result.ok && result.project.policyFile).toBe('egress-rules.egress');
  });

  it('prefers policy.egress and warns that the others are ignored', async () => {
    const root = await project({ 'policy.egress': POLICY, 'old.egress': POLICY });
    const result = await loadProject(root);
    expect(result.ok && result.project.policyFile).toBe('policy.egress');
    expect(result.ok && result.diagnostics.map(formatDiagnostic)).toEqual([
      `${join(root, 'old.egress')}: warning EGS6005: the project uses policy.egress; ignored: old.egress; move other policies to their own project folders`,
    ]);
  });

  it('loads a single .egress file as a project without topology', async () => {
    const root = await project({ 'gateway.egress': POLICY, 'topology.yaml': TOPOLOGY });
    const result = await loadProject(join(root, 'gateway.egress'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.project).toEqual({
      dir: root,
      name: 'gateway',
      policyFile: 'gateway.egress',
      policyPath: join(root, 'gateway.egress'),
      policyText: POLICY,
      flowFiles: [],
    });
  });

  it('passes on topology diagnostics, with the topology as far as it could be read', async () => {
    const root = await project({
      'topology.yaml': TOPOLOGY.replace('zone: vpc', 'zone: vcp'),
      'policy.egress': POLICY,
    });
    const result = await loadProject(root);
    expect(result.ok && result.diagnostics.map(formatDiagnostic)).toEqual([
      'topology.yaml:10:11: nodes[0].zone: error EGS3106: unknown zone "vcp" (did you mean "vpc"?)',
    ]);
    expect(result.ok && result.project.topology?.nodes[0]?.zone).toBe('vcp');
  });

  it('refuses a missing path', async () => {
    const path = join(dir, 'nope');
    expect(await loadError(path)).toBe(
      `${path}: error EGS6001: no such file or folder: ${path}; give a project folder (topology.yaml, policy.egress, flows/) or a single .egress file`,
    );
  });

  it('refuses a file that is not a policy, and points from topology.yaml to its folder', async () => {
    const root = await project({ 'topology.yaml': TOPOLOGY, 'notes.txt': 'hi' });
    expect(await loadError(join(root, 'notes.txt'))).toMatch(
      /error EGS6002: .*notes\.txt is neither a project folder nor a \.egress file; give a project folder/,
    );
    expect(await loadError(join(root, 'topology.yaml'))).toContain(
      `give the folder that holds it (${root})`,
    );
  });

  it('refuses a folder without a policy', async () => {
    const root = await project({ 'topology.yaml': TOPOLOGY });
    expect(await loadError(root)).toBe(
      `${root}: error EGS6003: no policy in ${root}: the folder has no .egress file; add a policy.egress (the examples in policies/ show the layout)`,
    );
  });

  it('refuses a folder with several policies and no policy.egress', async () => {
    const root = await project({ 'a.egress': POLICY, 'b.egress': POLICY });
    expect(await loadError(root)).toContain('error EGS6004: ');
    expect(await loadError(root)).toContain('(a.egress, b.egress)');
  });

  it('refuses binary and non-UTF-8 files, naming them', async () => {
    const binary = await project({ 'policy.egress': new Uint8Array([0x70, 0x00, 0x01]) }, 'bin');
    expect(await loadError(binary)).toBe(
      `${join(binary, 'policy.egress')}: error EGS6102: ${join(binary, 'policy.egress')} is a binary file, not text; a project holds text files: replace it with the UTF-8 text it should contain`,
    );
    const latin1 = await project(
      {
        'policy.egress': POLICY,
        'topology.yaml': new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]),
      },
      'latin1',
    );
    expect(await loadError(latin1)).toMatch(
      /topology\.yaml: error EGS6103: .*topology\.yaml is not valid UTF-8 text; save it with the UTF-8 encoding$/,
    );
  });

  it('drops a UTF-8 byte-order mark', async () => {
    const root = await project({ 'policy.egress': `\uFEFF${POLICY}` });
    const result = await loadProject(root);
    expect(result.ok && result.project.policyText).toBe(POLICY);
  });

  it('refuses a policy that is a folder, and a file too large to be a project file', async () => {
    const folder = await project({ 'policy.egress/readme.txt': 'x' }, 'folder');
    expect(await loadError(folder)).toContain('error EGS6101: cannot read');
    expect(await loadError(folder)).toContain('it is a folder, not a file');

    const large = await project({ 'policy.egress': POLICY, 'topology.yaml': '' }, 'large');
    await truncate(join(large, 'topology.yaml'), MAX_PROJECT_FILE_BYTES + 1); // sparse: cheap
    expect(await loadError(large)).toContain('error EGS6104: ');
  });

  it('warns when flows/ is not a folder', async () => {
    const root = await project({ 'policy.egress': POLICY, flows: 'not a folder' });
    const result = await loadProject(root);
    expect(result.ok && result.project.flowFiles).toEqual([]);
    expect(result.ok && result.diagnostics.map((d) => d.code)).toEqual(['EGS6006']);
  });
});

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temporary file behind', async () => {
    const path = join(dir, 'out.txt');
    await writeFileAtomic(path, 'first\n');
    await writeFileAtomic(path, 'second\n');
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect(await readdir(dir)).toEqual(['out.txt']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const path = join(dir, 'script.sh');
    await writeFile(path, 'old');
    await chmod(path, 0o751);
    await writeFileAtomic(path, 'new');
    expect((await stat(path)).mode & 0o777).toBe(0o751);
  });

  it('throws the file system error and leaves nothing when it cannot write', async () => {
    const path = join(dir, 'missing-folder', 'out.txt');
    await expect(writeFileAtomic(path, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('cleans up its temporary file when the rename fails', async () => {
    const target = join(dir, 'occupied');
    await mkdir(join(target, 'child'), { recursive: true }); // a non-empty folder cannot be replaced
    await expect(writeFileAtomic(target, 'x')).rejects.toBeDefined();
    expect(await readdir(dir)).toEqual(['occupied']);
  });
});

describe('saveProject', () => {
  const topology: Topology = {
    version: 1,
    name: 'small',
    zones: [{ id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] }],
    nodes: [
      {
        id: 'app',
        kind: 'inference-service',
        zone: 'vpc',
        roles: [],
        addresses: ['10.0.1.5'],
        hosts: [],
      },
    ],
    edges: [],
  };

  it('writes a new project, then nothing when nothing changed', async () => {
    const root = join(dir, 'new-project');
    const first = await saveProject(root, { topology, policyText: POLICY });
    expect(first).toEqual({
      ok: true,
      written: [join(root, 'topology.yaml'), join(root, 'policy.egress')],
      unchanged: [],
    });
    expect(await readFile(join(root, 'topology.yaml'), 'utf8')).toBe(TOPOLOGY);
    const before = (await stat(join(root, 'topology.yaml'))).mtimeMs;

    const second = await saveProject(root, { topology, policyText: POLICY });
    expect(second).toMatchObject({ ok: true, written: [] });
    expect((await stat(join(root, 'topology.yaml'))).mtimeMs).toBe(before);
  });

  it('writes only the file whose bytes changed, under its own name', async () => {
    const root = await project({ 'topology.yaml': TOPOLOGY, 'rules.egress': POLICY });
    const result = await saveProject(root, {
      topology,
      policyText: `${POLICY}# more\n`,
      policyFile: 'rules.egress',
    });
    expect(result).toMatchObject({ ok: true, written: [join(root, 'rules.egress')] });
    expect(await readdir(root)).toEqual(['rules.egress', 'topology.yaml']);
  });

  it('leaves topology.yaml alone when there is no topology', async () => {
    const root = await project({ 'topology.yaml': 'kept: as is\n', 'policy.egress': POLICY });
    await saveProject(root, { policyText: POLICY });
    expect(await readFile(join(root, 'topology.yaml'), 'utf8')).toBe('kept: as is\n');
  });

  it('reports a folder it cannot write as EGS6201', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const result = await saveProject(join(file, 'project'), { policyText: POLICY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('EGS6201');
    expect(result.error.message).toContain('cannot write');
  });
});
