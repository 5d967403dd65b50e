/**
 * The browser host (docs/architecture.md "Browser mode"): folders through the File System Access API
 * where the browser has it (Chromium), otherwise uploads and downloads.
 */
import { parseTopology } from '../../simulator/index.js';
import {
  archiveToProject,
  filesToProject,
  projectToFiles,
  type LooseFile,
} from './project-files.js';
import { forgetFolder, listRecentFolders, rememberFolder } from './recent-folders.js';
import {
  HostError,
  type OpenedProject,
  type OutputFile,
  type ProjectFiles,
  type ProjectHandle,
  type ProjectHost,
  type RecentProject,
  type SaveOutcome,
} from './project-host.js';
import { TEMPLATES, TEMPLATE_INFO } from './templates.js';
import { unzipFiles, zipFiles } from './zip.js';

/** The part of the File System Access API used here (not yet in TypeScript's DOM library). */
interface DirectoryPickerWindow {
  showDirectoryPicker?: (options?: {
    mode?: 'read' | 'readwrite';
    id?: string;
  }) => Promise<FileSystemDirectoryHandle>;
}

type IterableDirectoryHandle = FileSystemDirectoryHandle & {
  entries(): AsyncIterable<[string, FileSystemHandle]>;
};

/** Permission checks on a stored handle (Chromium; absent elsewhere). */
type PermissionedHandle = FileSystemDirectoryHandle & {
  queryPermission?(options: { mode: 'readwrite' }): Promise<PermissionState>;
  requestPermission?(options: { mode: 'readwrite' }): Promise<PermissionState>;
};

interface FolderHandle extends ProjectHandle {
  readonly host: 'browser-folder';
  readonly directory: FileSystemDirectoryHandle;
}

function isFolderHandle(h: ProjectHandle | null): h is FolderHandle {
  return h !== null && h.host === 'browser-folder';
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

async function readFolder(dir: FileSystemDirectoryHandle): Promise<LooseFile[]> {
  const out: LooseFile[] = [];
  for await (const [name, entry] of (dir as IterableDirectoryHandle).entries()) {
    if (entry.kind === 'file') {
      const file = await (entry as FileSystemFileHandle).getFile();
      out.push({ path: name, text: await file.text() });
    } else if (name === 'flows') {
      for await (const [flowName, flowEntry] of (entry as IterableDirectoryHandle).entries()) {
        if (flowEntry.kind !== 'file') continue;
        const file = await (flowEntry as FileSystemFileHandle).getFile();
        out.push({ path: `flows/${flowName}`, text: await file.text() });
      }
    }
  }
  return out;
}

async function writeFolder(dir: FileSystemDirectoryHandle, files: LooseFile[]): Promise<void> {
  for (const f of files) {
    const parts = f.path.split('/');
    let target = dir;
    for (const part of parts.slice(0, -1)) {
      target = await target.getDirectoryHandle(part, { create: true });
    }
    const handle = await target.getFileHandle(parts[parts.length - 1]!, { create: true });
    // createWritable writes to a swap file and replaces the original on close: a crash
    // never leaves a half-written file (docs/topology.md "Writes are atomic").
    const writable = await handle.createWritable();
    await writable.write(f.text);
    await writable.close();
  }
}

/** The picked file that is a zip archive, known by its signature (a download may lose its name). */
async function findArchive(files: readonly File[]): Promise<File | undefined> {
  for (const f of files) {
    const head = new Uint8Array(await f.slice(0, 4).arrayBuffer());
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return f;
  }
  return undefined;
}

async function readArchive(file: File): Promise<ProjectFiles> {
  const read = unzipFiles(new Uint8Array(await file.arrayBuffer()));
  if (!read.ok)
    throw new HostError(
      `"${file.name}" is not a readable zip archive (${read.error}): open an archive saved by Egress Studio, or the project's files.`,
    );
  return archiveToProject(
    file.name,
    read.files.map((f) => ({ path: f.path, text: f.content })),
  );
}

/** Loose files carry no folder name: the topology's name, as the rest of the app shows it. */
function looseProjectName(files: readonly LooseFile[]): string {
  const topology = files.find((f) => /^topology\.ya?ml$/.test(f.path));
  const name = topology ? parseTopology(topology.text).topology?.name : undefined;
  if (name) return name;
  const policy = files.find((f) => f.path.endsWith('.egress'));
  return policy ? policy.path.replace(/\.egress$/, '') : 'project';
}

function download(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function pickFiles(accept: string, multiple: boolean): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.dataset['testid'] = 'file-input';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = input.files ? [...input.files] : [];
      input.remove();
      resolve(files.length > 0 ? files : null);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.append(input);
    input.click();
  });
}

