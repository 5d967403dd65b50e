/**
 * The checked project, one way for every caller (docs/architecture.md "The Project API"): the
 * CLI, the app's worker and the desktop build a `Project` from texts and ask it to check,
 * simulate a flow source, run the tests, explain a flow and export. Pure: callers read the
 * files, the Project answers.
 */
import { analysisDiagnostics } from '../analysis/index.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Action, Flow, PolicyModel, Topology } from '../core/model.js';
import { compileMatcher, explainFlow, runPolicyTests } from '../engine/index.js';
import type { CompiledMatcher, Explanation, TestReport } from '../engine/index.js';
import { sourceProblem } from '../engine/validate-flow.js';
import { findExporter } from '../export/registry.js';
import type { ExportOptions, ExportResult } from '../export/types.js';
import type { CompanionCollector, HostSource } from '../flows/flow-format.js';
import { FlowInputError, FlowReader, planFlowInputs } from '../flows/flow-reader.js';
import type { FlowProblem, SkipCount } from '../flows/flow-reader.js';
import { sourceLabelsFromTopology } from '../flows/formats/hubble.js';
import { checkPolicy } from '../language/index.js';
import type { PolicySymbols, StatementReuse } from '../language/index.js';
import { parseTopology, validateTopology } from '../topology/index.js';
import type { Verdict } from '../core/model.js';

/** Where the topology comes from. */
export type TopologySource =
  /** A `topology.yaml` text: parsed here, its diagnostics carry ranges. */
  | { text: string; file: string }
  /** A model already in hand (the app's canvas): validated here. */
  | { model: Topology }
  /** Already parsed by the file layer, with what it found (a project folder loaded from disk). */
  | { model: Topology | undefined; diagnostics: Diagnostic[] };

export interface ProjectSource {
  policyText: string;
  policyFile: string;
  topology?: TopologySource;
  /**
   * The host's name for the project (a folder's or file's name), used only when neither the
   * topology nor the policy names it: every host gives the same project the same name.
   */
  name?: string;
  /** The editor's incremental parsing: statements unchanged since the last check are reused. */
  reuse?: StatementReuse;
  /** The date (YYYY-MM-DD) that review-by dates are compared with; no overdue warnings without it. */
  today?: string;
}

/** One flow of a flow source with its verdict. */
export interface SimulatedFlow {
  line: number;
  flow: Flow;
  verdict: Verdict;
  /** The enforcing system's own decision, when the log records one. */
  logged?: Action;
  /** Where the host came from, when a log named it (SNI, HTTP Host, …). */
  hostSource?: HostSource;
}

/** How to read a flow source beyond its text. */
export interface FlowReadOptions {
  /** `--input-format NAME`: skips detection. */
  format?: string;
  /** Hubble: the workload label whose value names a topology node or role. */
  sourceLabel?: string;
  /** The run's companion collectors, already filled, by format name. */
  companions?: ReadonlyMap<string, CompanionCollector>;
  /** Reads the file as companions into this collector instead of as flows. */
  collectInto?: CompanionCollector;
}

export interface FlowSimulation {
  file: string;
  rows: SimulatedFlow[];
  /** Malformed lines and unknown sources, in file order (the first FlowReader keeps). */
  problems: FlowProblem[];
  problemCount: number;
  /** Lines the format skipped (replies, unsupported protocols, …), counted by reason. */
  skips: SkipCount[];
}

/** The project has errors: simulating, testing, explaining or exporting it would mislead. */
export class ProjectErrors extends Error {
  override readonly name = 'ProjectErrors';
  constructor(readonly errors: Diagnostic[]) {
    super(`${errors.length} error${errors.length === 1 ? '' : 's'} in the project`);
  }
}

export class Project {
  readonly name: string;
  readonly policyFile: string;
  readonly topology: Topology | undefined;
  readonly policy: PolicyModel;
  readonly symbols: PolicySymbols;
  /** Topology (and project folder) diagnostics, then the policy's: the order every caller shows. */
  readonly topologyDiagnostics: Diagnostic[];
  readonly policyDiagnostics: Diagnostic[];
  private compiled: CompiledMatcher | undefined;
  private analysed: Diagnostic[] | undefined;

  constructor(source: ProjectSource) {
    const { topology, diagnostics } = readTopology(source.topology);
    this.topology = topology;
    this.topologyDiagnostics = diagnostics;
    const checked = checkPolicy(source.policyText, {
      file: source.policyFile,
      ...(source.reuse ? { reuse: source.reuse } : {}),
      ...(source.today !== undefined ? { today: source.today } : {}),
      ...(topology ? { topology } : {}),
    });
    this.policy = checked.model;
    this.symbols = checked.symbols;
    this.policyDiagnostics = checked.diagnostics;
    this.policyFile = source.policyFile;
    this.name = topology?.name || checked.model.name || source.name || 'untitled';
  }

  get diagnostics(): Diagnostic[] {
    return [...this.topologyDiagnostics, ...this.policyDiagnostics];
  }

  get errors(): Diagnostic[] {
    return this.diagnostics.filter((d) => d.severity === 'error');
  }

