/**
 * The same input gives the same answer in the CLI (the built `egress`, spawned), the app's
 * worker (its request handlers, in Node) and the desktop (its IPC tasks through the
 * dispatcher, in Node): check diagnostics, test results, simulate verdicts and the lines a
 * flow file could not give (an unknown source node, a bad header), and the exported files,
 * for every example project in policies/ and a set of malformed flow files.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_CHANNELS } from '../../main/ipc/channels.js';
import type { DesktopDialogs } from '../../main/ipc/desktop-dialogs.js';
import { createDispatcher } from '../../main/ipc/dispatcher.js';
import type { DesktopResponses } from '../../main/ipc/responses.js';
import { createTaskHandlers } from '../../main/ipc/task-handlers.js';
import { runGit } from '../../main/workspace/git-cli.js';
import { GrantedRoots } from '../../main/workspace/granted-roots.js';
import { RecentProjects } from '../../main/workspace/recent-projects.js';
import { EngineSession } from '../../renderer/worker/engine-handlers.js';
import type { ProjectInput } from '../../renderer/worker/protocol.js';
import type { Diagnostic, Flow, Verdict } from '../../simulator/index.js';
import { parseTopology } from '../../simulator/index.js';
import { runEgress } from '../cli/run-egress.js';

const repo = resolve(import.meta.dirname, '../..');
let work: string;

function egress(args: string[]) {
  return runEgress(args, { cwd: work });
}

/** Flow files with every kind of trouble, around flows that each example decides. */
function flowFiles(firstNode: string): Record<string, string> {
  return {
    'mixed.csv': [
      'src,host,ip,proto,port,method,path',
      `${firstNode},pypi.org,,tcp,443,,`,
      '10.30.1.999,pypi.org,,tcp,443,,',
      '10.30.1,pypi.org,,tcp,443,,',
      'foo:bar,pypi.org,,tcp,443,,',
      '10.30.1.5/16,pypi.org,,tcp,443,,',
      'fd00::1%eth0,pypi.org,,tcp,443,,',
      'no-such-node,pypi.org,,tcp,443,,',
      `${firstNode},,169.254.169.254,tcp,80,,`,
      `${firstNode},api.openai.com,,tcp,443,POST,/v1/chat/completions`,
      `${firstNode},pypi.org,,tcp,99999,,`,
      `${firstNode},pypi.org,,t\u001bcp,443,,`,
      `${firstNode},${'x'.repeat(300)}.org,,tcp,443,,`,
      '203.0.113.9,,10.0.0.1,tcp,22,,',
    ].join('\n'),
    'mixed.jsonl': [
      `{"src":"${firstNode}","host":"huggingface.co","proto":"tcp","port":443}`,
      `{"src":"${firstNode}","host":"pypi.org","proto":"tcp","port":443,"src":"203.0.113.5"}`,
      '{"src":"10.0.0.5","host":"pypi.org","proto":"tcp","port":"443"}',
      '{not json',
      `{"src":"${firstNode}","hots":"pypi.org","proto":"tcp","port":443}`,
      `{"src":"${firstNode}","ip":"8.8.8.8","proto":"udp","port":53}`,
    ].join('\n'),
    'bad-header.csv': 'src,hots,proto\ntrainer,pypi.org,tcp\n',
    'notes.txt': 'these are not flows\n',
  };
}

interface Answers {
  diagnostics: string[];
  tests: unknown;
  flows: Record<string, { verdicts: string[]; problems: string[] } | { error: string }>;
}

const diagnosticKey = (d: Diagnostic) => `${d.severity} ${d.code} ${d.message}`;
const verdictKey = (flow: Flow, v: Verdict) =>
  `${JSON.stringify(flow)} ${v.verdict} ${v.rule} ${v.log}`;

function cliAnswers(dir: string, files: string[]): Answers {
  const check = JSON.parse(egress(['check', dir, '--format', 'json', '--no-analysis']).stdout) as {
    diagnostics: Diagnostic[];
  };
  const test = egress(['test', dir, '--format', 'json']);
  const flows: Answers['flows'] = {};
  for (const file of files) {
    const path = `flows/${file}`;
    const r = egress(['simulate', dir, '--flows', join(dir, path), '--format', 'jsonl']);
    if (r.code === 2) {
      flows[path] = {
        error: r.stderr
          .trim()
          .replace(/^egress: /, '')
          .replace(dir + '/', ''),
      };
      continue;
    }
    const verdicts = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const { flow, ...v } = JSON.parse(l) as { flow: Flow } & Verdict;
        return verdictKey(flow, v);
      });
    const problems = [...r.stderr.matchAll(/^.*?:(\d+): skipped: (.*)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    flows[path] = { verdicts, problems };
  }
  return {
    diagnostics: check.diagnostics.map(diagnosticKey),
    tests: test.code === 2 ? null : (JSON.parse(test.stdout) as { results: unknown }).results,
    flows,
  };
}

