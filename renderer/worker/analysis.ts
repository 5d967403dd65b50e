/**
 * The analysis as the UI reads it. Diagnostics and counts come with the `analyze` answer;
 * the details (symbols and checked model) arrive a moment later as JSON text and are parsed
 * when the UI is next idle (`parseDetails`), or on first access if that comes sooner.
 * Until the details of an edit arrive, the previous ones stand in (a completion list or a
 * hover from one keystroke ago is better than none).
 */
import type {
  Analysis,
  AnalysisDetails,
  AnalysisMessage,
  DetailsTexts,
  ProjectFindings,
} from './protocol.js';

const NO_SYMBOLS: AnalysisDetails['symbols'] = { definitions: [], references: [] };

/** What a check ran on: its details (symbols, model, their ranges) belong to this input. */
export interface CheckedInput {
  policyText: string;
  /** The topology object of the store at the time (compared by identity). */
  topology: unknown;
}

/** Parses each part once, on first use. */
class DetailsText {
  private symbols: AnalysisDetails['symbols'] | null = null;
  private model: AnalysisDetails['model'] | undefined = undefined;

  constructor(
    private readonly json: DetailsTexts,
    readonly checked: CheckedInput | null,
  ) {}

  getSymbols(): AnalysisDetails['symbols'] {
    return (this.symbols ??= JSON.parse(this.json.symbols) as AnalysisDetails['symbols']);
  }

  getModel(): AnalysisDetails['model'] {
    if (this.model === undefined)
      this.model = JSON.parse(this.json.model) as AnalysisDetails['model'];
    return this.model;
  }

  /** Parses the symbols, or else the model; true while a part is left. */
  parseNext(): boolean {
    if (this.symbols === null) this.getSymbols();
    else this.getModel();
    return this.model === undefined;
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
  detailsJson: DetailsTexts | null = null,
  checked: CheckedInput | null = null,
): Analysis {
  const source =
    detailsJson !== null
      ? new DetailsText(detailsJson, checked)
      : previous
        ? (sources.get(previous) ?? null)
        : null;
  return analysisWith(
    {
      policyDiagnostics: same(previous?.policyDiagnostics, message.policyDiagnostics),
      topologyDiagnostics: same(previous?.topologyDiagnostics, message.topologyDiagnostics),
      counts: message.counts,
    },
    source,
  );
}

/** An analysis whose details come from `source` (parsed on first use). */
function analysisWith(message: AnalysisMessage, source: DetailsText | null): Analysis {
  const analysis: Analysis = {
    ...message,
    get symbols() {
      return source?.getSymbols() ?? NO_SYMBOLS;
    },
    get model() {
      return source?.getModel() ?? null;
    },
  };
  sources.set(analysis, source);
  return analysis;
}

/**
 * Parses one more part of the details of `analysis` now (the caller picks an idle moment),
 * unless `current` says it has been replaced meanwhile; true while a part is left. Parsing
 * them is 10–20 ms for a 2,000-line policy; left to first use, that is the keystroke that
 * pops up the first completion.
 */
export function parseDetails(analysis: Analysis, current: () => boolean): boolean {
  const source = sources.get(analysis);
  if (!current() || !source) return false;
  return source.parseNext();
}

/** The same analysis with its own details, checked from `checked`. */
export function withDetails(
  analysis: Analysis,
  detailsJson: DetailsTexts,
  checked: CheckedInput | null = null,
): Analysis {
  return readAnalysis(analysis, analysis, detailsJson, checked);
}

/**
 * True when the details of `analysis` were checked from exactly this policy text and
 * topology. Until the details of an edit arrive the previous ones stand in, with the previous
 * text's ranges: what acts on a line (a quick fix) must wait for this.
 */
export function detailsAreFor(
  analysis: Analysis | null,
  policyText: string,
  topology: unknown,
): boolean {
  const checked = analysis === null ? null : (sources.get(analysis)?.checked ?? null);
  return checked !== null && checked.policyText === policyText && checked.topology === topology;
}

/**
 * The same analysis with the whole-space findings added to its diagnostics, so Problems and
 * the editor's markers show them like any other warning. Shares the details source.
 */
export function withFindings(analysis: Analysis, findings: ProjectFindings): Analysis {
  return analysisWith(
    {
      policyDiagnostics: [...analysis.policyDiagnostics, ...findings.policy],
      topologyDiagnostics: [...analysis.topologyDiagnostics, ...findings.topology],
      counts: analysis.counts,
    },
    sources.get(analysis) ?? null,
  );
}

function same<T>(previous: T | undefined, next: T): T {
  return previous !== undefined &&
    (previous === next || JSON.stringify(previous) === JSON.stringify(next))
    ? previous
    : next;
}
