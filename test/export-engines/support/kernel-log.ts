/**
 * Reads what the firewalls' `log` statements wrote: the kernel log, read back by the
 * importer's netfilter format (simulator/flows/formats/netfilter-log.ts), as a user would
 * read it with `egress simulate --flows`. Packets logged inside a network namespace reach the
 * kernel log only when `net.netfilter.nf_log_all_netns` is 1, so a test turns it on for its
 * run and the last test process to finish restores the value found before the first.
 *
 * The kernel's ring buffer is small (a few hundred lines) and shared by every test process
 * running at once, so lines logged during a run may be overwritten before a later `dmesg`
 * reads them. Instead, `followKernelLog` starts a follower before the traffic: a separate
 * process (a few lines of Perl, which keeps up even while this process is blocked in
 * synchronous calls) seeks `/dev/kmsg` to its end and copies every later record into a
 * temporary file. A start marker (`egress-test-mark <pid> <n> start`) is then written to the
 * kernel log and awaited in the file; `readBack` writes an end marker, awaits it, stops the
 * follower (by its own pid) and reads the records between the two markers. When the kernel
 * overwrites records the follower has not read yet, its read fails with EPIPE and it stops
 * ("Broken pipe"): the read back then throws, as it does for a gap in the records' sequence
 * numbers or a marker that does not arrive within 10 s, so a lost line fails the run instead
 * of passing unnoticed.
 *
 * A record looks like `4,31041,17061770097,-;egress-audit:web IN=vgc OUT=vgs … SRC=10.0.0.1
 * DST=… PROTO=TCP SPT=40000 DPT=443 …`; IPv6 addresses are written in full (`fd40:0000:…`).
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObservedFlow } from '../../../simulator/flows/flow-format.js';
import { NETFILTER_LOG_FORMAT } from '../../../simulator/flows/formats/netfilter-log.js';
import { parseIp, formatIp } from '../../../simulator/net/ip.js';
import { pidAlive, run } from './process.js';

const ALL_NETNS = '/proc/sys/net/netfilter/nf_log_all_netns';
/** Test processes that need namespace logging, one file per pid, and the value to restore. */
const HOLDERS = '/tmp/egs-nf-log-all-netns';
const BEFORE = join(HOLDERS, 'before');

function liveHolders(): number[] {
  return readdirSync(HOLDERS)
    .filter((f) => /^\d+$/.test(f))
    .map(Number)
    .filter((pid) => pid !== process.pid && pidAlive(pid));
}

/**
 * Turns namespace logging on; returns a function that restores the earlier value once no
 * other test process still needs it (test files run in parallel processes, and one that
 * finishes must not turn logging off under another).
 */
export function logAllNamespaces(): () => void {
  mkdirSync(HOLDERS, { recursive: true });
  if (liveHolders().length === 0 || !existsSync(BEFORE)) {
    writeFileSync(BEFORE, readFileSync(ALL_NETNS, 'utf8').trim());
  }
  writeFileSync(join(HOLDERS, String(process.pid)), '');
  writeFileSync(ALL_NETNS, '1');
  return () => {
    rmSync(join(HOLDERS, String(process.pid)), { force: true });
    if (liveHolders().length > 0) return;
    if (existsSync(BEFORE)) {
      writeFileSync(ALL_NETNS, readFileSync(BEFORE, 'utf8').trim());
      rmSync(BEFORE, { force: true });
    }
  };
}

const KMSG = '/dev/kmsg';
/** How long a marker written to the kernel log may take to reach the follower's file. */
const MARKER_TIMEOUT_MS = 10_000;
let markers = 0;

/** The kernel log from a start marker on, as a follower process copies it; see the header. */
export interface KernelLogFollower {
  /**
   * The connection attempts the kernel logged since the follower started, as the importer
   * reads them (the rule from the `egress:`/`egress-audit:` prefix, replies and repeats left
   * out), and the records it could not read. Stops the follower; throws when the kernel log
   * overran it (records were lost) or a marker never arrived.
   */
  readBack(): Promise<{ flows: ObservedFlow[]; problems: string[] }>;
  /** Stops the follower and removes its file (idempotent; readBack does it too). */
  stop(): Promise<void>;
}

/**
 * The follower: seeks `/dev/kmsg` to its end (a fresh reader would start at the oldest record,
 * the next one the kernel overwrites, and race it), says so on stderr, then copies each record
 * as it comes; it stops at the first failed read, EPIPE when the kernel overwrote records it
 * had not read yet. Perl (perl-base, on every Debian system) because neither `cat` nor `dmesg`
 * can do both: `cat` cannot seek, `dmesg --follow-new` skips lost records without a word.
 */
const FOLLOWER = `
  open(my $k, '<', '${KMSG}') or die "cannot open ${KMSG}: $!\\n";
  sysseek($k, 0, 2) or die "cannot seek ${KMSG}: $!\\n";
  print STDERR "following\\n";
  while (1) {
    my $n = sysread($k, my $record, 16384);
    die "reading ${KMSG}: $!\\n" unless defined $n;
    syswrite(STDOUT, $record, $n) == $n or die "writing the copy: $!\\n";
  }
`;

