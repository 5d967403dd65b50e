/**
 * Findings of the whole-space analysis (docs/analysis.md): EGS41xx rules that decide nothing
 * or too little, EGS42xx expectations and edges that cannot hold. Each finding names the
 * rule (and the rules it depends on) and, when it claims a flow exists, a witness flow.
 */
import { defineDiagnostics } from './define.js';

export const ANALYSIS_DIAGNOSTICS = defineDiagnostics({
  // --- EGS41xx: rules ----------------------------------------------------------------------
  neverMatches: {
    code: 'EGS4101',
    severity: 'warning',
    template: 'rule {rule} never matches a flow that reaches the rules: {reason}',
    hint: 'delete it, or fix its from/to/on clauses',
  },
  shadowed: {
    code: 'EGS4102',
    severity: 'warning',
    template: 'rule {rule} decides no flow: every flow it matches is decided earlier by {by}',
    hint: 'delete it, or move it above {by}',
  },
  redundant: {
    code: 'EGS4103',
    severity: 'warning',
    template:
      'rule {rule} is redundant: without it every flow it decides gets the same verdict and log flag from {by}',
    hint: 'delete it unless it documents intent',
  },
  overridden: {
    code: 'EGS4104',
    severity: 'info',
    template:
      'rule {rule} ({action}) is partly overridden: some of its flows are decided earlier by {by} ({other})',
    hint: 'the witness shows one such flow; reorder the rules if that is not intended',
  },
  // --- EGS42xx: expectations and edges ----------------------------------------------------
  expectNeverHolds: {
    code: 'EGS4201',
    severity: 'warning',
    template: '{label} can never hold: {reason}',
    hint: 'fix the expectation or the rule it names',
  },
  edgeNeverAllowed: {
    code: 'EGS4202',
    severity: 'warning',
    template: '{label}: no rule allows any flow of its service from {from} to {to}',
    hint: 'add an allow rule for the edge, or remove the edge',
  },
});

export type AnalysisDiagnosticName = keyof typeof ANALYSIS_DIAGNOSTICS;
