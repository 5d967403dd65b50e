import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { expect, test } from './fixtures.js';

/**
 * An in-memory stand-in for the File System Access API, installed before the app loads:
 * the folder picker returns one directory whose files the test can read back.
 */
function installFakeFolder(): void {
  type Dir = {
    kind: 'directory';
    name: string;
    files: Map<string, string>;
    dirs: Map<string, Dir>;
  };
  const makeDir = (name: string): Dir => ({
    kind: 'directory',
    name,
    files: new Map(),
    dirs: new Map(),
  });
  const root = makeDir('my-platform');
  const fileHandle = (dir: Dir, name: string) => ({
    kind: 'file',
    name,
    getFile: async () => new File([dir.files.get(name) ?? ''], name),
    createWritable: async () => {
      let buffer = '';
      return {
        write: async (text: string) => {
          buffer += text;
        },
        close: async () => {
          dir.files.set(name, buffer);
        },
      };
    },
  });
  const dirHandle = (dir: Dir): unknown => ({
    kind: 'directory',
    name: dir.name,
    async *entries() {
      for (const name of dir.files.keys()) yield [name, fileHandle(dir, name)];
      for (const [name, sub] of dir.dirs) yield [name, dirHandle(sub)];
    },
    getDirectoryHandle: async (name: string) => {
      if (!dir.dirs.has(name)) dir.dirs.set(name, makeDir(name));
      return dirHandle(dir.dirs.get(name)!);
    },
    getFileHandle: async (name: string) => fileHandle(dir, name),
  });
  const w = window as unknown as Record<string, unknown>;
  w['showDirectoryPicker'] = async () => dirHandle(root);
  w['__fakeFolder'] = () => Object.fromEntries(root.files);
}

test('save to a folder and reopen it unchanged', async ({ app, page }) => {
  await page.addInitScript(installFakeFolder);
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 200 });
  await app.dropFromPalette('package-index', { x: 760, y: 200 });
  await app.connect('notebook', 'package-index');
  await page.getByTestId('connect-confirm').click();
  await expect(page.getByTestId('dirty-indicator')).toBeVisible();

  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('dirty-indicator')).toHaveCount(0);
  await expect(page.getByTestId('status-bar')).toContainText('Folder: my-platform');
  const first = (await page.evaluate('window.__fakeFolder()')) as Record<string, string>;
  expect(Object.keys(first).sort()).toEqual(['policy.egress', 'topology.yaml']);
  expect(first['topology.yaml']).toContain('package-index');
  expect(first['topology.yaml']!.endsWith('\n')).toBe(true);

  // Change something, then reopen the folder: the app asks before discarding the change.
  await app.node('notebook').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('dirty-indicator')).toBeVisible();
  await page.getByTestId('cmd-open').click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await page.getByTestId('confirm-discard').click();
  await expect(app.node('notebook')).toBeVisible();
  await expect(page.getByTestId('edge-label-0')).toHaveText('tcp/443');
  await expect(page.getByTestId('project-name')).toHaveText('my-platform');
  await expect(page.getByTestId('dirty-indicator')).toHaveCount(0);

  // Saving the reopened project rewrites identical bytes (docs/topology.md).
  await page.getByTestId('cmd-save').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Saved to my-platform');
  const second = (await page.evaluate('window.__fakeFolder()')) as Record<string, string>;
  expect(second).toEqual(first);
});

test('without the File System Access API, Save downloads the whole project as one archive that Open reads back whole', async ({
  app,
  page,
}) => {
  await page.addInitScript(() => {
    delete (window as unknown as Record<string, unknown>)['showDirectoryPicker'];
  });
  await app.open();
  const topology = readFileSync('policies/ml-training/topology.yaml', 'utf8');
  const policy = readFileSync('policies/ml-training/policy.egress', 'utf8');
  const flows = 'src,host,ip,proto,port,method,path\ntrainer,pypi.org,,tcp,443,,\n';
  const archive = zipSync({
    'lab-a/topology.yaml': strToU8(topology),
    'lab-a/policy.egress': strToU8(policy),
    'lab-a/flows/day1.csv': strToU8(flows),
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await app.confirmDiscardIfAsked();
  await (
    await chooser
  ).setFiles({ name: 'lab-a.zip', mimeType: 'application/zip', buffer: Buffer.from(archive) });
  await expect(page.getByTestId('project-name')).toHaveText('lab-a');
  await expect(page.getByTestId('node-trainer')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByTestId('cmd-save').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('lab-a.zip');
  await expect(page.getByTestId('toast-success')).toContainText('Downloaded');
  await expect(page.getByTestId('dirty-indicator')).toHaveCount(0);
  const entries = unzipSync(readFileSync((await saved.path())!));
  expect(Object.keys(entries).sort()).toEqual([
    'lab-a/flows/day1.csv',
    'lab-a/policy.egress',
    'lab-a/topology.yaml',
  ]);
  expect(strFromU8(entries['lab-a/flows/day1.csv']!)).toBe(flows);
  expect(strFromU8(entries['lab-a/policy.egress']!)).toBe(policy);

  // Reopening the download gives the same project under the same name.
  await app.newBlankProject();
  const again = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await app.confirmDiscardIfAsked();
  await (await again).setFiles((await saved.path())!);
  await expect(page.getByTestId('project-name')).toHaveText('lab-a');
  await expect(page.getByTestId('node-trainer')).toBeVisible();
  await app.screenshot('browser-archive-reopened');
});
