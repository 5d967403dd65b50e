/**
 * Random AWS VPC flow logs for the tests of the SQL that reads them: records that reuse a
 * few addresses and ports, so that connections repeat and answer each other (some records
 * are the reverse of an earlier one), with records without data, other protocols, port 0,
 * TCP flags of every kind and malformed actions and protocols among them. An address is
 * written in any of its spellings (upper case, groups with leading zeros or none left out,
 * IPv4 as IPv4-mapped IPv6): one connection's records need not spell its ends alike.
 */
import fc from 'fast-check';

const ADDRESSES = ['10.30.1.7', '10.30.2.9', '104.18.7.192', '203.0.113.5', 'fd00:30::7'];
/** Other ways to write some of them; the first spelling is the address itself. */
const SPELLINGS: Record<string, string[]> = {
  '10.30.1.7': ['10.30.1.7', '::ffff:10.30.1.7', '::FFFF:0a1e:0107'],
  'fd00:30::7': ['fd00:30::7', 'FD00:30::7', 'fd00:30:0:0:0:0:0:7', 'fd00:0030::0007'],
};
const PORTS = ['443', '80', '53', '1000', '1023', '1024', '32768', '40000', '50000', '0'];
const PROTOCOLS = ['6', '6', '6', '17', '17', '1', '58', '50', '-'];
const FLAGS = ['-', '0', '1', '2', '2', '3', '18', '19', '16'];
const ACTIONS = ['ACCEPT', 'ACCEPT', 'REJECT', '-', 'LOST'];

export interface RecordParts {
  status: string;
  src: string;
  dst: string;
  srcport: string;
  dstport: string;
  protocol: string;
  flags: string;
  pktSrc: string;
  action: string;
  /** Which spelling of the addresses the record's line uses (SPELLINGS). */
  spelling: number;
}

const recordArb: fc.Arbitrary<RecordParts> = fc.record({
  status: fc.constantFrom('OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'NODATA', 'SKIPDATA'),
  src: fc.constantFrom(...ADDRESSES),
  dst: fc.constantFrom(...ADDRESSES),
  srcport: fc.constantFrom(...PORTS),
  dstport: fc.constantFrom(...PORTS),
  protocol: fc.constantFrom(...PROTOCOLS),
  flags: fc.constantFrom(...FLAGS),
  pktSrc: fc.constantFrom('-', '-', '-', ...ADDRESSES),
  action: fc.constantFrom(...ACTIONS),
  spelling: fc.nat(),
});

/** An address as a record spells it: itself half of the time, else one of its spellings. */
function spelled(address: string, spelling: number): string {
  const ways = SPELLINGS[address];
  if (ways === undefined || spelling % 2 === 0) return address;
  return ways[(spelling >> 1) % ways.length]!;
}

/** A log of these records: some records are the reverse of an earlier one. */
export const logArb = fc
  .tuple(
    fc.array(recordArb, { minLength: 1, maxLength: 60 }),
    fc.array(fc.nat(), { maxLength: 60 }),
  )
  .map(([records, reversals]) => {
    for (const [k, pick] of reversals.entries()) {
      if (k >= records.length || k === 0) continue;
      const earlier = records[pick % k]!;
      records[k] = {
        ...records[k]!,
        src: earlier.dst,
        dst: earlier.src,
        srcport: earlier.dstport,
        dstport: earlier.srcport,
        protocol: earlier.protocol,
      };
    }
    return records;
  });

/**
 * The default format with its header line (as delivered to S3), without one (as delivered to
 * CloudWatch Logs), or a custom format with TCP flags and the packet's source address.
 */
export type Layout = 'default' | 'headerless' | 'custom';

export function logText(records: readonly RecordParts[], layout: Layout): string {
  const lines =
    layout === 'headerless'
      ? []
      : layout === 'default'
        ? [
            'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
          ]
        : [
            '${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} pkt_srcaddr ${action} log_status',
          ];
  for (const r of records) {
    const noData = r.status !== 'OK';
    const v = (value: string) => (noData ? '-' : value);
    const a = (address: string, end: number) => v(spelled(address, r.spelling >> end));
    lines.push(
      layout !== 'custom'
        ? `2 123456789010 eni-1 ${a(r.src, 0)} ${a(r.dst, 4)} ${v(r.srcport)} ${v(r.dstport)} ${v(r.protocol)} 10 840 1 2 ${v(r.action)} ${r.status}`
        : `5 ${a(r.src, 0)} ${a(r.dst, 4)} ${v(r.srcport)} ${v(r.dstport)} ${v(r.protocol)} ${v(r.flags)} ${a(r.pktSrc, 8)} ${v(r.action)} ${r.status}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** What a noisy log does to a record's line (`noisyLogText`). */
export type Noise =
  | 'none'
  | 'field-missing'
  | 'field-extra'
  | 'spaces'
  | 'blank-before'
  | 'header-before'
  | 'bad-header-before'
  | 'bad-address'
  | 'bom-header-before'
  | 'crlf';

export const noiseArb: fc.Arbitrary<Noise> = fc.constantFrom<Noise>(
  ...Array<Noise>(12).fill('none'),
  'field-missing',
  'field-extra',
  'spaces',
  'blank-before',
  'header-before',
  'bad-header-before',
  'bad-address',
  'bom-header-before',
  'crlf',
);

/**
 * `logText` with some lines spoiled as real files spoil them: a field missing or one too many,
 * runs of spaces and tabs, blank lines, a header line again (as when logs are joined), a header
 * without the address fields, one after a byte order mark (as when files are joined), an
 * address that is none, a carriage return before the line feed.
 */
export function noisyLogText(
  records: readonly RecordParts[],
  layout: Layout,
  noise: readonly Noise[],
): string {
  const lines = logText(records, layout).split('\n').slice(0, -1);
  const first = layout === 'headerless' ? 0 : 1;
  const header =
    layout === 'custom'
      ? lines[0]!
      : 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
  const out = lines.slice(0, first);
  lines.slice(first).forEach((line, i) => {
    switch (noise[i % Math.max(noise.length, 1)] ?? 'none') {
      case 'field-missing':
        return void out.push(line.replace(/ \S+$/, ''));
      case 'field-extra':
        return void out.push(`${line} extra`);
      case 'spaces':
        return void out.push(` ${line.replaceAll(' ', ' \t  ')}\t`);
      case 'blank-before':
        return void out.push('', '  \t', line);
      case 'header-before':
        return void out.push(header, line);
      case 'bad-header-before':
        return void out.push('version srcaddr dstaddr action', line);
      case 'bad-address':
        return void out.push(line.replace(/^(\S+ (?:\S+ \S+ )?)\S+/, '$1agent'));
      case 'bom-header-before':
        return void out.push(`\ufeff${header}`, line);
      case 'crlf':
        return void out.push(`${line}\r`);
      default:
        return void out.push(line);
    }
  });
  return out.join('\n') + '\n';
}
