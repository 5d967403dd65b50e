/**
 * Netfilter log lines: what the kernel writes for an nftables `log` statement or an iptables
 * `LOG` target, as `dmesg`, `/dev/kmsg`, syslog (`kern.log`) or `journalctl -k` show it:
 *
 *   [ 123.456789] egress-audit:web IN=eth0 OUT=eth1 MAC=… SRC=10.0.0.1 DST=203.0.113.5
 *     LEN=60 … PROTO=TCP SPT=40000 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0
 *
 * The text between the log's own header (timestamp, host, `kernel:`) and `IN=` is the rule's
 * log prefix, printed as configured (no separator is added). Egress Studio's exports write
 * `egress:<rule> ` for a rule that logs and `egress-audit:<rule> ` for what an audit-mode
 * export would deny and lets through (docs/exporters.md "Audit mode"): the rule id is read
 * back (an id cut to fit the prefix ends in `~` and four hex digits), and an audit line is
 * logged as let through. Other prefixes give an action only when a word of them says one
 * (`DROP`, `REJECT`, `BLOCK`, `DENY`; `ACCEPT`, `ALLOW`, `PASS`), as UFW's `[UFW BLOCK]`.
 *
 * Only the outer packet is read: an ICMP error carries the packet it answers in brackets.
 * A TCP packet opens a connection when it has SYN without ACK (SYN-ACK answers one, a packet
 * without SYN belongs to one); an ICMP echo request (type 8, or 128 for ICMPv6) is an
 * attempt, an echo reply a reply, and other ICMP messages (errors, neighbour discovery) are
 * neither; UDP is told by the memory of recent packets and by its ports. The same attempt
 * logged again (a retransmitted SYN, a packet logged by two rules) is read once.
 */
import type { Action, Protocol } from '../../core/model.js';
import type { FlowFormat, FlowLineOutcome, FlowLineParser } from '../flow-format.js';
import {
  CONTINUATION,
  REPLY,
  NOTHING,
  address,
  emitted,
  makeFlow,
  malformed,
  observed,
  portNumber,
  protocolFromName,
  skipped,
  unsupportedProtocol,
} from './log-fields.js';
import { ConnectionMemory } from './connection-memory.js';

/** The prefix tags Egress Studio's firewall exports write (see rule-comments.ts `logPrefix`). */
export const NETFILTER_RULE_TAG = 'egress';
export const NETFILTER_AUDIT_TAG = 'egress-audit';

const NOT_NETFILTER = 'not a netfilter log line (no IN= … OUT= … SRC= … DST=)';
const TCP_NO_SYN = 'TCP packet without SYN (part of a connection, not its start)';
const ICMP_OTHER = 'ICMP message other than an echo request (an error or a control message)';
const NO_PORTS = 'no transport ports (a fragment or a truncated packet)';

/** The log prefix and packet fields of one netfilter line, or undefined when it is not one. */
export interface NetfilterLine {
  /** The configured log prefix, trimmed (empty when the rule has none). */
  prefix: string;
  /** `KEY=value` fields of the outer packet (a bare flag word such as `SYN` maps to ''). */
  fields: Map<string, string>;
}

/** Where `IN=` starts: the last `IN=` before ` OUT=` (a prefix may be glued to it). */
function packetStart(text: string): number {
  const out = text.indexOf(' OUT=');
  if (out < 0) return -1;
  return text.lastIndexOf('IN=', out);
}

/**
 * The log prefix as configured: the text before `IN=` without the log's own header — a
 * `/dev/kmsg` record header (`6,1234,567890,-;`), a syslog or journal header ending in
 * `kernel: `, a `dmesg` timestamp (`[ 123.456789] `).
 */
function configuredPrefix(before: string): string {
  let text = before;
  const semicolon = text.indexOf(';');
  if (semicolon > 0 && /^\d+,\d+,\d+,[^;]*$/.test(text.slice(0, semicolon))) {
    text = text.slice(semicolon + 1);
  }
  const kernel = text.indexOf('kernel: ');
  if (kernel >= 0) text = text.slice(kernel + 'kernel: '.length);
  const stamp = /^\s*\[\s*\d+\.\d+\]/.exec(text);
  if (stamp !== null) text = text.slice(stamp[0].length);
  return text.trim();
}

export function splitNetfilterLine(text: string): NetfilterLine | undefined {
  const start = packetStart(text);
  if (start < 0) return undefined;
  const fields = new Map<string, string>();
  let i = start;
  while (i < text.length) {
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    if (i >= text.length || text.charCodeAt(i) === 91 /* [ */) break; // an ICMP error's inner packet
    let end = text.indexOf(' ', i);
    if (end < 0) end = text.length;
    const token = text.slice(i, end);
    const eq = token.indexOf('=');
    const key = eq < 0 ? token : token.slice(0, eq);
    // The first of a key wins: the outer packet's fields come first.
    if (!fields.has(key)) fields.set(key, eq < 0 ? '' : token.slice(eq + 1));
    i = end;
  }
  if (!fields.has('SRC') || !fields.has('DST')) return undefined;
  return { prefix: configuredPrefix(text.slice(0, start)), fields };
}

