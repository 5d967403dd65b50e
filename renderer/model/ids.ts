/** Fresh ids for new and pasted nodes and zones (ids match `[a-z0-9][a-z0-9-]*`, docs/topology.md). */

/** Turns free text (a label, a kind) into a valid id stem. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'node' : slug;
}

/** `base`, or `base-2`, `base-3`, … — the first one not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const stem = slugify(base);
  if (!taken.has(stem)) return stem;
  const m = /^(.*?)-(\d+)$/.exec(stem);
  const root = m ? m[1]! : stem;
  for (let i = m ? Number(m[2]) + 1 : 2; ; i++) {
    const candidate = `${root}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
