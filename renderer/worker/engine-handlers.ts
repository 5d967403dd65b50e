/**
 * What the engine worker does for each request, as plain functions (tested in Node).
 * The last checked policy and compiled matcher are cached by input identity, so a
 * simulation right after an analysis does not check the policy again.
 */
import {
  buildInventory,
  diffProjects,
  EXPORTERS,
  FlowInputError,
  formatPolicy,
  learnPolicy,
  Project,
  readObservedFlows,
  StatementReuse,
  UnreadableFlowInput,
  utcToday,
  type FlowChange,
  type PolicyModel,
  type PolicySymbols,
  type Range,
} from '../../simulator/index.js';
import { simulateLogs } from './log-simulation.js';
import type {
  AnalysisDetails,
  AnalysisMessage,
  DetailsTexts,
  EngineProgress,
  EngineRequest,
  EngineResults,
  FlowRun,
  LearnRun,
  ProjectFindings,
  ProjectInput,
  RequestType,
} from './protocol.js';

/** The file name topology findings carry (the project's topology is always this file). */
const TOPOLOGY_FILE = 'topology.yaml';

interface Checked {
  key: string;
  project: Project;
  message: AnalysisMessage;
  /** The checked model, null when the policy could not be read. */
  model: PolicyModel | null;
  symbols: PolicySymbols;
  /** The details as JSON, made on the first request for them. */
  detailsJson: DetailsTexts | null;
}

/**
 * The details as the UI receives them. Items (in rules and sets) go without their ranges:
 * the UI shows items by their text, while rules, sets and symbols keep their ranges. Item
 * ranges were most of the text (1.5 of 2.5 MB for a 2,000-line policy) and of the time the
 * worker spent making it, time in which an edit would have waited.
 */
function detailsText(c: Checked): DetailsTexts {
  const model = c.model;
  const protocolSymbols: AnalysisDetails['symbols'] = {
    definitions: c.symbols.definitions.map((d) => ({
      name: d.name,
      kind: d.kind,
      range: d.range,
      description: d.description ?? null,
    })),
    references: c.symbols.references.map((r) => ({ name: r.name, kind: r.kind, range: r.range })),
  };
  const symbols = JSON.stringify(protocolSymbols);
  if (model === null) return { symbols, model: 'null' };
  const lean: PolicyModel = {
    ...model,
    rules: model.rules.map((r) => ({
      ...r,
      from: r.from.map(withoutRange),
      to: r.to.map(withoutRange),
      services: r.services && r.services.map(withoutRange),
    })),
    sets: model.sets.map((s) => ({
      ...s,
      hosts: s.hosts.map(withoutRange),
      nets: s.nets.map(withoutRange),
      services: s.services.map(withoutRange),
    })),
  };
  return { symbols, model: JSON.stringify(lean) };
}

function withoutRange<T extends { range?: Range }>(item: T): T {
  const { range: _range, ...rest } = item;
  return rest as T;
}

function inputKey(project: ProjectInput): string {
  return `${project.policyFile}\u0000${project.policyText}\u0000${JSON.stringify(project.topology)}`;
}

export class EngineSession {
  private last: Checked | null = null;
  /** The baseline of the Changes view, kept apart: it rarely changes while the working copy does. */
  private baseline: { key: string; project: Project } | null = null;
  /** The statements of the last check: an edit parses only what it changed. */
  private readonly reuse = new StatementReuse();

  /** How many statements the latest request had to parse (0 when none checked anything). */
  parsedStatements = 0;

  private check(project: ProjectInput): Checked {
    // Structured clone gives a new topology object per message, so identity cannot be the key.
    const key = inputKey(project);
    this.parsedStatements = 0;
    if (this.last && this.last.key === key) return this.last;
    const topology = project.topology;
    const checked = new Project({
      policyText: project.policyText,
      policyFile: project.policyFile,
      reuse: this.reuse,
      today: utcToday(),
      ...(topology ? { topology: { model: topology } } : {}),
    });
    this.parsedStatements = this.reuse.parsed;
    const model = checked.policy;
    const message: AnalysisMessage = {
      policyDiagnostics: checked.policyDiagnostics,
      topologyDiagnostics: checked.topologyDiagnostics,
      counts: model
        ? {
            rules: model.rules.length,
            expectations: model.expectations.length,
            sets: model.sets.length,
          }
        : null,
    };
    // The symbols are copied into the protocol's shape only when the details are asked for,
    // which most keystrokes never are.
    const symbols = checked.symbols;
    this.last = { key, project: checked, message, model, symbols, detailsJson: null };
    return this.last;
  }

  /** The analysis findings, split by file (the worker computes them once per check). */
  private findings(project: ProjectInput): ProjectFindings {
    const c = this.check(project);
    const all = c.model ? c.project.findings(TOPOLOGY_FILE) : [];
    return {
      policy: all.filter((d) => d.file !== TOPOLOGY_FILE),
      topology: all.filter((d) => d.file === TOPOLOGY_FILE),
    };
  }