function workerAnswers(dir: string, files: string[]): Answers {
  const topologyText = readFileSync(join(dir, 'topology.yaml'), 'utf8');
  // The app holds the topology as the model its canvas edits.
  const input: ProjectInput = {
    policyText: readFileSync(join(dir, 'policy.egress'), 'utf8'),
    policyFile: 'policy.egress',
    topology: parseTopology(topologyText, { file: 'topology.yaml' }).topology ?? null,
  };
  const session = new EngineSession();
  const analysis = session.handle({ type: 'analyze', project: input });
  const diagnostics = [...analysis.topologyDiagnostics, ...analysis.policyDiagnostics];
  if (diagnostics.some((d) => d.severity === 'error')) {
    expect(() => session.handle({ type: 'test', project: input })).toThrow(/error/);
    return { diagnostics: diagnostics.map(diagnosticKey), tests: null, flows: {} };
  }
  const flows: Answers['flows'] = {};
  for (const file of files) {
    const text = readFileSync(join(dir, 'flows', file), 'utf8');
    const run = session.handle({
      type: 'simulate-flows',
      project: input,
      file: { name: `flows/${file}`, text },
    });
    flows[`flows/${file}`] =
      run.error !== null
        ? { error: run.error }
        : {
            verdicts: run.rows.map((r) => verdictKey(r.flow, r.verdict)),
            problems: run.rejected.map((p) => `${p.line} ${p.reason}`),
          };
  }
  return {
    diagnostics: diagnostics.map(diagnosticKey),
    tests: session.handle({ type: 'test', project: input }).results,
    flows,
  };
}

/** The desktop's tasks as the page reaches them: through the dispatcher, answers cloned. */
function desktop(chosen: { project: string; exportFolder?: string }) {
  const never = async (): Promise<never> => {
    throw new Error('not asked in this test');
  };
  const dialogs: DesktopDialogs = {
    chooseProjectFolder: async () => chosen.project,
    chooseExportFolder: async () => chosen.exportFolder ?? null,
    chooseTextFile: never,
    confirmReplaceProject: never,
    confirmReplaceForeign: never,
    confirmCommit: never,
  };
  const dispatch = createDispatcher(
    createTaskHandlers({
      dialogs,
      roots: new GrantedRoots(),
      recent: new RecentProjects(join(work, `recent-${Math.random()}.json`)),
      git: runGit,
      reveal: () => undefined,
      version: { version: '0', electron: '0', chrome: '0', platform: 'linux' },
      onRecentChanged: () => undefined,
    }),
  );
  return async <K extends keyof DesktopResponses>(
    task: K,
    request: object,
  ): Promise<DesktopResponses[K]> => {
    const reply = structuredClone(await dispatch(TASK_CHANNELS[task], [request]));
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value as DesktopResponses[K];
  };
}

async function desktopAnswers(dir: string): Promise<Answers> {
  const call = desktop({ project: dir });
  await call('openProjectFolder', {});
  const answers = await call('checkProjectFolder', { folder: dir });
  const flows: Answers['flows'] = {};
  for (const run of answers.flows) {
    flows[run.file] =
      'error' in run
        ? { error: run.error }
        : {
            verdicts: run.rows.map((r) => verdictKey(r.flow, r.verdict)),
            problems: run.problems.map((p) => `${p.line} ${p.reason}`),
          };
  }
  return {
    diagnostics: answers.diagnostics.map(diagnosticKey),
    tests: answers.tests,
    flows,
  };
}

/** Every file under `dir`, by path relative to it, with its text. */
function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = readFileSync(path, 'utf8');
  }
  return files;
}

/**
 * Every target exported: by `egress export --target all --out`, by the worker (the app's
 * preview and the browser's download, laid out as the export dialog lays out several
 * targets), and written by the desktop's export task from the worker's files.
 */
