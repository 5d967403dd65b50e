/**
 * The typed messages between the UI and the engine worker. Every request carries the
 * inputs it needs (policy text and topology) so the worker holds no state the UI cannot
 * see; it only caches the last checked policy to answer a burst of requests quickly.
 */
import type {
  Action,
  Diagnostic,
  ExportOptions,
  ExporterOption,
  ExportResult,
  Explanation,
  Flow,
  FlowChange,
  LearnedRule,
  Inventory,
  HostSource,
  PolicyModel,
  Range,
  TestReport,
  Topology,
  Verdict,
} from '../../simulator/index.js';

/** What every request is about: the project as it is now. */
export interface ProjectInput {
  policyText: string;
  policyFile: string;
  /** Null for a policy without a topology. */
  topology: Topology | null;
}

export interface SymbolDefinition {
  name: string;
  kind: string;
  range: Range;
  description: string | null;
}

export interface SymbolReference {
  name: string;
  kind: string;
  range: Range;
}

export interface AnalysisDetails {
  symbols: { definitions: SymbolDefinition[]; references: SymbolReference[] };
  /** The checked policy (null when the engine could not produce one). */
  model: PolicyModel | null;
}

/**
 * The details as JSON texts, one per part: completion, hover and go to definition need only
 * the symbols, under half of the whole for a large policy, so the keystroke that opens the
 * first completion parses only those.
 */
export interface DetailsTexts {
  symbols: string;
  model: string;
}

export interface AnalysisCounts {
  rules: number;
  expectations: number;
  sets: number;
}

/**
 * The worker's answer to `analyze`, sent after every edit: the diagnostics and counts, all
 * the UI needs to show the markers. The symbols and the checked model (megabytes for a large
 * policy) follow in answer to `analysis-details`, as JSON text (`DetailsTexts`): copying a
 * string costs the UI thread almost nothing, where decoding the same objects from a
 * structured clone blocked it for tens of milliseconds per edit, and the UI parses the text
 * when it is idle or when a feature first asks for it (analysis.ts).
 */
export interface AnalysisMessage {
  policyDiagnostics: Diagnostic[];
  topologyDiagnostics: Diagnostic[];
  /** Null when the engine could not produce a model. */
  counts: AnalysisCounts | null;
}

/** The analysis as the UI uses it: `symbols` and `model` are read on first use. */
export interface Analysis extends AnalysisDetails {
  readonly policyDiagnostics: Diagnostic[];
  readonly topologyDiagnostics: Diagnostic[];
  readonly counts: AnalysisCounts | null;
}

export interface FlowRow {
  /** 1-based line in the flow file. */
  line: number;
  flow: Flow;
  verdict: Verdict;
  /** The enforcing system's own action, when the file is a log that records it. */
  logged?: Action;
  /** Where the host came from, when a log named it (SNI, HTTP Host, CONNECT, DNS answer). */
  hostSource?: HostSource;
  /** The file the flow was read from, when several were simulated together. */
  file?: string;
}

export interface FlowRun {
  file: string;
  rows: FlowRow[];
  /**
   * Lines that are not flows, with the reason (docs/cli.md "Flow inputs"): `malformed`, or
   * `unknown-source` for a source that names no node of the topology. The first 1,000.
   */
  rejected: {
    line: number;
    kind: 'malformed' | 'unknown-source';
    reason: string;
    /** The file of the line, when several were simulated together. */
    file?: string;
  }[];
  /** All rejected lines, listed or not. */
  rejectedCount: number;
  /**
   * Lines a log format passes over on purpose (replies, other protocols, status records),
   * counted by reason; empty for flow files.
   */
  skipped?: { reason: string; count: number; file?: string }[];
  /** The input is a log another system wrote (not a flow file of our own). */
  fromLog?: boolean;
  /** Why the file could not be read at all (no known format, a bad header), else null. */
  error: string | null;
}

/** A file the user dropped or opened, read by the worker without copying it whole. */
export interface LogFile {
  name: string;
  blob: Blob;
}

