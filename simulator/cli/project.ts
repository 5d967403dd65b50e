/**
 * Loads a project for a CLI command: reads it (simulator/node) and builds the engine's
 * `Project` from it (simulator/project), the same API the app's worker and the desktop use.
 * Load failures (missing folder, unreadable file) are user errors (exit 2); diagnostics are
 * returned for the command to print.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { PolicyModel, Topology } from '../core/model.js';
import { formatDiagnostic } from '../diagnostics/define.js';
import type { PolicySymbols } from '../language/index.js';
import { loadCheckedProject as loadProjectFromDisk } from '../node/checked-project.js';
import type { LoadedProject } from '../node/project.js';
import type { Project } from '../project/index.js';
import { renderDiagnostic } from './diagnostics-output.js';
import { UserError } from './errors.js';

export interface CheckedProject {
  project: LoadedProject;
  /** The engine's view of the project: check, simulate, test, explain, export. */
  checked: Project;
  topology?: Topology;
  policy: PolicyModel;
  symbols: PolicySymbols;
  /** Topology diagnostics first, then policy diagnostics, each sorted by position. */
  diagnostics: Diagnostic[];
  /** File name → text, for printing source excerpts. */
  sources: Map<string, string>;
}

/** `today` (YYYY-MM-DD) turns on the overdue-review warnings (`egress check`). */
export async function loadCheckedProject(
  path: string,
  options: { today?: string } = {},
): Promise<CheckedProject> {
  const read = await loadProjectFromDisk(path, options);
  if (!read.ok) throw new UserError(formatDiagnostic(read.error));
  const { loaded: project, project: checked } = read;
  const sources = new Map<string, string>([[project.policyFile, project.policyText]]);
  if (project.topologyFile !== undefined && project.topologyText !== undefined) {
    sources.set(project.topologyFile, project.topologyText);
  }
  return {
    project,
    checked,
    ...(checked.topology ? { topology: checked.topology } : {}),
    policy: checked.policy,
    symbols: checked.symbols,
    diagnostics: checked.diagnostics,
    sources,
  };
}

/**
 * For commands that need a valid project (simulate, test, explain, export): refuses with the
 * errors printed to stderr and exit status 2 when the project has any error.
 */
export async function loadValidProject(path: string, command: string): Promise<CheckedProject> {
  const checked = await loadCheckedProject(path);
  const errors = checked.checked.errors;
  if (errors.length > 0) {
    for (const d of errors) process.stderr.write(renderDiagnostic(d, checked.sources) + '\n');
    throw new UserError(
      `${checked.project.name}: ${errors.length} error${errors.length === 1 ? '' : 's'} in the project; fix them (see \`egress check ${path}\`) before running \`egress ${command}\``,
    );
  }
  return checked;
}
