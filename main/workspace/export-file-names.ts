/**
 * The only names an export from the app may create: each file is one an export target
 * generated (its header names the target) and is written as `NAME` or `TARGET/NAME`, with no
 * hidden (dot) names anywhere. A compromised renderer could otherwise drop `.vscode/tasks.json`
 * or a git hook into the chosen folder, which a later open in another tool would run.
 */
import { GENERATED_MARKER } from '../../simulator/export/header.js';
import { EXPORTERS } from '../../simulator/export/registry.js';
import { PathRefusal } from '../../simulator/node/path-refusal.js';

const TARGETS: ReadonlySet<string> = new Set(EXPORTERS.map((e) => e.target));

const HEADER_TARGET = new RegExp(`${GENERATED_MARKER} \\(target: ([^)]+)\\)`);

/** The registered target named in the generated header on the first line, or null. */
function headerTarget(content: string): string | null {
  const firstLine = content.split('\n', 1)[0] ?? '';
  const target = HEADER_TARGET.exec(firstLine)?.[1];
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
    if (segments.length > 2 || (segments.length === 2 && segments[0] !== target)) {
      refuse(`an export writes only NAME or ${target}/NAME`);
    }
  }
}