  /**
   * The whole-space analysis as diagnostics (dead, shadowed, redundant and overridden rules,
   * expectations that never hold, edges never allowed), at the rules' and edges' ranges.
   * Empty for a project with errors, and for a lone policy without a topology: there
   * `role:`, `zone:` and `node:` items match nothing and every rule using them would be
   * reported (`egress analyze` still reports them).
   */
  findings(topologyFile?: string): Diagnostic[] {
    if (this.topology === undefined || this.errors.length > 0) return [];
    return (this.analysed ??= analysisDiagnostics(this.policy, this.topology, {
      policyFile: this.policyFile,
      ...(topologyFile !== undefined ? { topologyFile } : {}),
    }));
  }

  /** The compiled policy; refuses a project with errors. */
  matcher(): CompiledMatcher {
    const errors = this.errors;
    if (errors.length > 0) throw new ProjectErrors(errors);
    return (this.compiled ??= compileMatcher(this.policy, this.topology));
  }

  /**
   * A reader for one flow source, which reports sources that name no node of the topology
   * (without a topology, any node id is taken as given).
   */
  flowReader(file: string, options: FlowReadOptions = {}): FlowReader {
    const topology = this.topology;
    const { format, sourceLabel, companions, collectInto } = options;
    if (sourceLabel !== undefined && topology === undefined) {
      throw new FlowInputError(
        `a source label (${sourceLabel}) names topology nodes, and this project has no topology`,
      );
    }
    return new FlowReader({
      file,
      ...(format !== undefined ? { format } : {}),
      ...(topology ? { sourceProblem: (src: string) => sourceProblem(src, topology) } : {}),
      ...(sourceLabel !== undefined && topology
        ? { sourceLabels: sourceLabelsFromTopology(sourceLabel, topology) }
        : {}),
      ...(companions !== undefined ? { companions } : {}),
      ...(collectInto !== undefined ? { collectInto } : {}),
    });
  }

  /**
   * Decides every flow of a whole text (a flow file the app holds). `companions` are the
   * texts of companion logs (Zeek's `ssl.log` beside a `conn.log`), read first.
   */
  simulateText(
    file: { name: string; text: string },
    options: Omit<FlowReadOptions, 'companions' | 'collectInto'> & {
      companions?: readonly { name: string; text: string }[];
    } = {},
  ): FlowSimulation {
    const matcher = this.matcher();
    const { companions: companionTexts = [], ...readOptions } = options;
    const companions = readCompanionTexts(companionTexts, file, options.format);
    const reader = this.flowReader(file.name, { ...readOptions, companions });
    const rows: SimulatedFlow[] = [];
    for (const r of [...reader.push(file.text), ...reader.end()]) {
      if (r.kind === 'flow') {
        const { flow, line, logged, hostSource } = r.observed;
        const row: SimulatedFlow = { line, flow, verdict: matcher.evaluate(flow) };
        if (logged !== undefined) row.logged = logged;
        if (hostSource !== undefined) row.hostSource = hostSource;
        rows.push(row);
      }
    }
    return {
      file: file.name,
      rows,
      problems: reader.problems,
      problemCount: reader.problemCount,
      skips: reader.skips,
    };
  }

  /** The `expect` lines and the topology's edges, decided. */
  test(): TestReport {
    return runPolicyTests(this.policy, this.topology, this.matcher());
  }

  explain(flow: Flow): Explanation {
    this.matcher();
    return explainFlow(this.policy, this.topology, flow);
  }

  /** Runs one exporter of the registry; undefined for an unknown target. */
  export(target: string, options: ExportOptions): ExportResult | undefined {
    this.matcher();
    const exporter = findExporter(target);
    return exporter?.run(
      {
        policy: this.policy,
        ...(this.topology ? { topology: this.topology } : {}),
        project: { name: this.name, policyFile: this.policyFile },
      },
      options,
    );
  }
}

/** Companion texts read into their formats' collectors (malformed companion lines are dropped). */
function readCompanionTexts(
  texts: readonly { name: string; text: string }[],
  main: { name: string; text: string },
  format: string | undefined,
): Map<string, CompanionCollector> {
  const collectors = new Map<string, CompanionCollector>();
  if (texts.length === 0) return collectors;
  const headOf = (text: string) =>
    text
      .split('\n', 200)
      .filter((l) => l.trim() !== '')
      .slice(0, 20);
  const plan = planFlowInputs(
    [...texts, main].map((t) => ({ file: t.name, head: headOf(t.text) })),
    format,
  );
  for (const { index, format: owner } of plan.companions) {
    const collector = collectors.get(owner.name) ?? owner.companion!.collector();
    collectors.set(owner.name, collector);
    const reader = new FlowReader({
      file: texts[index]!.name,
      format: owner.name,
      collectInto: collector,
    });
    reader.push(texts[index]!.text);
    reader.end();
  }
  const notCompanion = plan.flows.find((i) => i < texts.length);
  if (notCompanion !== undefined) {
    throw new FlowInputError(
      `${texts[notCompanion]!.name}: not a companion log (such as Zeek's ssl.log); simulate one flow file at a time`,
    );
  }
  return collectors;
}

function readTopology(source: TopologySource | undefined): {
  topology: Topology | undefined;
  diagnostics: Diagnostic[];
} {
  if (source === undefined) return { topology: undefined, diagnostics: [] };
  if ('text' in source) {
    const parsed = parseTopology(source.text, { file: source.file });
    return { topology: parsed.topology ?? undefined, diagnostics: parsed.diagnostics };
  }
  if ('diagnostics' in source) return { topology: source.model, diagnostics: source.diagnostics };
  return { topology: source.model, diagnostics: validateTopology(source.model) };
}