/** What "Learn from traffic" shows: the proposal for the dropped logs (docs/traffic.md). */
export interface LearnRun {
  /** The proposed rules, each with its text (description and rule) and its expect lines. */
  rules: LearnedRule[];
  /** Sources the outbound-only guard calls external: listed, never allowed. */
  external: { src: string; connections: number }[];
  /** Attempts a deny rule of the policy decides: not learned. */
  deniedByRule: { rule: string; connections: number }[];
  learned: number;
  alreadyAllowed: number;
  loggedDenied: number;
  /** Of those, the attempts a learned rule allows all the same (the rule is flagged). */
  loggedDeniedAllowed: number;
  /** Lines of the logs that are not attempts, counted. */
  problems: number;
  /** Why the logs could not be read at all, else null. */
  error: string | null;
}

export interface ExporterInfo {
  target: string;
  description: string;
  /** The options the target declares, for the export dialog's controls. */
  options: readonly ExporterOption[];
}

/** Findings split by the file they point into; both empty for a project with errors. */
export interface ProjectFindings {
  policy: Diagnostic[];
  topology: Diagnostic[];
}

export interface FormatResult {
  text: string;
  changed: boolean;
  diagnostics: Diagnostic[];
}

export type EngineRequest =
  | { type: 'analyze'; project: ProjectInput }
  /** `JSON.stringify(AnalysisDetails)` of the same project's analysis. */
  | { type: 'analysis-details'; project: ProjectInput }
  /** The whole-space findings of the same project (docs/analysis.md), asked for on idle. */
  | { type: 'findings'; project: ProjectInput }
  /**
   * What the working copy changes against `base` (the project as last saved or opened):
   * `egress diff` of the two (docs/analysis.md).
   */
  | { type: 'changes'; base: ProjectInput; project: ProjectInput }
  | { type: 'test'; project: ProjectInput }
  | { type: 'explain'; project: ProjectInput; flow: Flow }
  /** The exact inventory of allowed flows (docs/exporters.md "The audit inventory"). */
  | { type: 'inventory'; project: ProjectInput }
  | { type: 'simulate-flows'; project: ProjectInput; file: { name: string; text: string } }
  /**
   * Logs or flow files as the user dropped or opened them, read in the worker as streams
   * (gzip too): companion logs (Zeek's `ssl.log`) are joined into their main log, as by
   * `egress simulate --flows A --flows B` (docs/traffic.md "In the app"). The rows come
   * ahead of the answer in `simulate-logs` progress messages, a batch at a time.
   */
  | { type: 'simulate-logs'; project: ProjectInput; files: LogFile[] }
  | { type: 'export'; project: ProjectInput; targets: string[]; options: ExportOptions }
  | {
      type: 'learn';
      project: ProjectInput;
      files: { name: string; text: string }[];
      includeDenied: boolean;
    }
  | { type: 'format'; text: string }
  | { type: 'list-exporters' };

/** The result type of each request type. */
export interface EngineResults {
  analyze: AnalysisMessage;
  'analysis-details': DetailsTexts;
  findings: ProjectFindings;
  /** Each class of flows whose verdict or log flag differs, with a witness flow. */
  changes: FlowChange[];
  test: TestReport;
  explain: Explanation;
  inventory: Inventory;
  'simulate-flows': FlowRun;
  /** The run without its rows, which came in progress messages. */
  'simulate-logs': FlowRun;
  export: ExportResult[];
  learn: LearnRun;
  format: FormatResult;
  'list-exporters': ExporterInfo[];
}

export type RequestType = EngineRequest['type'];

/** What a long request reports before its answer, by request type (`never`: nothing). */
export interface EngineProgress {
  /** A batch of rows in input order, and how many flows were read so far. */
  'simulate-logs': { rows: FlowRow[]; read: number };
}

export type ProgressOf<T extends RequestType> = T extends keyof EngineProgress
  ? EngineProgress[T]
  : never;

export interface RequestEnvelope {
  id: number;
  request: EngineRequest;
}

export type ResponseEnvelope =
  | { id: number; progress: EngineProgress[keyof EngineProgress] }
  | { id: number; ok: true; result: EngineResults[RequestType] }
  | { id: number; ok: false; error: string };
