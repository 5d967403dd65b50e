/**
 * Example projects of `policies/` ("New from template"), grouped from a flat map of
 * bundled file texts. Pure, so it is tested without Vite; templates.ts feeds it.
 */
import { filesToProject } from './project-files.js';
import type { ProjectFiles, TemplateInfo } from './project-host.js';

/** `…/policies/<id>/<path>` → text. */
export type BundledFiles = Record<string, string>;

const MARKER = '/policies/';

export function groupTemplates(bundled: BundledFiles): Map<string, ProjectFiles> {
  const byFolder = new Map<string, { path: string; text: string }[]>();
  for (const [key, text] of Object.entries(bundled)) {
    const at = key.indexOf(MARKER);
    if (at < 0) continue;
    const rest = key.slice(at + MARKER.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) continue;
    const folder = rest.slice(0, slash);
    const list = byFolder.get(folder) ?? [];
    list.push({ path: rest.slice(slash + 1), text });
    byFolder.set(folder, list);
  }
  const templates = new Map<string, ProjectFiles>();
  for (const folder of [...byFolder.keys()].sort()) {
    try {
      templates.set(folder, filesToProject(folder, byFolder.get(folder) ?? []));
    } catch {
      // A folder without a policy or topology is not a project (e.g. shared fixtures).
    }
  }
  return templates;
}

/** The comment block at the top of a policy, as one line of text. */
export function leadingComment(policyText: string): string {
  const lines: string[] = [];
  for (const line of policyText.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('#')) break;
    const text = t.replace(/^#+\s?/, '');
    if (text !== '') lines.push(text);
  }
  return lines.join(' ');
}

function countNodes(topologyText: string | null): number {
  if (topologyText === null) return 0;
  // Counting `- id:` entries under `nodes:` is enough for a card subtitle.
  const at = topologyText.search(/^nodes:/m);
  if (at < 0) return 0;
  const rest = topologyText.slice(at);
  const end = rest.search(/^\S(?!odes:)/m);
  const section = end > 0 ? rest.slice(0, end) : rest;
  return (section.match(/^\s*- id:/gm) ?? []).length;
}

export function describeTemplates(templates: ReadonlyMap<string, ProjectFiles>): TemplateInfo[] {
  return [...templates.entries()].map(([id, p]) => ({
    id,
    name: id,
    description: leadingComment(p.policyText),
    nodeCount: countNodes(p.topologyText),
  }));
}
