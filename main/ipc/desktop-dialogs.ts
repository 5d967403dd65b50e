/**
 * The questions the tasks ask the user. Main implements them with Electron's native
 * dialogs; tests answer them directly. Every path a task touches comes from one of these
 * answers (or from the recent list, which holds earlier answers).
 */
export interface ExportQuestion {
  folder: string;
  /** Files in the folder that Egress Studio did not generate and the export would replace. */
  foreign: string[];
}

export interface CommitQuestion {
  folder: string;
  repository: string;
  written: string[];
}

export interface DesktopDialogs {
  chooseProjectFolder(purpose: 'open' | 'save', suggestedName: string): Promise<string | null>;
  chooseExportFolder(suggestedName: string): Promise<string | null>;
  chooseTextFile(extensions: string[]): Promise<string | null>;
  /** Saving into a folder that holds another project's files: replace them? */
  confirmReplaceProject(folder: string, files: string[]): Promise<boolean>;
  confirmReplaceForeign(question: ExportQuestion): Promise<boolean>;
  confirmCommit(question: CommitQuestion): Promise<boolean>;
}
