/**
 * The topology model's text form and checks (docs/topology.md): parse `topology.yaml`, validate a
 * topology built in memory, serialise deterministically, and the catalog of node kinds.
 */
export { parseTopology } from './parse.js';
export type { ParseTopologyOptions, TopologyParseResult } from './parse.js';
export { validateTopology } from './validate.js';
export { serializeTopology } from './serialize.js';
export { CATEGORY_LABELS, NODE_KINDS, NODE_KIND_IDS, getNodeKind } from './catalog.js';
export type { NodeCategory, NodeKind } from './catalog.js';
export { CURRENT_TOPOLOGY_FORMAT, TOPOLOGY_MIGRATIONS, migrateTopology } from './migrate.js';
export type { RawTopology, TopologyFormat, TopologyMigration } from './migrate.js';
export { checkEdgeService } from './edge-service.js';
export type { EdgeServiceCheck } from './edge-service.js';
export { ROLE_NAME_PATTERN, TOPOLOGY_ID_PATTERN } from './names.js';
export { formatFieldPath } from './field-path.js';
export type { FieldPath } from './field-path.js';
