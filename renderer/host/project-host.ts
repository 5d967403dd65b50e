/**
 * The renderer's only way to reach files (docs/architecture.md, "Projects"; one typed,
 * task-shaped bridge). The browser implementation uses the File System Access API or
 * downloads; the desktop one (desktop-host.ts) calls the preload API. Everything the app
 * passes across is plain text, so either side can validate it.
 */

/** A project as files (docs/topology.md): the texts the host reads and writes. */
export interface ProjectFiles {
  /** The folder name. */
  name: string;
  /** `topology.yaml`, absent for a policy-only project. */
  topologyText: string | null;
  policyFile: string;
  policyText: string;
  /** Files of `flows/`, by name. */
  flows: { name: string; text: string }[];
}

/** Where a project came from, so Save writes it back. Opaque outside the host that made it. */
export interface ProjectHandle {
  readonly host: string;
  /** What to show the user: a folder name or path. */
  readonly label: string;
}

export interface OpenedProject {
  files: ProjectFiles;
  /** Null when the files were uploaded and cannot be written back. */
  handle: ProjectHandle | null;
  /** Files of the project that could not be read (it opened without them), for the user. */
  warnings?: string[];
}

export type SaveOutcome =
  | { status: 'written'; handle: ProjectHandle; location: string }
  | { status: 'downloaded'; location: string }
  | { status: 'cancelled' };

export interface TemplateInfo {
  id: string;
  name: string;
  /** The first comment lines of the policy, if any. */
  description: string;
  nodeCount: number;
}

export interface RecentProject {
  /** Opaque to the UI; passed back to `openRecent`. */
  id: string;
  name: string;
  openedAt: number;
}

export interface OutputFile {
  path: string;
  content: string;
}

/**
 * Requests from outside the page (the desktop menu, a project given on the command line).
 * The first five are the app's own shortcut commands; `open-recent` reopens a project the
 * host already knows by its recent-list id.
 */
export type HostCommand =
  { type: 'new' | 'open' | 'save' | 'export' | 'help' } | { type: 'open-recent'; id: string };

export interface ProjectHost {
  readonly kind: 'browser' | 'desktop';
  /** True when Save can write into a folder (otherwise it downloads the files). */
  readonly canWriteFolders: boolean;
  listTemplates(): TemplateInfo[];
  loadTemplate(id: string): ProjectFiles | null;
  /** Asks the user for a project; null when cancelled. Throws a `HostError` on bad input. */
  openProject(): Promise<OpenedProject | null>;
  /** Projects opened or saved recently, most recent first. */
  listRecent(): Promise<RecentProject[]>;
  /** Reopens a recent project; null when it is gone or access was refused. */
  openRecent(id: string): Promise<OpenedProject | null>;
  /** Writes the files back to `handle`, or asks where (or downloads) when there is none. */
  saveProject(files: ProjectFiles, handle: ProjectHandle | null): Promise<SaveOutcome>;
  /** Writes generated files into a chosen folder (desktop) or downloads them (browser). */
  writeOutputs(suggestedName: string, files: OutputFile[]): Promise<SaveOutcome>;
  /** Asks for one text file (a flow file); null when cancelled. */
  openTextFile(extensions: string[]): Promise<{ name: string; text: string } | null>;
  /** Subscribes to commands from outside the page (desktop only); returns the unsubscribe. */
  onCommand?(listener: (command: HostCommand) => void): () => void;
}

/** A problem the user can act on (the message says what to do). */
export class HostError extends Error {
  override name = 'HostError';
}

export const TOPOLOGY_FILE = 'topology.yaml';
export const DEFAULT_POLICY_FILE = 'policy.egress';
