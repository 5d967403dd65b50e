/** The spelling rules of topology names (docs/topology.md ids; roles are policy names, docs/language.md). */

/** Zone and node ids. */
export const TOPOLOGY_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Roles are written `role:NAME` in the policy, so they follow the policy's name rule. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** The nearest valid id to a string, for hints ("Vector DB" → "vector-db"). */
export function suggestId(text: string): string {
  const id = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === '' ? 'my-node' : id;
}
