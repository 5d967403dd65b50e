/**
 * Which observed host names a learned rule writes as a `*.` wildcard (docs/traffic.md "What
 * learn proposes"): the names directly under one parent collapse to `*.PARENT` when at least
 * WILDCARD_MIN_NAMES distinct ones were seen, the parent has two labels or more (never
 * `*.com`), and the parent itself was not seen (a wildcard does not match its apex, so the
 * apex would stay a name of its own and the evidence is a site, not a family of subdomains).
 */

export const WILDCARD_MIN_NAMES = 3;

/** The names as the policy's destination items: wildcards and exact names, sorted. */
export function collapseNames(names: Iterable<string>): string[] {
  const seen = new Set(names);
  const byParent = new Map<string, string[]>();
  for (const name of seen) {
    const dot = name.indexOf('.');
    const parent = name.slice(dot + 1);
    if (!parent.includes('.')) continue;
    const children = byParent.get(parent) ?? [];
    children.push(name);
    byParent.set(parent, children);
  }
  const collapsed = new Set<string>();
  const out: string[] = [];
  for (const [parent, children] of byParent) {
    if (children.length < WILDCARD_MIN_NAMES || seen.has(parent)) continue;
    out.push(`*.${parent}`);
    for (const c of children) collapsed.add(c);
  }
  for (const name of seen) if (!collapsed.has(name)) out.push(name);
  return out.sort(compareNames);
}

/** Names in reading order of their labels from the right (a site's names stay together). */
export function compareNames(a: string, b: string): number {
  const ka = a.split('.').reverse().join('.');
  const kb = b.split('.').reverse().join('.');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The site a host belongs to, for grouping rules: its last two labels. */
export function siteOf(host: string): string {
  const labels = host.split('.');
  return labels.slice(-2).join('.');
}
