/** `egress simulate PROJECT --flows FILE|-`: the verdict for every flow of a flow file. */
import type { Command } from 'commander';
import type { CompiledMatcher } from '../../engine/index.js';
import type { CompanionCollector } from '../../flows/flow-format.js';
import type { FlowReader, FlowReading } from '../../flows/flow-reader.js';
import { describeSkips, FlowInputError } from '../../flows/flow-reader.js';
import { FLOW_FORMATS, isFlowFileFormat } from '../../flows/formats/index.js';
import type { Project } from '../../project/project.js';
import { EXIT_FINDINGS, EXIT_OK, UserError } from '../errors.js';
import { flowInputName, openFlowBytes, planFlowFiles, readFlowInput } from '../flow-input.js';
import { parseFormat } from '../options.js';
import { OutputSink } from '../output-sink.js';
import { loadValidProject } from '../project.js';
import { simulateWithDuckDb } from '../simulate-duckdb.js';
import { progressReporter } from '../terminal.js';
import type { RuleTally } from '../simulate-output.js';
import { simulateInParallel } from '../simulate/parallel-simulate.js';
import {
  DECISION_BIAS,
  DisagreementTally,
  resultFormatter,
  resultHeader,
  SIMULATE_FORMATS,
  summaryLines,
  writeSummary,
} from '../simulate-output.js';
import type { SetExitCode } from './set-exit.js';

interface SimulateOptions {
  flows: string[];
  inputFormat?: string;
  sourceLabel?: string;
  format: string;
  strictInput?: boolean;
  engine: string;
}

const ENGINES = ['matcher', 'duckdb'] as const;

