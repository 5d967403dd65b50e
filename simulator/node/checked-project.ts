/**
 * A project folder (or `.egress` file) read from disk and checked: the engine's `Project`
 * built from what `loadProject` read, the way the CLI and the desktop both build it.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { Project } from '../project/index.js';
import { loadProject } from './project.js';
import type { LoadedProject } from './project.js';

export type CheckedLoad =
  { ok: true; loaded: LoadedProject; project: Project } | { ok: false; error: Diagnostic };

/** `today` (YYYY-MM-DD) turns on the overdue-review warnings. */
export async function loadCheckedProject(
  path: string,
  options: { today?: string } = {},
): Promise<CheckedLoad> {
  const result = await loadProject(path);
  if (!result.ok) return result;
  const loaded = result.project;
  const project = new Project({
    name: loaded.name,
    policyText: loaded.policyText,
    policyFile: loaded.policyFile,
    // The file layer has parsed the topology already; its diagnostics (and the folder's) come first.
    topology: { model: loaded.topology, diagnostics: result.diagnostics },
    ...(options.today !== undefined ? { today: options.today } : {}),
  });
  return { ok: true, loaded, project };
}
