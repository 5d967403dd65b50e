/**
 * `egress simulate` on a large AWS VPC Flow Logs file (the default version 2 line): the real
 * CLI process, against the same flows as an Egress Studio CSV file in the same run (the CSV
 * reader is the baseline). Both files are generated once under a temporary directory,
 * streaming, from the workload of flows.ts: a source node's flow comes from an address of the
 * node, a flow to a name goes to an address for it (VPC Flow Logs have no names), every line
 * has its own client port so that each is a connection attempt. Medians of `runs` runs;
 * peak memory is the process's own report of maxRSS (EGRESS_REPORT_RSS), worker threads
 * included. BENCH_LOG_LINES sets the size (10,000,000 lines by default).
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '../simulator/core/model.js';
import { csvCell } from '../simulator/flows/flow-record.js';
import { timed } from './cli-simulate.js';
import { generateWorkload, writeFlowCsv } from './flows.js';

export interface LogsRow {
  input: string;
  lines: number;
  fileMB: number;
  medianSeconds: number;
  linesPerSecond: number;
  /** This input's time over the CSV file's median. */
  vsCsv: number;
  peakRssMB: number;
  /** The 1-minute load average when the input's runs started. */
  load: number;
}

const PROTOCOL_NUMBER = { tcp: 6, udp: 17, icmp: 1 } as const;

/** Node id → one host address inside its block (`10.x.y.0/24` → `10.x.y.10`). */
function nodeAddresses(rules: number): Map<string, string> {
  const { topology } = generateWorkload(rules, 0);
  const out = new Map<string, string>();
  for (const node of topology.nodes) {
    const cidr = node.addresses[0];
    if (cidr === undefined) continue;
    const base = cidr.split('/')[0]!;
    out.set(node.id, base.endsWith('.0') ? base.slice(0, -2) + '.10' : base);
  }
  return out;
}

/** A stable address for a name (the log has none): one in 203.0.113.0/24 per name. */
function addressForName(host: string): string {
  let h = 0;
  for (let i = 0; i < host.length; i++) h = (h * 31 + host.charCodeAt(i)) >>> 0;
  return `203.0.113.${(h % 254) + 1}`;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Writes the same flows as a VPC Flow Logs file and a CSV flow file (src, ip, proto, port),
 * streaming in chunks.
 */
export async function writeLogs(vpcPath: string, csvPath: string, lines: number, rules: number) {
  const addresses = nodeAddresses(rules);
  const vpc = createWriteStream(vpcPath);
  const csv = createWriteStream(csvPath);
  await write(csv, 'src,host,ip,proto,port,method,path\n');
  const chunk = 20_000;
  for (let start = 0; start < lines; start += chunk) {
    const count = Math.min(chunk, lines - start);
    const { flows } = generateWorkload(rules, count, 1000 + start, false);
    let vpcText = '';
    let csvText = '';
    flows.forEach((f: Flow, k) => {
      const i = start + k;
      const src = addresses.get(f.src) ?? f.src;
      const dst = f.ip ?? addressForName(f.host ?? 'unknown');
      const port = f.proto === 'icmp' ? 0 : (f.port ?? 443);
      const clientPort = f.proto === 'icmp' ? 0 : 32768 + (i % 28000);
      const t = 1733530000 + Math.floor(i / 1000);
      vpcText += `2 123456789010 eni-0a1b2c3d4e5f67890 ${src} ${dst} ${clientPort} ${port} ${PROTOCOL_NUMBER[f.proto]} 10 840 ${t} ${t + 60} ACCEPT OK\n`;
      csvText += `${csvCell(src)},,${csvCell(dst)},${f.proto},${f.proto === 'icmp' ? '' : port},,\n`;
    });
    await write(vpc, vpcText);
    await write(csv, csvText);
  }
  vpc.end();
  csv.end();
  await Promise.all([once(vpc, 'finish'), once(csv, 'finish')]);
}

function simulateArgs(cli: string, project: string, flows: string): string[] {
  return [join(cli, 'egress.mjs'), 'simulate', project, '--flows', flows, '--format', 'summary'];
}

export async function benchLogs(
  lines = Number(process.env.BENCH_LOG_LINES) || 10_000_000,
  runs = 3,
  rules = 1000,
): Promise<LogsRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'egress-bench-logs-'));
  try {
    const cli = join('dist', 'bench-cli');
    await mkdir(cli, { recursive: true });
    for (const f of ['egress.mjs', 'simulate-worker.mjs'])
      await copyFile(join('dist', f), join(cli, f));
    const project = join(dir, 'project');
    // The project folder only: the flows are written below, once, for both inputs.
    await writeFlowCsv(project, join(dir, 'unused.csv'), 0, rules);
    const vpcPath = join(dir, 'flows.vpc.log');
    const csvPath = join(dir, 'flows.csv');
    await writeLogs(vpcPath, csvPath, lines, rules);
    const inputs = [
      { input: 'csv (baseline)', path: csvPath },
      { input: 'aws-vpc', path: vpcPath },
    ];
    const results = new Map<string, { times: number[]; rss: number; load: number }>();
    for (const { input } of inputs) results.set(input, { times: [], rss: 0, load: 0 });
    // Alternate the inputs run by run, so that the machine's drift falls on both alike.
    for (let run = 0; run < runs; run++) {
      for (const { input, path } of inputs) {
        const r = results.get(input)!;
        if (run === 0) r.load = loadavg()[0]!;
        const t = await timed(simulateArgs(cli, project, path), [0, 1]);
        r.times.push(t.seconds);
        r.rss = Math.max(r.rss, t.rssMB);
      }
    }
    const median = (times: number[]): number =>
      [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const csvMedian = median(results.get('csv (baseline)')!.times);
    const rows: LogsRow[] = [];
    for (const { input, path } of inputs) {
      const r = results.get(input)!;
      const seconds = median(r.times);
      rows.push({
        input,
        lines,
        fileMB: Math.round((await stat(path)).size / 1e6),
        medianSeconds: Number(seconds.toFixed(2)),
        linesPerSecond: Math.round(lines / seconds),
        vsCsv: Number((seconds / csvMedian).toFixed(2)),
        peakRssMB: Math.round(r.rss),
        load: Number(r.load.toFixed(1)),
      });
    }
    // Flat memory: the same reader on a tenth of the lines should peak at about the same.
    const tenth = Math.max(1, Math.floor(lines / 10));
    await rm(vpcPath, { force: true });
    await rm(csvPath, { force: true });
    await writeLogs(vpcPath, csvPath, tenth, rules);
    const load = loadavg()[0]!;
    const small = await timed(simulateArgs(cli, project, vpcPath), [0, 1]);
    rows.push({
      input: 'aws-vpc, a tenth of the lines (one run)',
      lines: tenth,
      fileMB: Math.round((await stat(vpcPath)).size / 1e6),
      medianSeconds: Number(small.seconds.toFixed(2)),
      linesPerSecond: Math.round(tenth / small.seconds),
      vsCsv: Number.NaN,
      peakRssMB: Math.round(small.rssMB),
      load: Number(load.toFixed(1)),
    });
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
