/**
 * The only names an export from the app may create: each file is one an export target
 * generated (its header names the target) and is written as `NAME` or `TARGET/NAME`, or one
 * folder deeper for a target that sorts its files into folders of its own (the sql target's
 * `duckdb/…`): `FOLDER/NAME` when exported alone, `TARGET/FOLDER/NAME` beside others. No
 * hidden (dot) names anywhere, and never into another target's folder. A compromised renderer could otherwise drop `.vscode/tasks.json`
 * or a git hook into the chosen folder, which a later open in another tool would run.
 */
import { GENERATED_MARKER } from '../../simulator/export/header.js';
import { EXPORTERS } from '../../simulator/export/registry.js';
import { PathRefusal } from '../../simulator/node/path-refusal.js';

const TARGETS: ReadonlySet<string> = new Set(EXPORTERS.map((e) => e.target));

const HEADER_TARGET = new RegExp(`${GENERATED_MARKER} \\(target: ([^)]+)\\)`);

/**
 * The registered target named in the generated header, or null. The header is looked for in
 * the first three lines, where the engine's `isGeneratedFile` looks: a comment on the first
 * line, or a JSON file's `"generated"` field (the audit target's egress-inventory.json).
 */
function headerTarget(content: string): string | null {
  const head = content.split('\n', 3).join('\n');
  const target = HEADER_TARGET.exec(head)?.[1];
  return target !== undefined && TARGETS.has(target) ? target : null;
}

/** Throws an `unsafe-path` refusal for the first file that is not an export target's own. */
export function checkExportFileNames(files: readonly { path: string; content: string }[]): void {
  for (const file of files) {
    const refuse = (why: string): never => {
      throw new PathRefusal('unsafe-path', file.path, why);
    };
    const segments = file.path.split('/');
    if (segments.some((s) => s.startsWith('.'))) {
      refuse('hidden (dot) files and folders are never written by an export');
    }
    const target = headerTarget(file.content);
    if (target === null) return refuse('it is not a file an export target generated');
    const [first] = segments;
    const placed =
      segments.length === 1 ||
      (segments.length === 2 && (first === target || !TARGETS.has(first!))) ||
      (segments.length === 3 && first === target);
    if (!placed) refuse(`an export writes only NAME, ${target}/NAME or ${target}/FOLDER/NAME`);
  }
}
