/**
 * The desktop host (docs/architecture.md "Desktop"): the same `ProjectHost` as in the browser, backed by
 * the preload's task API (`window.egressStudio`). Folders are chosen in the main process's
 * own dialogs; this side only ever passes back a folder main handed it. Templates stay in
 * the renderer, bundled at build time like in the browser.
 */
import type { DesktopApi } from '../../main/ipc/desktop-api.js';
import type { CommitDto, ExportDto, OpenedProjectDto } from '../../main/ipc/responses.js';
import {
  HostError,
  type HostCommand,
  type OpenedProject,
  type OutputFile,
  type ProjectFiles,
  type ProjectHandle,
  type ProjectHost,
  type RecentProject,
  type SaveOutcome,
} from './project-host.js';
import { TEMPLATES, TEMPLATE_INFO } from './templates.js';

interface DesktopHandle extends ProjectHandle {
  readonly host: 'desktop-folder';
  /** The folder main opened or saved the project in. */
  readonly folder: string;
}

function isDesktopHandle(h: ProjectHandle | null): h is DesktopHandle {
  return h !== null && h.host === 'desktop-folder';
}

function handleFor(folder: string): DesktopHandle {
  return { host: 'desktop-folder', label: folder, folder };
}

/** Errors from main are already written for the user; they become `HostError`s. */
async function task<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new HostError(error instanceof Error ? error.message : String(error));
  }
}

function opened(dto: OpenedProjectDto | null): OpenedProject | null {
  if (dto === null) return null;
  // Unreadable flow samples do not stop a project from opening; the app tells the user.
  return { files: dto.files, handle: handleFor(dto.folder), warnings: dto.warnings };
}

export function describeCommit(commit: CommitDto | null): string {
  if (commit === null) return '';
  switch (commit.status) {
    case 'committed':
      return ` and committed as ${commit.hash}`;
    case 'nothing-to-commit':
      return '; nothing new to commit';
    case 'declined':
      return ' (not committed)';
    case 'failed':
      return `, but the commit failed: ${commit.message}`;
  }
}

function describeExport(result: Extract<ExportDto, { status: 'written' }>): string {
  const parts = [`${result.written.length} written`];
  if (result.unchanged.length > 0) parts.push(`${result.unchanged.length} unchanged`);
  if (result.replaced.length > 0) parts.push(`${result.replaced.length} replaced`);
  return `${result.folder} (${parts.join(', ')})${describeCommit(result.commit)}`;
}

export class DesktopHost implements ProjectHost {
  readonly kind = 'desktop' as const;
  readonly canWriteFolders = true;

  constructor(private readonly api: DesktopApi) {}

  listTemplates() {
    return TEMPLATE_INFO;
  }

  loadTemplate(id: string): ProjectFiles | null {
    return TEMPLATES.get(id) ?? null;
  }

  async openProject(): Promise<OpenedProject | null> {
    return opened(await task(() => this.api.openProjectFolder()));
  }

  async listRecent(): Promise<RecentProject[]> {
    try {
      return await this.api.listRecentProjects();
    } catch {
      // The list is a convenience: failing to read it must not break the New dialog.
      return [];
    }
  }

  async openRecent(id: string): Promise<OpenedProject | null> {
    return opened(await task(() => this.api.openRecentProject(id)));
  }

  async saveProject(files: ProjectFiles, handle: ProjectHandle | null): Promise<SaveOutcome> {
    const folder = isDesktopHandle(handle) ? handle.folder : null;
    const result = await task(() => this.api.saveProject(folder, files));
    if (result.status === 'cancelled') return result;
    return { status: 'written', handle: handleFor(result.folder), location: result.folder };
  }

  async writeOutputs(suggestedName: string, files: OutputFile[]): Promise<SaveOutcome> {
    const result = await task(() => this.api.exportToFolder(suggestedName, files));
    if (result.status === 'cancelled') return result;
    return {
      status: 'written',
      handle: handleFor(result.folder),
      location: describeExport(result),
    };
  }

  async openTextFile(extensions: string[]): Promise<{ name: string; text: string } | null> {
    return task(() => this.api.openTextFile(extensions));
  }

  onCommand(listener: (command: HostCommand) => void): () => void {
    return this.api.onCommand(listener);
  }

  /** Shows a file or folder the user opened, saved or exported in the system file manager. */
  async revealInFileManager(path: string): Promise<void> {
    await task(() => this.api.revealInFileManager(path));
  }

  async appVersion(): Promise<string> {
    return (await task(() => this.api.appVersion())).version;
  }
}