  /** The project as last saved or opened, checked once per version. */
  private baselineProject(input: ProjectInput): Project {
    const key = inputKey(input);
    if (this.baseline?.key === key) return this.baseline.project;
    const project = new Project({
      policyText: input.policyText,
      policyFile: input.policyFile,
      today: utcToday(),
      ...(input.topology ? { topology: { model: input.topology } } : {}),
    });
    if (project.errors.length > 0) {
      throw new Error(
        'The project as last saved has errors, so there is nothing exact to compare with; save it once it checks clean.',
      );
    }
    this.baseline = { key, project };
    return project;
  }

  private changes(base: ProjectInput, input: ProjectInput): FlowChange[] {
    const head = this.requireModel(input);
    const before = this.baselineProject(base);
    return diffProjects(
      { policy: before.policy, topology: before.topology },
      { policy: head.policy, topology: head.topology },
    );
  }

  private requireModel(project: ProjectInput): Project {
    const c = this.check(project);
    if (!c.model)
      throw new Error('The policy could not be read; fix the errors shown in Problems.');
    const errors = c.project.errors;
    if (errors.length > 0) {
      throw new Error(
        `${errors.length} error${errors.length === 1 ? '' : 's'} in the project; fix ${errors.length === 1 ? 'it' : 'them'} first (see Problems).`,
      );
    }
    return c.project;
  }

  /** The one request answered asynchronously: its files are read as streams. */
  simulateLogs(
    request: Extract<EngineRequest, { type: 'simulate-logs' }>,
    emit: (progress: EngineProgress['simulate-logs']) => void,
  ): Promise<FlowRun> {
    return simulateLogs(this.requireModel(request.project), request.files, emit);
  }

  handle<T extends Exclude<RequestType, 'simulate-logs'>>(
    request: Extract<EngineRequest, { type: T }>,
  ): EngineResults[T];
  handle(request: Exclude<EngineRequest, { type: 'simulate-logs' }>): EngineResults[RequestType] {
    switch (request.type) {
      case 'analyze':
        return this.check(request.project).message;
      case 'analysis-details': {
        const c = this.check(request.project);
        return (c.detailsJson ??= detailsText(c));
      }
      case 'findings':
        return this.findings(request.project);
      case 'changes':
        return this.changes(request.base, request.project);
      case 'test':
        return this.requireModel(request.project).test();
      case 'explain':
        return this.requireModel(request.project).explain(request.flow);
      case 'inventory': {
        const project = this.requireModel(request.project);
        return buildInventory(project.policy, project.topology);
      }
      case 'simulate-flows':
        return simulateFlowFile(this.requireModel(request.project), request.file);
      case 'export': {
        const project = this.requireModel(request.project);
        return request.targets.map((target) => {
          const result = project.export(target, request.options);
          if (!result) throw new Error(`Unknown export target "${target}".`);
          return result;
        });
      }
      case 'learn':
        return learnFromLogs(
          this.requireModel(request.project),
          request.project,
          request.files,
          request.includeDenied,
        );
      case 'format':
        return formatPolicy(request.text);
      case 'list-exporters':
        return EXPORTERS.map((e) => ({
          target: e.target,
          description: e.description,
          options: e.options,
        }));
    }
  }
}

/**
 * Verdicts for every flow of a flow file, in file order, with the lines that are not flows
 * (malformed, or a source that names no node) and why: the same reader and answers as
 * `egress simulate`.
 */
export function simulateFlowFile(project: Project, file: { name: string; text: string }): FlowRun {
  try {
    const run = project.simulateText(file);
    return {
      file: file.name,
      rows: run.rows,
      rejected: run.problems,
      rejectedCount: run.problemCount,
      skipped: run.skips,
      error: null,
    };
  } catch (error) {
    if (!(error instanceof FlowInputError)) throw error;
    return { file: file.name, rows: [], rejected: [], rejectedCount: 0, error: error.message };
  }
}

/** The proposal for dropped logs: the same reading and learning as `egress learn`. */
export function learnFromLogs(
  project: Project,
  input: ProjectInput,
  files: { name: string; text: string }[],
  includeDenied: boolean,
): LearnRun {
  const empty = {
    learned: 0,
    alreadyAllowed: 0,
    loggedDenied: 0,
    loggedDeniedAllowed: 0,
    problems: 0,
  };
  try {
    const topology = project.topology;
    const read = readObservedFlows(files, topology ? { topology } : {});
    const proposal = learnPolicy(
      {
        policyText: input.policyText,
        policyFile: input.policyFile,
        ...(topology ? { topology } : {}),
      },
      read.flows,
      { includeDenied },
    );
    return {
      rules: proposal.rules,
      external: proposal.external,
      deniedByRule: proposal.deniedByRule.map(({ rule, connections }) => ({ rule, connections })),
      learned: proposal.learned,
      alreadyAllowed: proposal.alreadyAllowed,
      loggedDenied: proposal.loggedDenied,
      loggedDeniedAllowed: proposal.loggedDeniedAllowed,
      problems: read.problems.length,
      error: null,
    };
  } catch (error) {
    if (!(error instanceof UnreadableFlowInput)) throw error;
    return { rules: [], external: [], deniedByRule: [], ...empty, error: error.message };
  }
}
