/**
 * What each task answers. Plain data only: it crosses the context bridge by structured
 * clone, so no classes, functions or handles.
 */
import type { Diagnostic, FlowSimulation, TestResult } from '../../simulator/index.js';

export interface ProjectFilesDto {
  name: string;
  topologyText: string | null;
  policyFile: string;
  policyText: string;
  flows: { name: string; text: string }[];
}

export interface OpenedProjectDto {
  /** The folder Save writes back to. */
  folder: string;
  files: ProjectFilesDto;
  /** Problems that did not stop the project from opening. */
  warnings: string[];
}

export interface RecentProjectDto {
  /** The project's path; passed back to `openRecentProject`. */
  id: string;
  name: string;
  openedAt: number;
}

export type SaveProjectDto =
  { status: 'written'; folder: string; written: string[] } | { status: 'cancelled' };

export type CommitDto =
  | { status: 'committed'; hash: string; repository: string }
  | { status: 'nothing-to-commit' }
  | { status: 'failed'; message: string }
  | { status: 'declined' };

export type ExportDto =
  | {
      status: 'written';
      folder: string;
      written: string[];
      unchanged: string[];
      replaced: string[];
      /** Null when the folder is not in a git repository. */
      commit: CommitDto | null;
    }
  | { status: 'cancelled' };

export interface TextFileDto {
  name: string;
  text: string;
}

/** One flow file of the folder decided, or why it could not be read (not a flow file, bad header). */
export type FlowFileCheckDto = FlowSimulation | { file: string; error: string };

/** A project folder as `egress check`, `egress test` and `egress simulate` see it. */
export interface FolderCheckDto {
  name: string;
  /** Topology and folder diagnostics first, then the policy's. */
  diagnostics: Diagnostic[];
  /** The `expect` lines and edges, decided; null when the project has errors. */
  tests: TestResult[] | null;
  /** The folder's flow files, by name; empty when the project has errors. */
  flows: FlowFileCheckDto[];
}

export interface AppVersionDto {
  version: string;
  electron: string;
  chrome: string;
  platform: string;
}

/** Indexed by `DesktopTask` wherever it is used, so a task without an answer type fails to compile. */
export interface DesktopResponses {
  openProjectFolder: OpenedProjectDto | null;
  openRecentProject: OpenedProjectDto | null;
  listRecentProjects: RecentProjectDto[];
  saveProject: SaveProjectDto;
  checkProjectFolder: FolderCheckDto;
  exportToFolder: ExportDto;
  openTextFile: TextFileDto | null;
  revealInFileManager: null;
  appVersion: AppVersionDto;
}
