/**
 * A project on disk (docs/topology.md): a folder with `topology.yaml`, a policy (`policy.egress`, or
 * the folder's only `*.egress` file) and optional traffic samples in `flows/`; or a single
 * `.egress` file without a topology. Loading never throws: a missing, unreadable, binary or
 * non-UTF-8 file is an EGS6xxx diagnostic naming it. Loading parses the topology but does
 * not check the policy (the caller runs the language checker with the topology).
 */
import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Topology } from '../core/model.js';
import { makeDiagnostic } from '../diagnostics/define.js';
import { PROJECT_DIAGNOSTICS } from '../diagnostics/catalog-project.js';
import type { ProjectDiagnosticName } from '../diagnostics/catalog-project.js';
import { parseTopology } from '../topology/parse.js';
import { describeIoFailure, ioErrorCode } from './io-error.js';
import { readProjectText } from './read-text.js';

export { writeFileAtomic } from './atomic-write.js';
export { saveProject } from './save-project.js';
export type { SaveProjectInput, SaveProjectResult } from './save-project.js';

export const DEFAULT_POLICY_FILE = 'policy.egress';
export const TOPOLOGY_FILES = ['topology.yaml', 'topology.yml'] as const;
export const FLOWS_FOLDER = 'flows';
const POLICY_EXTENSION = '.egress';

export interface LoadedProject {
  /** The project folder (absolute); for a single policy file, the folder that holds it. */
  dir: string;
  /** The folder name, or the policy file name without `.egress`. */
  name: string;
  /** The policy's file name inside `dir` (what diagnostics and generated headers carry). */
  policyFile: string;
  policyPath: string;
  policyText: string;
  /** `topology.yaml` when the project has one. */
  topologyFile?: string;
  topologyPath?: string;
  topologyText?: string;
  /** The parsed topology; present (possibly with errors in `diagnostics`) when readable. */
  topology?: Topology;
  /** Absolute paths of the files in `flows/`, sorted by name. */
  flowFiles: string[];
}

export type ProjectLoadResult =
  | { ok: true; project: LoadedProject; diagnostics: Diagnostic[] }
  | { ok: false; error: Diagnostic };

type Args = Record<string, string | number>;

function diagnostic(name: ProjectDiagnosticName, args: Args, file: string): Diagnostic {
  return makeDiagnostic(PROJECT_DIAGNOSTICS[name], args, { file });
}

function failure(name: ProjectDiagnosticName, args: Args, file: string): ProjectLoadResult {
  return { ok: false, error: diagnostic(name, args, file) };
}

function isPolicyName(name: string): boolean {
  return name.toLowerCase().endsWith(POLICY_EXTENSION) && name.length > POLICY_EXTENSION.length;
}

export async function loadProject(path: string): Promise<ProjectLoadResult> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = ioErrorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return failure('projectNotFound', { path }, path);
    return failure('unreadableFile', { file: path, reason: describeIoFailure(error) }, path);
  }
  if (info.isDirectory()) return loadFolder(path);
  if (info.isFile() && isPolicyName(basename(path))) return loadPolicyFile(path);
  const advice = TOPOLOGY_FILES.includes(basename(path) as (typeof TOPOLOGY_FILES)[number])
    ? `give the folder that holds it (${dirname(path)})`
    : 'give a project folder (topology.yaml, policy.egress, flows/) or a .egress file';
  return failure('notAProject', { path, advice }, path);
}

async function loadPolicyFile(path: string): Promise<ProjectLoadResult> {
  const read = await readProjectText(path);
  if (!read.ok) return read;
  const file = basename(path);
  return {
    ok: true,
    project: {
      dir: resolve(dirname(path)),
      name: file.slice(0, -POLICY_EXTENSION.length),
      policyFile: file,
      policyPath: resolve(path),
      policyText: read.text,
      flowFiles: [],
    },
    diagnostics: [],
  };
}

async function loadFolder(path: string): Promise<ProjectLoadResult> {
  let names: string[];
  try {
    names = (await readdir(path)).sort();
  } catch (error) {
    return failure('unreadableFile', { file: path, reason: describeIoFailure(error) }, path);
  }
  const diagnostics: Diagnostic[] = [];

  const policies = names.filter(isPolicyName);
  let policyFile: string;
  if (policies.includes(DEFAULT_POLICY_FILE)) {
    policyFile = DEFAULT_POLICY_FILE;
    const others = policies.filter((p) => p !== DEFAULT_POLICY_FILE);
    if (others.length > 0) {
      diagnostics.push(
        diagnostic('otherPoliciesIgnored', { files: others.join(', ') }, join(path, others[0]!)),
      );
    }
  } else if (policies.length === 1) {
    policyFile = policies[0]!;
  } else if (policies.length === 0) {
    return failure('noPolicy', { path }, path);
  } else {
    return failure('severalPolicies', { path, files: policies.join(', ') }, path);
  }
  const policy = await readProjectText(join(path, policyFile));
  if (!policy.ok) return policy;

  const dir = resolve(path);
  const project: LoadedProject = {
    dir,
    name: basename(dir),
    policyFile,
    policyPath: join(dir, policyFile),
    policyText: policy.text,
    flowFiles: [],
  };

  const topologyFile = TOPOLOGY_FILES.find((t) => names.includes(t));
  if (topologyFile !== undefined) {
    const read = await readProjectText(join(path, topologyFile));
    if (!read.ok) return read;
    const parsed = parseTopology(read.text, { file: topologyFile });
    project.topologyFile = topologyFile;
    project.topologyPath = join(dir, topologyFile);
    project.topologyText = read.text;
    if (parsed.topology) project.topology = parsed.topology;
    diagnostics.push(...parsed.diagnostics);
  }

  if (names.includes(FLOWS_FOLDER)) {
    const flows = await listFlowFiles(join(dir, FLOWS_FOLDER), join(path, FLOWS_FOLDER));
    if (flows.ok) project.flowFiles = flows.files;
    else diagnostics.push(flows.warning);
  }
  return { ok: true, project, diagnostics };
}

type FlowListing = { ok: true; files: string[] } | { ok: false; warning: Diagnostic };

/** The files of `flows/` (not hidden, not folders), sorted by name. */
async function listFlowFiles(dir: string, shownAs: string): Promise<FlowListing> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const files: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (await isRegularFile(full)));
      if (isFile) files.push(full);
    }
    return { ok: true, files: files.sort() };
  } catch (error) {
    return {
      ok: false,
      warning: diagnostic(
        'flowsUnreadable',
        { path: shownAs, reason: describeIoFailure(error) },
        shownAs,
      ),
    };
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
