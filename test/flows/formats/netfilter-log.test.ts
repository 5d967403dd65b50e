import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, Flow } from '../../../simulator/core/model.js';
import { canonicalIp, parseIp } from '../../../simulator/net/ip.js';
import { NETFILTER_LOG_FORMAT } from '../../../simulator/flows/formats/netfilter-log.js';
import { detectFlowFile } from '../../../simulator/flows/formats/index.js';
import { fcParameters } from '../../engine/arbitraries.js';
import {
  expectGolden,
  fixtureText,
  flowsOf,
  head,
  problemsOf,
  readLog,
  skipsOf,
} from './read-log.js';

describe('netfilter log lines (kernel log of nftables/iptables log rules)', () => {
  it('reads a dmesg capture of real nftables log rules as its golden flows', () => {
    const outcomes = readLog(NETFILTER_LOG_FORMAT, fixtureText('netfilter/dmesg.log'));
    expect(problemsOf(outcomes)).toEqual([]);
    expectGolden('netfilter/dmesg.log', flowsOf(outcomes));
    expect(skipsOf(outcomes)).toEqual({
      'not a netfilter log line (no IN= … OUT= … SRC= … DST=)': 1,
      'continuation of a connection already read': 1,
      reply: 2,
      'TCP packet without SYN (part of a connection, not its start)': 1,
      'ICMP message other than an echo request (an error or a control message)': 3,
      'protocol 47 is not tcp, udp or icmp': 1,
    });
  });

  it('reads the rule and the audit mark from Egress Studio prefixes, IPv6 in full, cut ids kept', () => {
    const flows = flowsOf(readLog(NETFILTER_LOG_FORMAT, fixtureText('netfilter/dmesg.log')));
    expect(flows[0]).toEqual({
      flow: { src: '10.77.0.1', ip: '10.77.0.2', proto: 'tcp', port: 443 },
      line: 2,
      logged: 'allow',
      loggedRule: 'no-metadata',
    });
    expect(flows[1]).toEqual({
      flow: { src: 'fd77::1', ip: 'fd77::2', proto: 'tcp', port: 80 },
      line: 3,
      loggedRule: 'trainer-data',
    });
    expect(flows[2]!.loggedRule).toBe('ssh-very-long-rule-i~3f2a');
  });

  it('reads syslog, journal and /dev/kmsg headers, and actions from other prefixes (UFW, DROP:)', () => {
    const outcomes = readLog(NETFILTER_LOG_FORMAT, fixtureText('netfilter/kern.log'));
    expect(problemsOf(outcomes)).toEqual([]);
    expectGolden('netfilter/kern.log', flowsOf(outcomes));
    const flows = flowsOf(outcomes);
    expect(flows.map((f) => [f.line, f.logged ?? '-', f.loggedRule ?? '-'])).toEqual([
      [1, 'deny', '-'],
      [2, 'allow', '-'],
      [3, 'deny', '-'],
      [4, '-', 'trainer-data'],
      [5, 'allow', 'notebook-direct'],
      [6, '-', '-'],
    ]);
    expect(skipsOf(outcomes)).toEqual({
      reply: 1,
      'not a netfilter log line (no IN= … OUT= … SRC= … DST=)': 1,
    });
  });

  it('reports malformed lines with what is wrong', () => {
    const outcomes = readLog(NETFILTER_LOG_FORMAT, fixtureText('netfilter/malformed.log'));
    expect(problemsOf(outcomes)).toEqual([
      { line: 2, reason: 'SRC "host-7" is not an IPv4 or IPv6 address' },
      { line: 3, reason: 'DST "10.0.0.999" is not an IPv4 or IPv6 address' },
      { line: 4, reason: 'no PROTO= field' },
      { line: 5, reason: 'DPT "70000" is not a port number' },
    ]);
  });

  it('is detected by content, after the formats that claim their own lines', () => {
    for (const fixture of ['netfilter/dmesg.log', 'netfilter/kern.log']) {
      expect(detectFlowFile(head(fixtureText(fixture)))?.format.name, fixture).toBe('netfilter');
    }
    expect(NETFILTER_LOG_FORMAT.detect(head(fixtureText('squid/access.log')))).toBe(false);
    expect(NETFILTER_LOG_FORMAT.detect(['[1.0] IPv6: ADDRCONF(NETDEV_CHANGE): va: up'])).toBe(
      false,
    );
  });

  it('round trip: random attempts written as kernel log lines, among replies and noise, read back the same', () => {
    const attempt = fc.record({
      v6: fc.boolean(),
      src: fc.integer({ min: 1, max: 250 }),
      dst: fc.integer({ min: 1, max: 250 }),
      proto: fc.constantFrom('tcp', 'udp', 'icmp') as fc.Arbitrary<'tcp' | 'udp' | 'icmp'>,
      port: fc.integer({ min: 1, max: 1023 }),
      prefix: fc.constantFrom('audit', 'rule', 'drop', 'none'),
      rule: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
      header: fc.constantFrom('dmesg', 'syslog', 'kmsg', 'journal', 'bare'),
      reply: fc.boolean(),
      retransmit: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 25, size: 'max' }), (attempts) => {
        const lines: string[] = [];
        const expected: { flow: Flow; line: number; logged?: Action; loggedRule?: string }[] = [];
        attempts.forEach((a, i) => {
          // Distinct source ports (and sources for ICMP) keep every attempt its own connection.
          const src = a.v6 ? `fd00:${i + 1}::${a.src.toString(16)}` : `10.${i + 1}.0.${a.src}`;
          const dst = a.v6 ? `2001:db8::${a.dst.toString(16)}` : `198.51.100.${a.dst}`;
          const sport = 40000 + i;
          const prefix =
            a.prefix === 'audit'
              ? `egress-audit:${a.rule} `
              : a.prefix === 'rule'
                ? `egress:${a.rule} `
                : a.prefix === 'drop'
                  ? 'DROP: '
                  : '';
          const packet = { src, dst, proto: a.proto, sport, dport: a.port, v6: a.v6 };
          lines.push(withHeader(a.header, `${prefix}${packetText(packet, 'request')}`, i));
          const flow: Flow = { src: canonicalIp(src)!, ip: canonicalIp(dst)!, proto: a.proto };
          if (a.proto !== 'icmp') flow.port = a.port;
          expected.push({
            flow,
            line: lines.length,
            ...(a.prefix === 'audit' ? { logged: 'allow' as const } : {}),
            ...(a.prefix === 'drop' ? { logged: 'deny' as const } : {}),
            ...(a.prefix === 'audit' || a.prefix === 'rule' ? { loggedRule: a.rule } : {}),
          });
          if (a.retransmit)
            lines.push(withHeader(a.header, `${prefix}${packetText(packet, 'request')}`, i));
          if (a.reply) {
            const back = { ...packet, src: dst, dst: src, sport: a.port, dport: sport };
            lines.push(withHeader(a.header, `egress:in ${packetText(back, 'reply')}`, i));
          }
          if (i % 4 === 3) lines.push(withHeader(a.header, 'eth0: link up, 1000Mbps', i));
        });
        const outcomes = readLog(NETFILTER_LOG_FORMAT, lines.join('\n'));
        expect(problemsOf(outcomes)).toEqual([]);
        expect(flowsOf(outcomes)).toEqual(expected);
      }),
      fcParameters(200),
    );
  });
});

