/**
 * Reads what the firewalls' `log` statements wrote: the kernel log (`dmesg`), read back by the
 * importer's netfilter format (simulator/flows/formats/netfilter-log.ts), as a user would
 * read it with `egress simulate --flows`. Packets logged inside a network namespace reach the
 * kernel log only when `net.netfilter.nf_log_all_netns` is 1, so a test turns it on for its
 * run and the last test process to finish restores the value found before the first.
 *
 * A line looks like `[ 123.456789] egress-audit:web IN=vgc OUT=vgs … SRC=10.0.0.1 DST=…
 * … PROTO=TCP SPT=40000 DPT=443 …`; IPv6 addresses are written in full (`fd40:0000:…`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObservedFlow } from '../../../simulator/flows/flow-format.js';
import { NETFILTER_LOG_FORMAT } from '../../../simulator/flows/formats/netfilter-log.js';
import { parseIp, formatIp } from '../../../simulator/net/ip.js';
import { runOrThrow } from './process.js';

const ALL_NETNS = '/proc/sys/net/netfilter/nf_log_all_netns';
/** Test processes that need namespace logging, one file per pid, and the value to restore. */
const HOLDERS = '/tmp/egs-nf-log-all-netns';
const BEFORE = join(HOLDERS, 'before');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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

/** The kernel log's current end: lines after this mark are new. */
export function kernelLogMark(): number {
  const lines = runOrThrow('dmesg', []).trimEnd().split('\n');
  return stampOf(lines[lines.length - 1] ?? '') ?? 0;
}

function stampOf(line: string): number | null {
  const m = /^\[\s*(\d+\.\d+)\]/.exec(line);
  return m ? Number(m[1]) : null;
}

/**
 * The connection attempts the kernel logged since `mark`, as the importer reads them (the
 * rule from the `egress:`/`egress-audit:` prefix, replies and repeats left out), and the
 * lines it could not read.
 */
export function readBackKernelLog(mark: number): { flows: ObservedFlow[]; problems: string[] } {
  const parser = NETFILTER_LOG_FORMAT.open('dmesg');
  const flows: ObservedFlow[] = [];
  const problems: string[] = [];
  runOrThrow('dmesg', [])
    .split('\n')
    .forEach((line, i) => {
      const stamp = stampOf(line);
      if (stamp === null || stamp <= mark) return;
      for (const outcome of parser.push(line, i + 1)) {
        if (outcome.kind === 'flow') flows.push(outcome.observed);
        else if (outcome.kind === 'malformed' || outcome.kind === 'unreadable')
          problems.push(
            `dmesg line ${outcome.line}: the importer cannot read it: ${outcome.reason}`,
          );
      }
    });
  return { flows, problems };
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
