/**
 * What each IPC task does, in plain Node: dialogs, the granted folders, the recent list,
 * the workspace service and git come in as dependencies, so the rules (which path may be
 * touched, when to ask) are tested without Electron.
 */
import { realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readProjectText } from '../../simulator/node/index.js';
import { formatDiagnostic } from '../../simulator/index.js';
import { exportCommitMessage } from '../workspace/commit-message.js';
import { exportFiles, type ExportFilesResult } from '../workspace/export-files.js';
import type { RunGit } from '../workspace/git-cli.js';
import { commitFiles, findRepository } from '../workspace/git-commit.js';
import type { GrantedRoots } from '../workspace/granted-roots.js';
import { KnownFiles } from '../workspace/known-files.js';
import {
  checkProjectFolder,
  openProjectFolder,
  projectFileContents,
  saveProjectFolder,
  type ProjectTexts,
} from '../workspace/project-folder.js';
import type { RecentProjects } from '../workspace/recent-projects.js';
import { WorkspaceError, errorMessage } from '../workspace/workspace-error.js';
import type { DesktopDialogs } from './desktop-dialogs.js';
import type { TaskHandlers } from './dispatcher.js';
import type { AppVersionDto, CommitDto, OpenedProjectDto } from './responses.js';

export interface TaskDependencies {
  dialogs: DesktopDialogs;
  roots: GrantedRoots;
  recent: RecentProjects;
  git: RunGit;
  reveal(path: string): void;
  version: AppVersionDto;
  /** Called after the recent list changed, so main can rebuild the menu. */
  onRecentChanged(): void;
}

export function createTaskHandlers(deps: TaskDependencies): TaskHandlers {
  const { dialogs, roots, recent } = deps;
  const known = new KnownFiles();

  const remember = async (path: string): Promise<void> => {
    await recent.add(path);
    deps.onRecentChanged();
  };

  /**
   * Opens a path the user gave (folder or `.egress` file) and records it as recent. Exactly
   * that path is granted: a folder, or a file with the project files the app writes beside it.
   */
  const open = async (path: string): Promise<OpenedProjectDto> => {
    const opened = await openProjectFolder(path);
    await roots.grant(path);
    const folder = await realpath(opened.folder);
    for (const file of opened.read) known.remember(join(folder, file.name), file.text);
    await remember(path);
    return { folder: opened.folder, files: opened.files, warnings: opened.warnings };
  };

  /**
   * Saves into `folder` after checking that a grant covers every file written, and asks
   * before replacing a file whose content the app did not read or write in this session.
   */
  const save = async (folder: string, project: ProjectTexts): Promise<string[] | null> => {
    const contents = projectFileContents(project);
    const granted = await roots.resolveFiles(
      folder,
      contents.map((c) => c.name),
    );
    const unknown: string[] = [];
    for (const [i, c] of contents.entries()) {
      if (await known.wouldReplaceUnknown(granted.files[i]!, c.text)) unknown.push(c.name);
    }
    if (unknown.length > 0 && !(await dialogs.confirmReplaceProject(granted.folder, unknown))) {
      return null;
    }
    const written = await saveProjectFolder(granted.folder, project);
    for (const [i, c] of contents.entries()) known.remember(granted.files[i]!, c.text);
    return written;
  };

  const commitExport = async (
    folder: string,
    result: Extract<ExportFilesResult, { status: 'written' }>,
    files: { path: string; content: string }[],
  ): Promise<CommitDto | null> => {
    const repository = await findRepository(deps.git, folder);
    if (repository === null) return null;
    if (result.written.length === 0) return { status: 'nothing-to-commit' };
    const accepted = await dialogs.confirmCommit({ folder, repository, written: result.written });
    if (!accepted) return { status: 'declined' };
    const written = new Set(result.written);
    const message = exportCommitMessage(files.filter((f) => written.has(f.path)));
    try {
      const outcome = await commitFiles(
        deps.git,
        repository,
        result.written.map((p) => join(folder, ...p.split('/'))),
        message,
      );
      return outcome.status === 'committed'
        ? { status: 'committed', hash: outcome.hash, repository }
        : outcome;
    } catch (error) {
      // The files are written either way; the commit's failure is reported, not thrown.
      return { status: 'failed', message: errorMessage(error) };
    }
  };

  return {
    async openProjectFolder() {
      const chosen = await dialogs.chooseProjectFolder('open', '');
      if (chosen === null) return null;
      return open(chosen);
    },

    async openRecentProject({ id }) {
      const entry = recent.find(id);
      if (!entry) return null;
      try {
        await roots.grant(entry.path);
      } catch {
        await recent.remove(id);
        deps.onRecentChanged();
        throw new WorkspaceError(
          'not-a-project',
          `“${entry.name}” is no longer at ${entry.path}; it was removed from the recent projects.`,
        );
      }
      return open(entry.path);
    },

    async listRecentProjects() {
      return recent.list().map((e) => ({ id: e.path, name: e.name, openedAt: e.openedAt }));
    },

    async saveProject({ folder, project }) {
      if (folder !== null) {
        const written = await save(folder, project);
        if (written === null) return { status: 'cancelled' };
        return { status: 'written', folder: await realpath(folder), written };
      }
      const chosen = await dialogs.chooseProjectFolder('save', project.name);
      if (chosen === null) return { status: 'cancelled' };
      const target = await roots.grant(chosen);
      const written = await save(target, project);
      if (written === null) return { status: 'cancelled' };
      // Only a folder the user chose goes to the recent list (and is granted again next time).
      await remember(target);
      return { status: 'written', folder: target, written };
    },

    async checkProjectFolder({ folder }) {
      // Only what the user opened or saved in this session is read.
      const { project, tests, flows } = await checkProjectFolder(await roots.resolve(folder));
      return {
        name: project.name,
        diagnostics: project.diagnostics,
        tests: tests?.results ?? null,
        flows,
      };
    },

    async exportToFolder({ suggestedName, files }) {
      const chosen = await dialogs.chooseExportFolder(suggestedName);
      if (chosen === null) return { status: 'cancelled' };
      const folder = await roots.grant(chosen);
      let result = await exportFiles(folder, files);
      if (result.status === 'needs-confirmation') {
        const foreign = result.foreign;
        if (!(await dialogs.confirmReplaceForeign({ folder, foreign }))) {
          return { status: 'cancelled' };
        }
        result = await exportFiles(folder, files, foreign);
        if (result.status === 'needs-confirmation') {
          throw new WorkspaceError(
            'io',
            'The folder changed while you were confirming; export again to review the files.',
          );
        }
      }
      const commit = await commitExport(result.folder, result, files);
      return { ...result, commit };
    },

    async openTextFile({ extensions }) {
      const chosen = await dialogs.chooseTextFile(extensions);
      if (chosen === null) return null;
      const read = await readProjectText(chosen, basename(chosen));
      if (!read.ok) throw new WorkspaceError('io', formatDiagnostic(read.error));
      return { name: basename(chosen), text: read.text };
    },

    async revealInFileManager({ path }) {
      deps.reveal(await roots.resolve(path));
      return null;
    },

    async appVersion() {
      return deps.version;
    },
  };
}
