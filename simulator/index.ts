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
export * from './language/index.js';
export * from './topology/index.js';
export { EXPORTERS, findExporter } from './export/registry.js';