async function exportAnswers(dir: string) {
  const cliOut = join(dir, 'out-cli');
  const r = egress(['export', dir, '--target', 'all', '--out', cliOut]);
  expect(r.code, r.stderr).toBe(0);
  const topologyText = readFileSync(join(dir, 'topology.yaml'), 'utf8');
  const session = new EngineSession();
  const input: ProjectInput = {
    policyText: readFileSync(join(dir, 'policy.egress'), 'utf8'),
    policyFile: 'policy.egress',
    topology: parseTopology(topologyText, { file: 'topology.yaml' }).topology ?? null,
  };
  const targets = session.handle({ type: 'list-exporters' }).map((e) => e.target);
  const results = session.handle({ type: 'export', project: input, targets, options: {} });
  const files = results.flatMap((result) =>
    result.files.map((f) => ({ path: `${result.target}/${f.path}`, content: f.content })),
  );
  const desktopOut = join(dir, 'out-desktop');
  mkdirSync(desktopOut);
  const call = desktop({ project: dir, exportFolder: desktopOut });
  const written = await call('exportToFolder', { suggestedName: 'export', files });
  expect(written).toMatchObject({ status: 'written', commit: null });
  return {
    cli: filesUnder(cliOut),
    worker: Object.fromEntries(files.map((f) => [f.path, f.content])),
    desktop: filesUnder(desktopOut),
  };
}

const EXAMPLES = readdirSync(join(repo, 'policies'));

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-same-answers-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/**
 * A copy of the example under `run`, in a folder named unlike its topology: the project is
 * named after its topology in every host, never after the folder only the CLI sees.
 */
function prepare(example: string, run: string, policyEdit?: (text: string) => string): string {
  const dir = join(work, run, `copy-of-${example}`);
  mkdirSync(join(work, run), { recursive: true });
  cpSync(join(repo, 'policies', example), dir, { recursive: true });
  if (policyEdit) {
    const file = join(dir, 'policy.egress');
    writeFileSync(file, policyEdit(readFileSync(file, 'utf8')));
  }
  const topology = parseTopology(readFileSync(join(dir, 'topology.yaml'), 'utf8')).topology!;
  const internal = new Set(topology.zones.filter((z) => z.kind === 'internal').map((z) => z.id));
  const first = topology.nodes.find((n) => internal.has(n.zone))!.id;
  mkdirSync(join(dir, 'flows'));
  for (const [name, text] of Object.entries(flowFiles(first))) {
    writeFileSync(join(dir, 'flows', name), text);
  }
  return dir;
}

describe('CLI, worker and desktop give the same answers', () => {
  it.each(EXAMPLES)('on the example %s and malformed flow files', async (example) => {
    const dir = prepare(example, 'answers');
    const files = Object.keys(flowFiles('x')).sort();
    const cli = cliAnswers(dir, files);
    const worker = workerAnswers(dir, files);
    const desktop = await desktopAnswers(dir);
    expect(worker).toEqual(cli);
    expect(desktop).toEqual(cli);
    // The files are read, not skipped wholesale: each kind of trouble shows up.
    const mixed = cli.flows['flows/mixed.csv'] as { verdicts: string[]; problems: string[] };
    expect(mixed.verdicts.length).toBeGreaterThanOrEqual(4);
    expect(mixed.problems.map((p) => p.split(' ')[0])).toEqual([
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '11',
      '12',
      '13',
    ]);
    expect(cli.flows['flows/notes.txt']).toHaveProperty('error');
    expect(cli.flows['flows/bad-header.csv']).toEqual({
      error:
        'flows/bad-header.csv:1: unknown column "hots"; the header is src,host,ip,proto,port,method,path',
    });
    // The unknown source node is refused, not decided as some other source.
    expect(mixed.problems.find((p) => p.startsWith('8 '))).toMatch(/no-such-node/);
  });

  it.each(EXAMPLES)('exports %s to the same files', async (example) => {
    const dir = prepare(example, 'export');
    const { cli, worker, desktop } = await exportAnswers(dir);
    expect(Object.keys(cli).length).toBeGreaterThan(20);
    expect(worker).toEqual(cli);
    expect(desktop).toEqual(cli);
  });

  it('on an example with a warning and an error', async () => {
    const dir = prepare(
      'ml-training',
      'edited',
      (text) => text + '\nallow extra from role:trainr to any\n',
    );
    const files = Object.keys(flowFiles('x')).sort();
    const cli = cliAnswers(dir, files);
    expect(cli.diagnostics.some((d) => d.startsWith('error'))).toBe(true);
    expect(cli.tests).toBeNull();
    const worker = workerAnswers(dir, files);
    const desktop = await desktopAnswers(dir);
    expect(worker.diagnostics).toEqual(cli.diagnostics);
    expect(desktop.diagnostics).toEqual(cli.diagnostics);
    expect(desktop.tests).toBeNull();
  });
});
