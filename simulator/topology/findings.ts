/**
 * Findings are diagnostics before they have a place in a file: the topology reader and
 * validator report a catalog entry and a field path; `parseTopology` then adds the YAML
 * range, `validateTopology` only the path.
 */
import type { Diagnostic, Range, RelatedInformation } from '../core/diagnostic.js';
import type { DiagnosticArgs } from '../diagnostics/define.js';
import { makeDiagnostic } from '../diagnostics/define.js';
import { TOPOLOGY_DIAGNOSTICS } from '../diagnostics/catalog-topology.js';
import type { TopologyDiagnosticName } from '../diagnostics/catalog-topology.js';
import type { FieldPath } from './field-path.js';
import { formatFieldPath } from './field-path.js';

export interface Finding {
  name: TopologyDiagnosticName;
  args: DiagnosticArgs;
  at: FieldPath;
  /** Point at the key rather than its value (unknown keys). */
  key?: boolean;
  /** Earlier places the finding refers to (the first of two duplicates). */
  related?: { message: string; at: FieldPath }[];
}

export type Report = (finding: Finding) => void;

/** Maps a field path to its range in the source text; absent for in-memory topologies. */
export type Locate = (at: FieldPath, key: boolean) => Range;

/**
 * Turns findings into diagnostics. A second error at a path that already has one is
 * dropped (as TypeScript suppresses a second error at one position): a missing id is
 * reported once, not again as an invalid id.
 */
export function findingsToDiagnostics(
  findings: readonly Finding[],
  options: { file?: string; locate?: Locate },
): Diagnostic[] {
  const errored = new Set<string>();
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const template = TOPOLOGY_DIAGNOSTICS[f.name];
    const path = formatFieldPath(f.at);
    if (template.severity === 'error') {
      if (errored.has(path)) continue;
      errored.add(path);
    }
    const related: RelatedInformation[] = (f.related ?? []).map((r) => {
      const info: RelatedInformation = { message: `${r.message} (${formatFieldPath(r.at)})` };
      if (options.file !== undefined) info.file = options.file;
      if (options.locate) info.range = options.locate(r.at, false);
      return info;
    });
    out.push(
      makeDiagnostic(template, f.args, {
        ...(options.file !== undefined ? { file: options.file } : {}),
        ...(options.locate ? { range: options.locate(f.at, f.key ?? false) } : {}),
        ...(path !== '' ? { path } : {}),
        related,
      }),
    );
  }
  return out;
}
