/**
 * Loads a project for a CLI command: reads it (simulator/node), parses the topology and
 * checks the policy against it. Load failures (missing folder, unreadable file) are user
 * errors (exit 2); diagnostics are returned for the command to print.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { hasErrors } from '../core/diagnostic.js';
import type { PolicyModel, Topology } from '../core/model.js';
import { formatDiagnostic } from '../diagnostics/define.js';
import { checkPolicy } from '../language/index.js';
import type { PolicySymbols } from '../language/index.js';
import { loadProject } from '../node/project.js';
import type { LoadedProject } from '../node/project.js';
import { renderDiagnostic } from './diagnostics-output.js';
import { UserError } from './errors.js';

export interface CheckedProject {
  project: LoadedProject;
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
  const loaded = await loadProject(path);
  if (!loaded.ok) throw new UserError(formatDiagnostic(loaded.error));
  const project = loaded.project;
  const checked = checkPolicy(project.policyText, {
    file: project.policyFile,
    ...options,
    ...(project.topology ? { topology: project.topology } : {}),
  });
  const sources = new Map<string, string>([[project.policyFile, project.policyText]]);
  if (project.topologyFile !== undefined && project.topologyText !== undefined) {
    sources.set(project.topologyFile, project.topologyText);
  }
  return {
    project,
    ...(project.topology ? { topology: project.topology } : {}),
    policy: checked.model,
    symbols: checked.symbols,
    diagnostics: [...loaded.diagnostics, ...checked.diagnostics],
    sources,
  };
}

/**
 * For commands that need a valid project (simulate, test, explain, export): refuses with the
 * errors printed to stderr and exit status 2 when the project has any error.
 */
export async function loadValidProject(path: string, command: string): Promise<CheckedProject> {
  const checked = await loadCheckedProject(path);
  if (hasErrors(checked.diagnostics)) {
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) process.stderr.write(renderDiagnostic(d, checked.sources) + '\n');
    throw new UserError(
      `${checked.project.name}: ${errors.length} error${errors.length === 1 ? '' : 's'} in the project; fix them (see \`egress check ${path}\`) before running \`egress ${command}\``,
    );
  }
  return checked;
}
