/**
 * The engine's public entry. The renderer (and its Web Worker) imports the engine only
 * through this file (enforced by dependency-cruiser), so everything the UI needs is
 * re-exported here and nothing here touches the file system.
 */
export * from './core/diagnostic.js';
export * from './core/model.js';
export * from './core/review-text.js';
export { formatDiagnostic } from './diagnostics/define.js';
export * from './net/ip.js';
export * from './util/domain.js';
export type * from './export/types.js';
export * from './engine/index.js';
export * from './flows/flow-record.js';
export { DETECT_LINES, FlowInputError, FlowReader, planFlowInputs } from './flows/flow-reader.js';
export type { FlowProblem, FlowReading, SkipCount } from './flows/flow-reader.js';
export type * from './flows/flow-format.js';
export { FLOW_FORMATS, isFlowFileFormat } from './flows/formats/index.js';
export * from './project/index.js';
export * from './language/index.js';
export * from './topology/index.js';
export { EXPORTERS, declaredOptions, findExporter } from './export/registry.js';
export { ruleOfLine, rulesOfLines } from './export/rule-of-line.js';
export { analysisDiagnostics, analyzePolicy, diffProjects, searchFlows } from './analysis/index.js';
export type { AnalysisFinding, FlowChange, SearchResult } from './analysis/index.js';
export { learnPolicy, readObservedFlows, UnreadableFlowInput } from './learn/index.js';
export type { LearnedRule, Proposal } from './learn/index.js';
export { buildInventory } from './analysis/index.js';
export type { Inventory, InventoryClass, InventoryFinding } from './analysis/index.js';
export { classText, destinationText, httpText, sourcesText } from './export/audit.js';
