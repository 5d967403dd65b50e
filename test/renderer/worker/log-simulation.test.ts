import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../simulator/index.js';
import { ROWS_PER_BATCH, simulateLogs } from '../../../renderer/worker/log-simulation.js';
import type { FlowRow, FlowRun, LogFile } from '../../../renderer/worker/protocol.js';

const LOGS = join(import.meta.dirname, '../../fixtures/logs');
const text = (path: string) => readFileSync(join(LOGS, path), 'utf8');

const POLICY = `policy logs
allow pypi from 10.0.1.0/24 to pypi.org on tcp/443
allow web from any to www.example.com on tcp/80
allow openai from 10.0.1.0/24 to api.openai.com on tcp/443
allow downloads from 10.0.1.0/24 to downloads.example.net on tcp/80
default deny
`;

const project = () => new Project({ policyText: POLICY, policyFile: 'policy.egress' });

function file(name: string, content: string | Uint8Array): LogFile {
  return {
    name,
    blob: new Blob([typeof content === 'string' ? content : new Uint8Array(content)]),
  };
}

/** The run with its rows put back together from the progress messages. */
async function simulate(files: LogFile[]): Promise<FlowRun & { batches: number[] }> {
  const rows: FlowRow[] = [];
  const batches: number[] = [];
  const run = await simulateLogs(project(), files, (progress) => {
    rows.push(...progress.rows);
    batches.push(progress.rows.length);
    expect(progress.read).toBe(rows.length);
  });
  return { ...run, rows, batches };
}

describe('dropped logs simulated in the worker', () => {
  it('gives the rows, logged actions and skips of the whole-text reader for a Squid log', async () => {
    const run = await simulate([file('access.log', text('squid/access.log'))]);
    const reference = project().simulateText({
      name: 'access.log',
      text: text('squid/access.log'),
    });
    expect(run.error).toBeNull();
    expect(run.fromLog).toBe(true);
    expect(run.rows).toEqual(reference.rows);
    expect(run.rows.map((r) => `${r.line}:${r.logged}:${r.verdict.verdict}`)).toEqual([
      '1:allow:deny',
      '2:allow:allow',
      '3:deny:deny',
      '4:allow:allow',
      '6:allow:deny',
      '8:allow:deny',
      '9:allow:deny',
      '10:allow:deny',
      '11:allow:deny',
      '12:deny:allow',
      '13:allow:deny',
      '14:allow:allow',
    ]);
    expect(run.skipped).toEqual(reference.skips.map((s) => ({ ...s, file: 'access.log' })));
  });

  it('reads a gzip file as its text', async () => {
    const plain = await simulate([file('access.log', text('squid/access.log'))]);
    const gzip = await simulate([file('access.log.gz', gzipSync(text('squid/access.log')))]);
    expect(gzip.rows).toEqual(plain.rows);
    expect(gzip.error).toBeNull();
  });

  it('joins Zeek companions dropped together with conn.log, in any order', async () => {
    const reference = project().simulateText(
      { name: 'conn.log', text: text('zeek/conn.log') },
      { companions: [{ name: 'ssl.log', text: text('zeek/ssl.log') }] },
    );
    const run = await simulate([
      file('ssl.log', text('zeek/ssl.log')),
      file('conn.log', text('zeek/conn.log')),
    ]);
    expect(run.error).toBeNull();
    expect(run.rows.map(({ file: _file, ...row }) => row)).toEqual(reference.rows);
    expect(run.rows.find((r) => r.line === 13)).toMatchObject({
      file: 'conn.log',
      flow: { host: 'api.openai.com' },
      hostSource: 'sni',
    });
    // The join is what names the host: without ssl.log the same line has only its address.
    const alone = await simulate([file('conn.log', text('zeek/conn.log'))]);
    expect(alone.rows.find((r) => r.line === 13)!.flow.host).toBeUndefined();
  });

  it('lists the lines it could not read with their file, several files as one source', async () => {
    const run = await simulate([
      file('access.log', text('squid/access.log')),
      file('malformed.log', text('squid/malformed.log')),
    ]);
    expect(run.file).toBe('access.log + malformed.log');
    expect(run.rows.map((r) => `${r.file}:${r.line}`).slice(-2)).toEqual([
      'access.log:14',
      'malformed.log:1',
    ]);
    expect(run.rejected.map((p) => `${p.file}:${p.line}`)).toEqual([
      'malformed.log:2',
      'malformed.log:3',
      'malformed.log:4',
      'malformed.log:5',
      'malformed.log:6',
      'malformed.log:7',
    ]);
    expect(run.rejectedCount).toBe(6);
  });

  it('sends the rows in bounded batches, in input order', async () => {
    const lines = ['src,host,proto,port'];
    for (let i = 0; i < ROWS_PER_BATCH * 2 + 7; i++)
      lines.push(`10.0.1.${i % 200},pypi.org,tcp,443`);
    const run = await simulate([file('flows.csv', lines.join('\n'))]);
    expect(run.fromLog).toBe(false);
    expect(run.batches).toEqual([ROWS_PER_BATCH, ROWS_PER_BATCH, 7]);
    expect(run.rows.map((r) => r.line)).toEqual(lines.slice(1).map((_, i) => i + 2));
  });

  it('says why a file cannot be read, in words for the app', async () => {
    const broken = gzipSync(text('squid/access.log')).subarray(0, 40);
    expect((await simulate([file('access.log.gz', broken)])).error).toBe(
      'access.log.gz: not a readable gzip file',
    );
    expect((await simulate([file('notes.txt', 'hello\nworld\n')])).error).toMatch(/^notes\.txt: /);
    const companionAlone = await simulate([
      file('ssl.log', text('zeek/ssl.log')),
      file('access.log', text('squid/access.log')),
    ]);
    expect(companionAlone.error).toMatch(/^ssl\.log: .*drop or open it together with that log$/);
  });
});
