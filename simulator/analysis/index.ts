/**
 * Whole-space analysis (docs/analysis.md): the flow space cut into atoms, sets of flows as
 * BDDs, first-match semantics over sets, and the questions built on them: findings, search
 * and diff. Every claim that a flow exists comes with a witness flow.
 */
export { buildSpace } from './space.js';
export { FlowSpace } from './symbolic.js';
export type { AtomPoint, Dimension } from './symbolic.js';
export { decidePolicy, verdictAt } from './decisions.js';
export type { PolicyDecisions } from './decisions.js';
export { analyzePolicy } from './findings.js';
export type { AnalysisFinding, FindingKind } from './findings.js';
export { analysisDiagnostics, findingToDiagnostic } from './diagnostics.js';
export { diffProjects } from './diff.js';
export type { FlowChange, ProjectModel } from './diff.js';
export { searchFlows } from './search.js';
export type { SearchQuery, SearchResult } from './search.js';
export { describeSet, descriptionText } from './describe.js';
export type { ClassDescription } from './describe.js';
export { buildInventory } from './inventory.js';
export type {
  Inventory,
  InventoryClass,
  InventoryDestination,
  InventoryFinding,
  InventorySources,
} from './inventory.js';
