/**
 * What each task answers. Plain data only: it crosses the context bridge by structured
 * clone, so no classes, functions or handles.
 */
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
  exportToFolder: ExportDto;
  openTextFile: TextFileDto | null;
  revealInFileManager: null;
  appVersion: AppVersionDto;
}
