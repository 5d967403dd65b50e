/**
 * Field paths into a topology document (`nodes[3].zone`): how topology diagnostics name
 * their place, so a message means the same in the YAML file and on the canvas.
 */

export type FieldPath = readonly (string | number)[];

/** `['nodes', 3, 'zone']` → `nodes[3].zone`. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
