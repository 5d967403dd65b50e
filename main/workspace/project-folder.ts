/**
 * Opening and saving a project folder with the engine's own file layer (docs/topology.md): the same
 * `loadProject` the CLI uses (so the desktop app and `egress check` agree on what a project
 * is) and `saveProject` (deterministic YAML, atomic writes, unchanged files left alone).
 */
import { basename } from 'node:path';
import {
  FlowInputError,
  formatDiagnostic,
  parseTopology,
  serializeTopology,
  type Topology,
} from '../../simulator/index.js';
import type { FlowSimulation, Project } from '../../simulator/index.js';
import {
  loadCheckedProject,
  loadProject,
  readProjectText,
  saveProject,
} from '../../simulator/node/index.js';
import { WorkspaceError } from './workspace-error.js';

/** The project texts exchanged with the renderer (the shape of its `ProjectFiles`). */
export interface ProjectTexts {
  name: string;
  topologyText: string | null;
  policyFile: string;
  policyText: string;
  flows: { name: string; text: string }[];
}

export interface OpenedFolder {
  /** The folder Save writes to (for a single `.egress` file, the folder that holds it). */
  folder: string;
  /** The project files read, by name in the folder, with their text. */
  read: { name: string; text: string }[];
  files: ProjectTexts;
  /** Warnings that did not stop the project from opening (unreadable flow files, …). */
  warnings: string[];
}

// Traffic samples the simulator reads; other files in flows/ (READMEs, scripts) are skipped.
const FLOW_FILE = /\.(csv|jsonl|log|txt)$/i;

export async function openProjectFolder(path: string): Promise<OpenedFolder> {
  const loaded = await loadProject(path);
  if (!loaded.ok) throw new WorkspaceError('not-a-project', formatDiagnostic(loaded.error));
  const project = loaded.project;
  const flows: { name: string; text: string }[] = [];
  const warnings: string[] = [];
  for (const file of project.flowFiles) {
    const name = basename(file);
    if (!FLOW_FILE.test(name)) continue;
    const read = await readProjectText(file, `flows/${name}`);
    if (read.ok) flows.push({ name, text: read.text });
    else warnings.push(formatDiagnostic(read.error));
  }
  const read = [{ name: project.policyFile, text: project.policyText }];
  if (project.topologyFile !== undefined && project.topologyText !== undefined) {
    read.push({ name: project.topologyFile, text: project.topologyText });
  }
  return {
    folder: project.dir,
    read,
    files: {
      name: project.name,
      topologyText: project.topologyText ?? null,
      policyFile: project.policyFile,
      policyText: project.policyText,
      flows,
    },
    warnings,
  };
}

/** What the desktop knows of a project folder: checked, tested and its flow files simulated. */
export interface FolderAnswers {
  project: Project;
  /** Null when the project has errors (nothing can be decided then). */
  tests: ReturnType<Project['test']> | null;
  flows: (FlowSimulation | { file: string; error: string })[];
}

/**
 * Checks a project folder with the engine's Project API, as `egress check`, `egress test` and
 * `egress simulate` do: the desktop's own answers, for the same input the same as theirs.
 */
export async function checkProjectFolder(path: string): Promise<FolderAnswers> {
  const checked = await loadCheckedProject(path);
  if (!checked.ok) throw new WorkspaceError('not-a-project', formatDiagnostic(checked.error));
  const project = checked.project;
  if (project.errors.length > 0) return { project, tests: null, flows: [] };
  const opened = await openProjectFolder(path);
  const flows = opened.files.flows.map((file) => {
    const name = `flows/${file.name}`;
    try {
      return project.simulateText({ name, text: file.text });
    } catch (error) {
      if (error instanceof FlowInputError) return { file: name, error: error.message };
      throw error;
    }
  });
  return { project, tests: project.test(), flows };
}

/**
 * The renderer sends the engine's own serialisation; parsing it back and letting the engine
 * serialise again keeps main the one place that decides the bytes on disk.
 */
function parsedTopology(files: ProjectTexts): Topology | undefined {
  if (files.topologyText === null) return undefined;
  const parsed = parseTopology(files.topologyText, { file: 'topology.yaml' });
  if (!parsed.topology) {
    const first = parsed.diagnostics[0];
    throw new WorkspaceError(
      'invalid-request',
      `The topology could not be saved: ${first ? formatDiagnostic(first) : 'it is not valid YAML'}.`,
    );
  }
  return parsed.topology;
}

/** The files Save writes for `files`, by name in the folder, with their exact content. */
export function projectFileContents(files: ProjectTexts): { name: string; text: string }[] {
  const topology = parsedTopology(files);
  return [
    ...(topology ? [{ name: 'topology.yaml', text: serializeTopology(topology) }] : []),
    { name: files.policyFile, text: files.policyText },
  ];
}

/** Saves into `folder` (already granted); returns the names of the files written. */
export async function saveProjectFolder(folder: string, files: ProjectTexts): Promise<string[]> {
  const topology = parsedTopology(files);
  const saved = await saveProject(folder, {
    ...(topology ? { topology } : {}),
    policyText: files.policyText,
    policyFile: files.policyFile,
  });
  if (!saved.ok) throw new WorkspaceError('io', formatDiagnostic(saved.error));
  return saved.written.map((p) => basename(p));
}
