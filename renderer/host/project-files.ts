/**
 * Sorting a bag of files (from a folder picker or an upload) into a project (docs/topology.md):
 * `topology.yaml`, one `.egress` policy, and the traffic samples of `flows/`.
 */
import {
  DEFAULT_POLICY_FILE,
  HostError,
  TOPOLOGY_FILE,
  type ProjectFiles,
} from './project-host.js';

export interface LooseFile {
  /** Path relative to the project folder, forward slashes (`flows/a.csv`). */
  path: string;
  text: string;
}

const FLOW_FILE = /\.(csv|jsonl|log|txt)$/i;

export function filesToProject(folderName: string, files: readonly LooseFile[]): ProjectFiles {
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  const topology = files.find(
    (f) => base(f.path) === TOPOLOGY_FILE || base(f.path) === 'topology.yml',
  );
  const policies = files.filter((f) => f.path.endsWith('.egress'));
  const policy =
    policies.find((f) => base(f.path) === DEFAULT_POLICY_FILE) ??
    [...policies].sort((a, b) => a.path.localeCompare(b.path))[0];
  if (!policy && !topology) {
    throw new HostError(
      `No ${TOPOLOGY_FILE} or .egress policy in "${folderName}": choose a project folder (a project holds topology.yaml, policy.egress, flows/).`,
    );
  }
  const flows = files
    .filter((f) => f !== topology && f !== policy && FLOW_FILE.test(f.path))
    .map((f) => ({ name: base(f.path), text: f.text }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    name: folderName,
    topologyText: topology ? topology.text : null,
    policyFile: policy ? base(policy.path) : DEFAULT_POLICY_FILE,
    policyText: policy ? policy.text : '',
    flows,
  };
}

/** The files Save writes, relative to the project folder, in a stable order: flows too. */
export function projectToFiles(p: ProjectFiles): LooseFile[] {
  const out: LooseFile[] = [];
  if (p.topologyText !== null) out.push({ path: TOPOLOGY_FILE, text: p.topologyText });
  out.push({ path: p.policyFile, text: p.policyText });
  for (const f of p.flows) out.push({ path: `${FLOWS_FOLDER}/${f.name}`, text: f.text });
  return out;
}

const FLOWS_FOLDER = 'flows';

/**
 * A project archive's files, without the one folder they all sit in (`name/…`), and the
 * project's name: that folder's, else the archive's without `.zip`.
 */
export function archiveToProject(archiveName: string, files: readonly LooseFile[]): ProjectFiles {
  const top = files[0]?.path.split('/')[0];
  const nested =
    top !== undefined && files.length > 0 && files.every((f) => f.path.startsWith(`${top}/`));
  const name = nested ? top : archiveName.replace(/\.zip$/i, '');
  const inner = nested ? files.map((f) => ({ ...f, path: f.path.slice(top.length + 1) })) : files;
  return filesToProject(name, inner);
}