/** The kernel's own spelling of an address: IPv6 in full, eight groups of four digits. */
function kernelAddress(text: string): string {
  const ip = parseIp(text)!;
  if (ip.family === 4) return text;
  return ip.value.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
}

/** One packet as nf_log writes it (net/ipv4/netfilter/nf_log_ipv4.c and nf_log_ipv6.c). */
function packetText(
  p: {
    src: string;
    dst: string;
    proto: 'tcp' | 'udp' | 'icmp';
    sport: number;
    dport: number;
    v6: boolean;
  },
  kind: 'request' | 'reply',
): string {
  const ipPart = p.v6
    ? `SRC=${kernelAddress(p.src)} DST=${kernelAddress(p.dst)} LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=7`
    : `SRC=${p.src} DST=${p.dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4711 DF`;
  let l4: string;
  if (p.proto === 'tcp') {
    l4 = `PROTO=TCP SPT=${p.sport} DPT=${p.dport} WINDOW=64240 RES=0x00 ${kind === 'reply' ? 'ACK SYN' : 'SYN'} URGP=0`;
  } else if (p.proto === 'udp') {
    l4 = `PROTO=UDP SPT=${p.sport} DPT=${p.dport} LEN=20`;
  } else {
    const type = p.v6 ? (kind === 'reply' ? 129 : 128) : kind === 'reply' ? 0 : 8;
    l4 = `PROTO=${p.v6 ? 'ICMPv6' : 'ICMP'} TYPE=${type} CODE=0 ID=${p.sport} SEQ=1`;
  }
  return `IN= OUT=eth0 ${ipPart} ${l4} `;
}

function withHeader(header: string, message: string, i: number): string {
  switch (header) {
    case 'dmesg':
      return `[${String(100 + i).padStart(5)}.000123] ${message}`;
    case 'syslog':
      return `Dec  7 01:12:${String(i % 60).padStart(2, '0')} gw01 kernel: [ ${100 + i}.000123] ${message}`;
    case 'kmsg':
      return `4,${1000 + i},${100000 + i},-;${message}`;
    case 'journal':
      return `Dec 07 01:12:44 gw01 kernel: ${message}`;
    default:
      return message;
  }
}