export function registerSimulate(program: Command, setExit: SetExitCode): void {
  program
    .command('simulate')
    .description(
      'decide every flow of a flow file (CSV, JSONL) or log (VPC, GCP, Squid, Zeek, Hubble, Suricata) with the compiled policy',
    )
    .argument('<project>', 'a project folder, or a single .egress file')
    .requiredOption(
      '--flows <file>',
      'flow file (.csv with header src,host,ip,proto,port,method,path, or .jsonl; .gz of one too); - reads stdin; repeat to read several in order',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--input-format <name>',
      `read the flow files as this format instead of detecting it (${FLOW_FORMATS.map((f) => f.name).join(', ')})`,
    )
    .option(
      '--source-label <key>',
      'Hubble: name each source by the value of this pod label (a topology node id or role) instead of its IP',
    )
    .option('--format <format>', 'table, jsonl, csv or summary (the counts per rule only)', 'table')
    .option(
      '--engine <engine>',
      'matcher (in-process, streaming) or duckdb (the sql export run in an embedded DuckDB over CSV, JSONL, Parquet or an AWS VPC flow log)',
      'matcher',
    )
    .option('--strict-input', 'stop at the first malformed line (exit 2) instead of skipping it')
    .addHelpText(
      'after',
      '\nOutput is in input order. A summary (flows per deciding rule) follows the table, or goes to\n' +
        "stderr with --format jsonl|csv. When a log records the enforcing system's own action, the\n" +
        'results carry it (logged) and a disagreement report follows the summary. Malformed lines,\n' +
        'and flows whose source names no node of the topology, are reported on stderr with their\n' +
        'file and line number and skipped; lines a log format skips (replies, other protocols) are\n' +
        "counted once per file on stderr. Several --flows: companion logs (Zeek's ssl.log, http.log,\n" +
        'dns.log) are read first and name the hosts of the conn.log.\n' +
        'Exit status: 0 every line was decided, 1 some lines were skipped, 2 unreadable input or\n' +
        'a skipped line with --strict-input.',
    )
    .action(async (path: string, options: SimulateOptions) => {
      const format = parseFormat(options.format, SIMULATE_FORMATS);
      const checked = await loadValidProject(path, 'simulate');
      const project = checked.checked;
      if (!(ENGINES as readonly string[]).includes(options.engine)) {
        throw new UserError(
          `--engine ${options.engine}: unknown engine; use one of ${ENGINES.join(', ')}`,
        );
      }
      if (options.engine === 'duckdb') {
        if (options.sourceLabel !== undefined) {
          throw new UserError(
            '--source-label reads Hubble logs, which --engine duckdb does not read',
          );
        }
        setExit(
          await simulateWithDuckDb(project, {
            flows: options.flows,
            inputFormat: options.inputFormat,
            format,
            strictInput: options.strictInput === true,
            ruleOrder: checked.policy.rules.map((r) => r.id),
          }),
        );
        return;
      }
      // The policy is compiled when first needed (`project.matcher()` keeps it): for a large
      // file, after the worker threads have started compiling theirs.
      const plan = await planFlowFiles(options.flows, options.inputFormat);

      const out = new OutputSink();
      const progress = progressReporter('simulating: flows');
      // Counts by `decide` result (rule position, or the default and inbound codes below 0).
      const flowsByDecision = new Float64Array(project.policy.rules.length + DECISION_BIAS);
      const disagreements = new DisagreementTally();
      let total = 0;
      let allowed = 0;
      let skipped = 0;
      let unknownSources = 0;
      // The header waits for the first input's format: a log adds the logged columns.
      let fromLog: boolean | undefined;
      const problem = async (flowName: string, reading: FlowReading & { kind: 'problem' }) => {
        const { line, reason, kind } = reading.problem;
        if (options.strictInput) {
          // Everything decided before the first problem is written, as by the parallel path.
          await out.flush();
          throw new UserError(`${flowName}:${line}: ${reason}`);
        }
        if (kind === 'unknown-source') unknownSources++;
        else skipped++;
        process.stderr.write(`${flowName}:${line}: skipped: ${reason}\n`);
      };

      const companions = new Map<string, CompanionCollector>();
      for (const { index, format: owner } of plan.companions) {
        const collector = companions.get(owner.name) ?? owner.companion!.collector();
        companions.set(owner.name, collector);
        const input = options.flows[index]!;
        const batches = readFlowInput(
          input,
          (file) => readerFor(project, file, { format: owner.name, collectInto: collector }),
          plan.opened[index],
        );
        for await (const batch of batches) {
          for (const reading of batch) {
            if (reading.kind === 'problem') await problem(flowInputName(input), reading);
          }
        }
      }

      for (const index of plan.flows) {
        const input = options.flows[index]!;
        const flowName = flowInputName(input);
        let reader: FlowReader | undefined;
        // A large flow file of our own goes to the worker threads (byte for byte the same
        // output); stdin and gzip as streams, which either path reads from the start.
        const toThreads = fromLog !== true && options.sourceLabel === undefined;
        const bytes = plan.opened[index] ?? (toThreads ? await openFlowBytes(input) : undefined);
        const batches = readFlowInput(
          input,
          (file) =>
            (reader = readerFor(project, file, {
              ...(options.inputFormat !== undefined ? { format: options.inputFormat } : {}),
              ...(options.sourceLabel !== undefined ? { sourceLabel: options.sourceLabel } : {}),
              companions,
            })),
          bytes,
        );
        if (toThreads) {
          const parallel = await simulateInParallel({
            path: input,
            ...(bytes !== undefined ? { bytes } : {}),
            format,
            strictInput: options.strictInput === true,
            project: checked,
            out,
            flowsByDecision,
            progress,
            ...(options.inputFormat !== undefined ? { inputFormat: options.inputFormat } : {}),
            beforeOutput: () => {
              if (fromLog === undefined) {
                fromLog = false;
                out.write(resultHeader(format, fromLog));
              }
            },
          });
          if (parallel !== undefined) {
            total += parallel.total;
            allowed += parallel.allowed;
            skipped += parallel.skipped;
            unknownSources += parallel.unknownSources;
            continue;
          }
        }
        const matcher = project.matcher();
        let resultText: ReturnType<typeof resultFormatter>;
        try {
          for await (const batch of batches) {
            if (fromLog === undefined) {
              fromLog = reader?.format !== undefined && !isFlowFileFormat(reader.format);
              out.write(resultHeader(format, fromLog));
            }
            resultText ??= resultFormatter(format, matcher, fromLog);
            for (const reading of batch) {
              if (reading.kind === 'problem') {
                await problem(flowName, reading);
                continue;
              }
              const observed = reading.observed;
              const decision = matcher.decide(observed.flow);
              const verdict = matcher.verdictFor(decision);
              total++;
              if (verdict.verdict === 'allow') allowed++;
              const at = decision + DECISION_BIAS;
              flowsByDecision[at]!++;
              if (observed.logged !== undefined) disagreements.add(flowName, observed, verdict);
              if (resultText !== undefined) out.write(resultText(observed, decision));
            }
            progress.update(total);
            await out.maybeFlush();
          }
        } catch (error) {
          // An input that fails part way (a gzip stream cut off, a read error): what was
          // decided before the failure is written, as the worker threads write it.
          await out.flush();
          throw error;
        }
        if (fromLog === undefined) {
          fromLog = reader?.format !== undefined && !isFlowFileFormat(reader.format);
          out.write(resultHeader(format, fromLog));
        }
        if (reader !== undefined) {
          for (const line of describeSkips(flowName, reader.skips)) {
            process.stderr.write(line + '\n');
          }
        }
      }
      progress.done();

      const summary =
        summaryLines(
          { total, allowed, skipped, unknownSources },
          tallies(project.matcher(), flowsByDecision),
          checked.policy.rules.map((r) => r.id),
        ) + disagreements.report();
      await writeSummary(out, format, summary);
      setExit(skipped + unknownSources > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}

/** The project's reader for one input; a source label without a topology is a user error. */
function readerFor(
  project: Project,
  file: string,
  options: Parameters<Project['flowReader']>[1],
): FlowReader {
  try {
    return project.flowReader(file, options);
  } catch (error) {
    if (error instanceof FlowInputError) throw new UserError(error.message);
    throw error;
  }
}

function tallies(matcher: CompiledMatcher, flowsByDecision: Float64Array): RuleTally[] {
  const found: RuleTally[] = [];
  flowsByDecision.forEach((flows, i) => {
    if (flows === 0) return;
    const v = matcher.verdictFor(i - DECISION_BIAS);
    found.push({ rule: v.rule, verdict: v.verdict, flows });
  });
  return found;
}