/** A follower process copying the kernel log into `file`. */
interface Follower {
  file: string;
  /** Whether it has reached the end of the kernel log: records after this are copied. */
  following(): boolean;
  /** Why it stopped on its own, or undefined. */
  gone(): string | undefined;
  stop(): Promise<void>;
}

let priority: string[] | undefined;

/**
 * The follower must keep up with the kernel on a loaded machine (a flood of short records can
 * wrap the ring buffer in tens of milliseconds): it runs at the lowest real-time priority
 * where the machine allows it, else at a high nice level. It sleeps while nothing is logged.
 */
function followerPriority(): string[] {
  priority ??=
    run('chrt', ['-f', '1', 'true']).status === 0 ? ['chrt', '-f', '1'] : ['nice', '-n', '-15'];
  return priority;
}

function startFollower(): Follower {
  const dir = mkdtempSync(join(tmpdir(), 'egs-kmsg-'));
  const file = join(dir, 'kmsg');
  const out = openSync(file, 'w');
  const [command, ...args] = [...followerPriority(), 'perl', '-e', FOLLOWER];
  const child = spawn(command!, args, { stdio: ['ignore', out, 'pipe'] });
  closeSync(out);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  const killAtExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killAtExit);
  return {
    file,
    following: () => stderr.startsWith('following\n'),
    gone: () =>
      stopping || (child.exitCode === null && child.signalCode === null)
        ? undefined
        : `the kernel log follower stopped (${child.exitCode ?? child.signalCode}): ` +
          `${stderr.replace(/^following\n/, '').trim() || 'no message'}`,
    async stop() {
      if (!stopping) {
        stopping = true;
        process.removeListener('exit', killAtExit);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitFor(follower: Follower, found: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + MARKER_TIMEOUT_MS;
  while (!found()) {
    const why = follower.gone();
    if (why !== undefined) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`${what} did not reach ${follower.file} in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function mark(follower: Follower, kind: 'start' | 'end'): Promise<string> {
  const marker = `egress-test-mark ${process.pid} ${++markers} ${kind}`;
  writeFileSync(KMSG, `${marker}\n`);
  await waitFor(
    follower,
    () => readFileSync(follower.file, 'utf8').includes(`;${marker}\n`),
    marker,
  );
  return marker;
}

/**
 * Starts copying `/dev/kmsg` to a file; resolves once every later record will be in it. A
 * follower overrun before the start marker has lost nothing of the run: it is started again.
 */
export async function followKernelLog(): Promise<KernelLogFollower> {
  for (let attempt = 1; ; attempt++) {
    const follower = startFollower();
    let start: string;
    try {
      await waitFor(follower, follower.following, `the follower's seek to the end of ${KMSG}`);
      start = await mark(follower, 'start');
    } catch (e) {
      const overrun = follower.gone() !== undefined;
      await follower.stop();
      if (overrun && attempt < 5) continue;
      throw e;
    }
    return {
      stop: () => follower.stop(),
      async readBack() {
        try {
          const end = await mark(follower, 'end').catch((e: Error) => {
            throw new Error(
              `${e.message}: records of this run may be lost ("Broken pipe": the kernel log ` +
                'overran the follower; does something flood it?)',
            );
          });
          return readRecords(readFileSync(follower.file, 'utf8'), start, end);
        } finally {
          await follower.stop();
        }
      },
    };
  }
}

/**
 * The records strictly between the two markers' records, read by the importer; a gap in the
 * sequence numbers (records lost) throws.
 */
function readRecords(
  text: string,
  start: string,
  end: string,
): { flows: ObservedFlow[]; problems: string[] } {
  const parser = NETFILTER_LOG_FORMAT.open(KMSG);
  const flows: ObservedFlow[] = [];
  const problems: string[] = [];
  let previous: number | undefined;
  let inside = false;
  for (const line of text.split('\n')) {
    // `PRI,SEQ,USEC,FLAGS;message`; continuation lines (` KEY=value`) start with a space.
    const header = /^\d+,(\d+),\d+,[^;]*;/.exec(line);
    if (header === null) continue;
    const seq = Number(header[1]);
    const message = line.slice(header[0].length);
    if (!inside) {
      if (message === start) [inside, previous] = [true, seq];
      continue;
    }
    if (seq !== previous! + 1) {
      throw new Error(
        `the kernel log lost records ${previous! + 1}–${seq - 1} before they were read`,
      );
    }
    previous = seq;
    if (message === end) return { flows, problems };
    for (const outcome of parser.push(line, seq)) {
      if (outcome.kind === 'flow') flows.push(outcome.observed);
      else if (outcome.kind === 'malformed' || outcome.kind === 'unreadable')
        problems.push(
          `kernel log record ${outcome.line}: the importer cannot read it: ${outcome.reason}`,
        );
    }
  }
  throw new Error('the kernel log read back has no end marker');
}

function canonical(address: string): string {
  const ip = parseIp(address);
  return ip === null ? address : formatIp(ip);
}

export function packetKey(p: {
  src: string;
  dst: string;
  proto: string;
  port: number | null;
}): string {
  return `${p.proto} ${canonical(p.src)} -> ${canonical(p.dst)}:${p.port ?? ''}`;
}
