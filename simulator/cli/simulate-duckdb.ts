/**
 * `egress simulate --engine duckdb` (docs/cli.md "`egress simulate`"): the `sql` target's
 * DuckDB script run in an embedded DuckDB over each flow file (CSV, JSONL, Parquet, or an
 * AWS VPC flow log), printed as the in-process engine prints it. Rows
 * the script leaves undecided are parsed by the flow reader's own rules to say why, and
 * reported as `FILE:N` by line for text files (read line by line), as `FILE:row N` for
 * Parquet.
 */
import type { Flow, Verdict } from '../core/model.js';
import { sourceProblem } from '../engine/validate-flow.js';
import type { ObservedFlow } from '../flows/flow-format.js';
import { describeSkips } from '../flows/flow-reader.js';
import { makeFlow } from '../flows/formats/log-fields.js';
import { normalizeFlow } from '../flows/flow-record.js';
import { CsvHeaderError } from '../node/duckdb-csv.js';
import type { DuckDbInputKind } from '../node/duckdb-engine.js';
import { decideWithDuckDb, duckDbCountsLines } from '../node/duckdb-engine.js';
import { startsWithParquet } from '../node/file-magic.js';
import type { Project } from '../project/project.js';
import { EXIT_FINDINGS, EXIT_OK, UserError } from './errors.js';
import { checkFlowFile, flowFileFormat, flowInputName } from './flow-input.js';
import { OutputSink } from './output-sink.js';
import type { RuleTally, SimulateFormat } from './simulate-output.js';
import {
  DisagreementTally,
  formatResult,
  jsonlResult,
  jsonlTail,
  resultHeader,
  summaryLines,
  writeSummary,
} from './simulate-output.js';
import { progressReporter } from './terminal.js';

const DUCKDB_KINDS: readonly DuckDbInputKind[] = ['csv', 'jsonl', 'parquet', 'aws-vpc'];

/**
 * The input kind of one file: `--input-format` if given, else its content, as the default
 * engine tells it (whatever its name says): Parquet by its magic bytes, a text file (gunzipped
 * when it is gzip) by the flow reader's detection. A file that is missing, unreadable or a
 * folder is refused as the default engine refuses it.
 */
async function duckDbKindOf(
  project: Project,
  path: string,
  inputFormat: string | undefined,
): Promise<DuckDbInputKind> {
  if (path === '-') {
    throw new UserError('--engine duckdb reads files, not stdin; give the flow file by its path');
  }
  const file = await checkFlowFile(path, '.csv, .jsonl, .parquet, or .gz of one');
  if (!file.regular) {
    throw new UserError(
      `${path}: not a regular file (a pipe or a device); --engine duckdb reads files where they lie, so save it to a file or drop --engine duckdb`,
    );
  }
  const readable = (name: string) => (DUCKDB_KINDS as readonly string[]).includes(name);
  if (inputFormat !== undefined) {
    if (readable(inputFormat)) return inputFormat as DuckDbInputKind;
    throw new UserError(
      `--engine duckdb reads the input formats ${DUCKDB_KINDS.join(', ')}, not ${JSON.stringify(inputFormat)}; drop --engine duckdb to read it`,
    );
  }
  if (await startsWithParquet(path)) return 'parquet';
  const format = await flowFileFormat(path, project.flowReader(flowInputName(path)));
  if (readable(format)) return format as DuckDbInputKind;
  throw new UserError(
    `${path}: its format is ${format}, which --engine duckdb does not read (it reads ${DUCKDB_KINDS.join(', ')}); drop --engine duckdb to read it`,
  );
}

/** The DuckDB classification script of the project's `sql` export. */
function duckDbScript(project: Project): string {
  const file = project
    .export('sql', {})
    ?.files.find((f) => f.path === 'duckdb/egress-decisions.sql');
  if (file === undefined) throw new Error('the sql target wrote no duckdb/egress-decisions.sql');
  return file.content;
}

export interface DuckDbSimulation {
  flows: readonly string[];
  inputFormat: string | undefined;
  format: SimulateFormat;
  strictInput: boolean;
  ruleOrder: string[];
}

