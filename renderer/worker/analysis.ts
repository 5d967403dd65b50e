/**
 * Turns the worker's analysis message into the `Analysis` the UI reads. The details (symbols
 * and checked model) are parsed from their JSON text on first access and kept: an edit that
 * nobody hovers over or completes in never pays for them.
 */
import type { Analysis, AnalysisDetails, AnalysisMessage } from './protocol.js';

/**
 * `previous` lends its diagnostic lists where they are unchanged, so components that show
 * them (the canvas shows topology problems on its nodes) do not re-render on every edit.
 */
export function readAnalysis(message: AnalysisMessage, previous: Analysis | null = null): Analysis {
  let details: AnalysisDetails | null = null;
  const get = (): AnalysisDetails => (details ??= JSON.parse(message.detailsJson));
  return {
    policyDiagnostics: same(previous?.policyDiagnostics, message.policyDiagnostics),
    topologyDiagnostics: same(previous?.topologyDiagnostics, message.topologyDiagnostics),
    counts: message.counts,
    get symbols() {
      return get().symbols;
    },
    get model() {
      return get().model;
    },
  };
}

function same<T>(previous: T | undefined, next: T): T {
  return previous !== undefined && JSON.stringify(previous) === JSON.stringify(next)
    ? previous
    : next;
}
