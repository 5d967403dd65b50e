/**
 * The export model: what every exporter asks of a policy and its topology before writing its
 * own syntax (docs/exporters.md "The export model"). Exporters read it; none re-derives it.
 *
 * - Address sets (ip-set.ts, address-set.ts): one exact algebra of IP sets, printed as the
 *   fewest CIDRs or as `cidr` + `except` blocks.
 * - Regions (topology-regions.ts): which addresses `role:`, `node:` and `zone:` cover as a
 *   source and as a destination, computed with the engine's own resolver; which sources the
 *   outbound-only guard lets through; which addresses lie in internal zones.
 * - Nodes (node-coverage.ts): the addresses each node owns, a `to` item's addresses, and how
 *   much of each node's traffic a `from` clause covers, read from the regions.
 * - Names (name-addresses.ts): the topology as static DNS for address targets, never
 *   allowing an internal address by name.
 * - Fidelity (fidelity.ts): the grades, their one precedence, and how findings combine.
 * - Services (service-groups.ts, service-cells.ts): a rule's `on` clause as port ranges per
 *   protocol, and the policy's services cut into cells every rule covers whole.
 * - The proxy (proxy-node.ts): the topology's forward proxy and the ports clients reach it on.
 * - Rule comments (rule-comments.ts): the lines that introduce a rule in generated files.
 */
export * from './address-set.js';
export * from './fidelity.js';
export * from './ip-set.js';
export * from './name-addresses.js';
export * from './node-coverage.js';
export * from './proxy-node.js';
export * from './rule-comments.js';
export * from './service-cells.js';
export * from './service-groups.js';
export * from './topology-regions.js';