/** Runs the whole command with DuckDB deciding; returns the exit status. */
export async function simulateWithDuckDb(project: Project, run: DuckDbSimulation): Promise<number> {
  const kinds: DuckDbInputKind[] = [];
  for (const path of run.flows) kinds.push(await duckDbKindOf(project, path, run.inputFormat));
  const script = duckDbScript(project);
  const { format } = run;
  const out = new OutputSink();
  const progress = progressReporter('simulating: flows');
  const byRule = new Map<string, RuleTally>();
  const tails = new Map<string, string>();
  let total = 0;
  let allowed = 0;
  let skipped = 0;
  let unknownSources = 0;
  const disagreements = new DisagreementTally();
  const fromLog = kinds[0] === 'aws-vpc';
  out.write(resultHeader(format, fromLog));

  for (const [i, path] of run.flows.entries()) {
    try {
      // Records a log format passes over, counted by reason as the in-process reader counts them.
      const skips = new Map<string, number>();
      const where = duckDbCountsLines(kinds[i]!)
        ? (row: number) => `${path}:${row}`
        : (row: number) => `${path}:row ${row}`;
      for await (const rows of decideWithDuckDb(script, path, kinds[i]!)) {
        for (const { row, fields, verdict, skip, logged, problem: refusal } of rows) {
          // A record the log reader passes over (the engine refuses a bad address first).
          if (skip !== undefined) {
            skips.set(skip, (skips.get(skip) ?? 0) + 1);
            continue;
          }
          const parsed = normalizeFlow(fields);
          // The script leaves undecided what the reader refuses: say why as the reader does.
          const unknown =
            refusal === undefined && parsed.ok && project.topology !== undefined
              ? sourceProblem(parsed.flow.src, project.topology)
              : undefined;
          const problem =
            refusal ??
            (!parsed.ok
              ? parsed.reason
              : (unknown ?? (verdict === null ? 'not decided by the SQL script' : undefined)));
          if (!parsed.ok || verdict === null || problem !== undefined) {
            const reason = problem ?? 'not decided by the SQL script';
            if (run.strictInput) throw new UserError(`${where(row)}: ${reason}`);
            if (unknown !== undefined) unknownSources++;
            else skipped++;
            process.stderr.write(`${where(row)}: skipped: ${reason}\n`);
            continue;
          }
          total++;
          if (verdict.verdict === 'allow') allowed++;
          tally(byRule, verdict);
          const observed: ObservedFlow = {
            flow: kinds[i] === 'aws-vpc' ? asLogFlow(parsed.flow) : parsed.flow,
            line: row,
            ...(logged !== undefined ? { logged } : {}),
          };
          if (logged !== undefined) disagreements.add(path, observed, verdict, where(row));
          if (format === 'summary') continue;
          out.write(
            format === 'jsonl'
              ? jsonlResult(observed, tailFor(tails, verdict))
              : formatResult(format, observed, verdict, fromLog),
          );
        }
        progress.update(total);
        await out.maybeFlush();
      }
      for (const line of describeSkips(
        path,
        [...skips].map(([reason, count]) => ({ reason, count })),
      ))
        process.stderr.write(line + '\n');
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (error instanceof CsvHeaderError) throw new UserError(error.message);
      // DuckDB's own message names what it could not read; its first line is the useful part.
      const message = ((error as Error).message ?? String(error)).split('\n')[0];
      throw new UserError(`${path}: DuckDB could not read it: ${message}`);
    }
  }
  progress.done();

  const summary =
    summaryLines(
      {
        total,
        allowed,
        skipped,
        unknownSources,
        unit: kinds.every((kind) => !duckDbCountsLines(kind)) ? 'row' : 'line',
      },
      [...byRule.values()],
      run.ruleOrder,
    ) + disagreements.report();
  await writeSummary(out, format, summary);
  return skipped + unknownSources > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** A VPC flow log record's flow with its fields in the in-process reader's order. */
function asLogFlow(flow: Flow): Flow {
  return makeFlow(flow.src, { ip: flow.ip! }, flow.proto, flow.port ?? 0);
}

function tally(byRule: Map<string, RuleTally>, v: Verdict): void {
  const found = byRule.get(v.rule);
  if (found !== undefined) found.flows++;
  else byRule.set(v.rule, { rule: v.rule, verdict: v.verdict, flows: 1 });
}

function tailFor(tails: Map<string, string>, v: Verdict): string {
  const key = `${v.rule}\u0000${v.verdict}\u0000${v.log}`;
  let tail = tails.get(key);
  if (tail === undefined) tails.set(key, (tail = jsonlTail(v)));
  return tail;
}