/** What a log prefix says: Egress Studio's rule, and the action when the prefix gives one. */
export interface PrefixMeaning {
  rule?: string;
  logged?: Action;
}

const DENY_WORDS = new Set([
  'DROP',
  'DROPPED',
  'REJECT',
  'REJECTED',
  'BLOCK',
  'BLOCKED',
  'DENY',
  'DENIED',
]);
const ALLOW_WORDS = new Set(['ACCEPT', 'ACCEPTED', 'ALLOW', 'ALLOWED', 'PASS']);

export function prefixMeaning(prefix: string): PrefixMeaning {
  for (const word of prefix.split(/\s+/)) {
    const colon = word.indexOf(':');
    if (colon <= 0 || colon === word.length - 1) continue;
    const tag = word.slice(0, colon);
    const rule = word.slice(colon + 1);
    // Audit mode logs what the policy would deny and lets it through.
    if (tag === NETFILTER_AUDIT_TAG) return { rule, logged: 'allow' };
    if (tag === NETFILTER_RULE_TAG) return { rule };
  }
  let logged: Action | undefined;
  for (const word of prefix.toUpperCase().split(/[^A-Z]+/)) {
    if (DENY_WORDS.has(word)) return { logged: 'deny' };
    if (ALLOW_WORDS.has(word)) logged = 'allow';
  }
  return logged === undefined ? {} : { logged };
}

/** Kernel protocol names (`TCP`, `UDP`, `ICMP`, `ICMPv6`), or a number for the others. */
function protocolOf(text: string): Protocol | undefined {
  return protocolFromName(text);
}

export const NETFILTER_LOG_FORMAT: FlowFormat = {
  name: 'netfilter',
  description:
    'Kernel log lines of nftables/iptables log rules (dmesg, /dev/kmsg, syslog, journalctl -k)',
  detect(head) {
    const records = head.filter((line) => line.trim() !== '');
    // A kernel log holds other messages too: one packet line with a protocol is enough.
    return records.some((line) => {
      const parsed = splitNetfilterLine(line);
      return parsed !== undefined && parsed.fields.has('PROTO');
    });
  },
  open(): FlowLineParser {
    const memory = new ConnectionMemory();
    return {
      push: (text, line) => readNetfilterLine(text, line, memory),
      finish: () => NOTHING,
    };
  },
};

function readNetfilterLine(
  text: string,
  line: number,
  memory: ConnectionMemory,
): FlowLineOutcome[] {
  const parsed = splitNetfilterLine(text);
  if (parsed === undefined) return skipped(NOT_NETFILTER);
  const { fields } = parsed;
  const srcText = fields.get('SRC')!;
  const dstText = fields.get('DST')!;
  const src = address(srcText);
  if (src === null) return malformed(line, `SRC "${srcText}" is not an IPv4 or IPv6 address`);
  const dst = address(dstText);
  if (dst === null) return malformed(line, `DST "${dstText}" is not an IPv4 or IPv6 address`);
  const protoText = fields.get('PROTO');
  if (protoText === undefined) return malformed(line, 'no PROTO= field');
  const proto = protocolOf(protoText);
  if (proto === undefined) return skipped(unsupportedProtocol(protoText));

  let srcPort = 0;
  let dstPort = 0;
  if (proto === 'icmp') {
    const type = fields.get('TYPE');
    if (type === undefined) return skipped(NO_PORTS);
    const v6 = protoText.toUpperCase() === 'ICMPV6';
    if (type === (v6 ? '129' : '0')) return skipped(REPLY);
    if (type !== (v6 ? '128' : '8')) return skipped(ICMP_OTHER);
  } else {
    const spt = fields.get('SPT');
    const dpt = fields.get('DPT');
    if (spt === undefined || dpt === undefined) return skipped(NO_PORTS);
    srcPort = portNumber(spt);
    dstPort = portNumber(dpt);
    if (srcPort < 0) return malformed(line, `SPT "${spt}" is not a port number`);
    if (dstPort < 0) return malformed(line, `DPT "${dpt}" is not a port number`);
  }

  let side: 'attempt' | 'reply' | 'continuation';
  if (proto === 'tcp') {
    if (!fields.has('SYN')) return skipped(TCP_NO_SYN);
    if (fields.has('ACK')) return skipped(REPLY);
    side = memory.classify(proto, src, srcPort, dst, dstPort, false);
  } else {
    // An echo request was told above; UDP by memory and ports.
    side = memory.classify(proto, src, srcPort, dst, dstPort, proto === 'udp');
  }
  if (side === 'reply') return skipped(REPLY);
  if (side === 'continuation') return skipped(CONTINUATION);

  const meaning = prefixMeaning(parsed.prefix);
  const result = observed(
    makeFlow(src, { ip: dst }, proto, dstPort),
    line,
    meaning.logged,
    undefined,
  );
  if (meaning.rule !== undefined) result.loggedRule = meaning.rule;
  return emitted(result);
}
