/**
 * Findings as diagnostics: what `egress check`, the worker and the editor show. One call,
 * so that every host (CLI, worker, desktop) shows the same findings at the same places.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { PolicyModel, Topology } from '../core/model.js';
import { analyzePolicy, type AnalysisFinding } from './findings.js';

export interface AnalysisFiles {
  policyFile?: string;
  topologyFile?: string;
}

export function findingToDiagnostic(f: AnalysisFinding, files: AnalysisFiles): Diagnostic {
  const d: Diagnostic = { severity: f.severity, code: f.code, message: f.message };
  if (f.edge !== undefined) {
    if (files.topologyFile !== undefined) d.file = files.topologyFile;
    d.path = `edges[${f.edge}]`;
  } else {
    if (files.policyFile !== undefined) d.file = files.policyFile;
    if (f.range !== undefined) d.range = f.range;
  }
  if (f.witness !== null) {
    d.related = [{ message: `witness flow: ${JSON.stringify(f.witness)}` }];
  }
  return d;
}

/** The analysis findings of a checked (error-free) policy, as diagnostics. */
export function analysisDiagnostics(
  policy: PolicyModel,
  topology: Topology | undefined,
  files: AnalysisFiles = {},
): Diagnostic[] {
  return analyzePolicy(policy, topology).map((f) => findingToDiagnostic(f, files));
}