export class BrowserHost implements ProjectHost {
  readonly kind = 'browser' as const;

  get canWriteFolders(): boolean {
    return typeof (window as DirectoryPickerWindow).showDirectoryPicker === 'function';
  }

  listTemplates() {
    return TEMPLATE_INFO;
  }

  loadTemplate(id: string): ProjectFiles | null {
    return TEMPLATES.get(id) ?? null;
  }

  async openProject(): Promise<OpenedProject | null> {
    const picker = (window as DirectoryPickerWindow).showDirectoryPicker;
    if (picker) {
      let directory: FileSystemDirectoryHandle;
      try {
        directory = await picker({ mode: 'readwrite', id: 'egress-project' });
      } catch (e) {
        if (isAbort(e)) return null;
        throw e;
      }
      return this.openFolder(directory);
    }
    const picked = await pickFiles('.zip,.yaml,.yml,.egress,.csv,.jsonl', true);
    if (!picked) return null;
    const archive = await findArchive(picked);
    if (archive) return { files: await readArchive(archive), handle: null };
    const loose = await Promise.all(
      picked.map(async (f) => ({ path: f.name, text: await f.text() })),
    );
    return { files: filesToProject(looseProjectName(loose), loose), handle: null };
  }

  private async openFolder(directory: FileSystemDirectoryHandle): Promise<OpenedProject> {
    const files = filesToProject(directory.name, await readFolder(directory));
    const handle: FolderHandle = { host: 'browser-folder', label: directory.name, directory };
    await rememberFolder(directory);
    return { files, handle };
  }

  async listRecent(): Promise<RecentProject[]> {
    const recent = await listRecentFolders();
    return recent.map((r) => ({ id: r.name, name: r.name, openedAt: r.openedAt }));
  }

  async openRecent(id: string): Promise<OpenedProject | null> {
    const entry = (await listRecentFolders()).find((r) => r.name === id);
    if (!entry) return null;
    const directory = entry.handle as PermissionedHandle;
    let permission = (await directory.queryPermission?.({ mode: 'readwrite' })) ?? 'granted';
    if (permission !== 'granted') {
      permission = (await directory.requestPermission?.({ mode: 'readwrite' })) ?? 'denied';
    }
    if (permission !== 'granted') return null;
    try {
      return await this.openFolder(directory);
    } catch (e) {
      if (e instanceof HostError) throw e;
      // The folder was moved or deleted since: drop it from the list.
      await forgetFolder(id);
      throw new HostError(
        `“${id}” can no longer be read; it was removed from the recent projects.`,
      );
    }
  }

  async saveProject(files: ProjectFiles, handle: ProjectHandle | null): Promise<SaveOutcome> {
    const loose = projectToFiles(files);
    let target = isFolderHandle(handle) ? handle : null;
    const picker = (window as DirectoryPickerWindow).showDirectoryPicker;
    if (!target && picker) {
      try {
        const directory = await picker({ mode: 'readwrite', id: 'egress-project' });
        target = { host: 'browser-folder', label: directory.name, directory };
      } catch (e) {
        if (isAbort(e)) return { status: 'cancelled' };
        throw e;
      }
    }
    if (target) {
      try {
        await writeFolder(target.directory, loose);
        await rememberFolder(target.directory);
      } catch (e) {
        throw new HostError(
          `Could not write to "${target.label}": ${e instanceof Error ? e.message : String(e)}. Check the folder's permissions and save again.`,
        );
      }
      return { status: 'written', handle: target, location: target.label };
    }
    // No folder to write to: the whole project as one archive, opened whole by Open.
    const name = `${files.name}.zip`;
    download(
      name,
      zipFiles(loose.map((f) => ({ path: `${files.name}/${f.path}`, content: f.text }))),
      'application/zip',
    );
    return { status: 'downloaded', location: name };
  }

  async writeOutputs(suggestedName: string, files: OutputFile[]): Promise<SaveOutcome> {
    const name = `${suggestedName}.zip`;
    download(
      name,
      zipFiles(files.map((f) => ({ path: `${suggestedName}/${f.path}`, content: f.content }))),
      'application/zip',
    );
    return { status: 'downloaded', location: name };
  }

  async openTextFile(extensions: string[]): Promise<{ name: string; text: string } | null> {
    const picked = await pickFiles(extensions.map((e) => `.${e}`).join(','), false);
    const file = picked?.[0];
    return file ? { name: file.name, text: await file.text() } : null;
  }
}
