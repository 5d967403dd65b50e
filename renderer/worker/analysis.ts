/**
 * The analysis as the UI reads it. Diagnostics and counts come with the `analyze` answer;
 * the details (symbols and checked model) arrive a moment later as JSON text and are parsed
 * on first access: an edit that nobody hovers over or completes in never pays for them.
 * Until the details of an edit arrive, the previous ones stand in (a completion list or a
 * hover from one keystroke ago is better than none).
 */
import type { Analysis, AnalysisDetails, AnalysisMessage } from './protocol.js';

const NO_DETAILS: AnalysisDetails = { symbols: { definitions: [], references: [] }, model: null };

/** Parses once, on first use. */
class DetailsText {
  private parsed: AnalysisDetails | null = null;

  constructor(private readonly json: string) {}

  get(): AnalysisDetails {
    return (this.parsed ??= JSON.parse(this.json) as AnalysisDetails);
  }
}

/** The details source behind each analysis (kept out of the object the store holds). */
const sources = new WeakMap<Analysis, DetailsText | null>();

/**
 * `previous` lends its diagnostic lists where they are unchanged, so components that show
 * them (the canvas shows topology problems on its nodes) do not re-render on every edit, and
 * its details until `detailsJson` is given.
 */
export function readAnalysis(
  message: AnalysisMessage,
  previous: Analysis | null = null,
  detailsJson: string | null = null,
): Analysis {
  const source =
    detailsJson !== null
      ? new DetailsText(detailsJson)
      : previous
        ? (sources.get(previous) ?? null)
        : null;
  const analysis: Analysis = {
    policyDiagnostics: same(previous?.policyDiagnostics, message.policyDiagnostics),
    topologyDiagnostics: same(previous?.topologyDiagnostics, message.topologyDiagnostics),
    counts: message.counts,
    get symbols() {
      return (source?.get() ?? NO_DETAILS).symbols;
    },
    get model() {
      return (source?.get() ?? NO_DETAILS).model;
    },
  };
  sources.set(analysis, source);
  return analysis;
}

/** The same analysis with its own details. */
export function withDetails(analysis: Analysis, detailsJson: string): Analysis {
  return readAnalysis(analysis, analysis, detailsJson);
}

function same<T>(previous: T | undefined, next: T): T {
  return previous !== undefined &&
    (previous === next || JSON.stringify(previous) === JSON.stringify(next))
    ? previous
    : next;
}
