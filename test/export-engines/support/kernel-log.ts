/**
 * Reads what the firewalls' `log` statements wrote: the kernel log (`dmesg`). Packets logged
 * inside a network namespace reach it only when `net.netfilter.nf_log_all_netns` is 1, so a
 * test turns it on for its run and restores the old value after.
 *
 * A line looks like `[ 123.456789] egress-audit:web IN=vgc OUT=vgs … SRC=10.0.0.1 DST=…
 * … PROTO=TCP SPT=40000 DPT=443 …`; IPv6 addresses are written in full (`fd40:0000:…`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseIp, formatIp } from '../../../simulator/net/ip.js';
import { runOrThrow } from './process.js';

const ALL_NETNS = '/proc/sys/net/netfilter/nf_log_all_netns';

/** Turns namespace logging on; returns a function that restores the earlier value. */
export function logAllNamespaces(): () => void {
  const before = readFileSync(ALL_NETNS, 'utf8').trim();
  writeFileSync(ALL_NETNS, '1');
  return () => writeFileSync(ALL_NETNS, before);
}

export interface LoggedPacket {
  /** The text after the tag: a rule id (possibly cut, see rule-comments.ts). */
  rule: string;
  src: string;
  dst: string;
  proto: string;
  port: number | null;
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

function canonical(address: string): string {
  const ip = parseIp(address);
  return ip === null ? address : formatIp(ip);
}

/** Packets logged with `tag:` since `mark`. */
export function loggedPackets(tag: string, mark: number): LoggedPacket[] {
  const out: LoggedPacket[] = [];
  const pattern = new RegExp(
    `\\] ${tag}:(\\S+) .*?SRC=(\\S+) DST=(\\S+) .*?PROTO=(\\S+)(?: SPT=\\d+ DPT=(\\d+))?`,
  );
  for (const line of runOrThrow('dmesg', []).split('\n')) {
    const stamp = stampOf(line);
    if (stamp === null || stamp <= mark) continue;
    const m = pattern.exec(line);
    if (!m) continue;
    out.push({
      rule: m[1]!,
      src: canonical(m[2]!),
      dst: canonical(m[3]!),
      proto: m[4]!.toLowerCase(),
      port: m[5] === undefined ? null : Number(m[5]),
    });
  }
  return out;
}

export function packetKey(p: {
  src: string;
  dst: string;
  proto: string;
  port: number | null;
}): string {
  return `${p.proto} ${canonical(p.src)} -> ${canonical(p.dst)}:${p.port ?? ''}`;
}
