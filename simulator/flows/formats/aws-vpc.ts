/**
 * AWS VPC Flow Logs: space-separated records, `-` for a field without a value. The default
 * format is the version 2 line; a custom format is given by the header line that flow logs
 * delivered to S3 start with (field names as in `--log-format`, `${…}` and `_` spellings
 * accepted). `pkt-srcaddr`/`pkt-dstaddr` (the packet's own addresses, behind NAT or a
 * load balancer) are preferred to `srcaddr`/`dstaddr` when present.
 *
 * Records are per direction and per aggregation window, so one connection can give several
 * records. With `tcp-flags` (version 3 and later) a record whose flags hold SYN without ACK
 * opens a connection, SYN-ACK (18) answers one and no SYN continues one; without flags, the
 * reverse of a connection already read is a reply, the same connection read again a
 * continuation, and a record from the service's port to an ephemeral one a reply.
 */
import type { Action, Protocol } from '../../core/model.js';
import type { FlowFormat, FlowLineOutcome, FlowLineParser } from '../flow-format.js';
import {
  CONTINUATION,
  NOTHING,
  REPLY,
  SKIP,
  address,
  decimal,
  emitted,
  makeFlow,
  malformed,
  observed,
  portNumber,
  protocolFromNumber,
  sideByTcpFlags,
  skipped,
  unsupportedProtocol,
  spaceFields,
} from './log-fields.js';
import { ConnectionMemory } from './connection-memory.js';

/** The version 2 fields, in the order of the default format. */
export const AWS_VPC_DEFAULT_FIELDS = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
] as const;

/** Why records that are no connection attempt are passed over (also by `--engine duckdb`). */
export const NO_DATA = 'no data in the capture window (NODATA or SKIPDATA)';
export const PORT_ZERO = 'port 0 (a packet without a transport port, such as a fragment)';

/** Why a record is malformed, by the field that is not what it should be. */
export const VPC_FIELD_PROBLEM = {
  protocol: (value: string) => `protocol "${value}" is not a protocol number`,
  srcport: (value: string) => `srcport "${value}" is not a port number`,
  dstport: (value: string) => `dstport "${value}" is not a port number`,
  action: (value: string) => `action "${value}" is not ACCEPT or REJECT`,
};

/** Why a record of another number of fields than its format's is malformed. */
export function vpcFieldCountProblem(expected: number, found: number): string {
  return `expected ${expected} fields (as the header says), found ${found}`;
}

/** Why a record before any header, not of the default format's length, is malformed. */
export function vpcDefaultFieldCountProblem(found: number): string {
  return `expected the ${AWS_VPC_DEFAULT_FIELDS.length} fields of the default format, found ${found}; a custom format needs its header line first`;
}

/** Why a record's address is refused: `field` is the one read (`pkt-srcaddr`, `srcaddr`, …). */
export function vpcAddressProblem(field: string, value: string): string {
  return `${field} "${value}" is not an IPv4 or IPv6 address`;
}

/** The fields a record is read from (0-based positions, -1 when absent); the others are passed over. */
export interface VpcColumns {
  count: number;
  srcaddr: number;
  dstaddr: number;
  pktSrcaddr: number;
  pktDstaddr: number;
  srcport: number;
  dstport: number;
  protocol: number;
  action: number;
  logStatus: number;
  tcpFlags: number;
}

/** A header's field name as the reader spells it: `${tcp_flags}` is `tcp-flags`. */
export function vpcFieldName(token: string): string {
  const bare = token.startsWith('${') && token.endsWith('}') ? token.slice(2, -1) : token;
  return bare.toLowerCase().replaceAll('_', '-');
}

/** A header line names fields; a record never holds these words. */
export function isVpcHeader(tokens: readonly string[]): boolean {
  return tokens.some((t) => {
    const name = vpcFieldName(t);
    return name === 'srcaddr' || name === 'dstaddr' || name === 'pkt-srcaddr';
  });
}

/** The columns a header's field names (`vpcFieldName`) give, or why they are not enough. */
export function vpcHeaderColumns(names: readonly string[]): VpcColumns | string {
  const at = (name: string): number => names.indexOf(name);
  const columns: VpcColumns = {
    count: names.length,
    srcaddr: at('srcaddr'),
    dstaddr: at('dstaddr'),
    pktSrcaddr: at('pkt-srcaddr'),
    pktDstaddr: at('pkt-dstaddr'),
    srcport: at('srcport'),
    dstport: at('dstport'),
    protocol: at('protocol'),
    action: at('action'),
    logStatus: at('log-status'),
    tcpFlags: at('tcp-flags'),
  };
  const missing: string[] = [];
  if (columns.srcaddr < 0 && columns.pktSrcaddr < 0) missing.push('srcaddr');
  if (columns.dstaddr < 0 && columns.pktDstaddr < 0) missing.push('dstaddr');
  for (const name of ['srcport', 'dstport', 'protocol'] as const) {
    if (columns[name] < 0) missing.push(name);
  }
  if (missing.length > 0) {
    return `the header has no ${missing.join(', ')} field; a flow needs source and destination addresses, ports and the protocol`;
  }
  return columns;
}

/** The columns of the default format, for a log without a header line. */
export const VPC_DEFAULT_COLUMNS = vpcHeaderColumns(AWS_VPC_DEFAULT_FIELDS) as VpcColumns;

/**
 * Whether the reader looks at a line as a possible header: every line while it has no
 * columns (`columnsKnown` false), after that only a line starting with a lower-case letter
 * and holding `addr` (a record starts with a value and never holds the word `srcaddr`).
 */
export function mayBeVpcHeader(text: string, columnsKnown: boolean): boolean {
  if (!columnsKnown) return true;
  const first = text.charCodeAt(0);
  return first >= 97 && first <= 122 && text.includes('addr');
}

function looksLikeDefaultRecord(fields: readonly string[]): boolean {
  if (fields.length !== AWS_VPC_DEFAULT_FIELDS.length || fields[0] !== '2') return false;
  const action = fields[12];
  const status = fields[13];
  return (
    (action === 'ACCEPT' || action === 'REJECT' || action === '-') &&
    (status === 'OK' || status === 'NODATA' || status === 'SKIPDATA')
  );
}

export const AWS_VPC_FORMAT: FlowFormat = {
  name: 'aws-vpc',
  description: 'AWS VPC Flow Logs (the default version 2 line, or a custom format with its header)',
  detect(head) {
    const first = head.find((line) => line.trim() !== '');
    if (first === undefined) return false;
    const fields = spaceFields(first);
    if (isVpcHeader(fields)) return typeof vpcHeaderColumns(fields.map(vpcFieldName)) !== 'string';
    return looksLikeDefaultRecord(fields);
  },
  open(): FlowLineParser {
    return new AwsVpcParser();
  },
};

class AwsVpcParser implements FlowLineParser {
  private columns: VpcColumns | undefined;
  private headerProblem: string | undefined;
  /** The cut-out values of one record, by column; reused from line to line. */
  private values: string[] = [];
  private readonly memory = new ConnectionMemory();

  push(text: string, line: number): FlowLineOutcome[] {
    if (mayBeVpcHeader(text, this.columns !== undefined)) {
      const fields = spaceFields(text);
      if (fields.length === 0) return SKIP;
      if (isVpcHeader(fields)) return this.readHeader(fields.map(vpcFieldName), line);
      if (this.columns === undefined) {
        if (this.headerProblem !== undefined) return malformed(line, this.headerProblem);
        if (fields.length !== AWS_VPC_DEFAULT_FIELDS.length) {
          return malformed(line, vpcDefaultFieldCountProblem(fields.length));
        }
        this.use(VPC_DEFAULT_COLUMNS);
      }
    }
    return this.record(text, line, this.columns!);
  }

  finish(): FlowLineOutcome[] {
    return NOTHING;
  }

  private readHeader(names: string[], line: number): FlowLineOutcome[] {
    const columns = vpcHeaderColumns(names);
    if (typeof columns === 'string') {
      this.headerProblem = columns;
      this.columns = undefined;
      return malformed(line, columns);
    }
    this.headerProblem = undefined;
    this.use(columns);
    return SKIP;
  }

  private use(columns: VpcColumns): void {
    this.columns = columns;
    this.values = new Array<string>(columns.count).fill('-');
  }

  private record(text: string, line: number, c: VpcColumns): FlowLineOutcome[] {
    // Cut out the fields in one pass, without an array of every field.
    const values = this.values;
    let field = 0;
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const ch = i < text.length ? text.charCodeAt(i) : 32;
      if (ch === 32 || ch === 9) {
        if (start >= 0) {
          if (field < c.count) values[field] = text.slice(start, i);
          field++;
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (field !== c.count) {
      return malformed(line, vpcFieldCountProblem(c.count, field));
    }
    if (c.logStatus >= 0) {
      const status = values[c.logStatus];
      if (status === 'NODATA' || status === 'SKIPDATA') return skipped(NO_DATA);
    }
    const protoText = values[c.protocol]!;
    const protoNumber = decimal(protoText);
    if (protoNumber < 0) return malformed(line, VPC_FIELD_PROBLEM.protocol(protoText));
    const proto = protocolFromNumber(protoNumber);
    if (proto === undefined) return skipped(unsupportedProtocol(protoNumber));

    const src = this.address(values, c.pktSrcaddr, c.srcaddr);
    if (src === null)
      return malformed(line, this.addressProblem(values, c.pktSrcaddr, c.srcaddr, 'srcaddr'));
    const dst = this.address(values, c.pktDstaddr, c.dstaddr);
    if (dst === null)
      return malformed(line, this.addressProblem(values, c.pktDstaddr, c.dstaddr, 'dstaddr'));

    let srcPort = 0;
    let dstPort = 0;
    if (proto !== 'icmp') {
      srcPort = portNumber(values[c.srcport]!);
      dstPort = portNumber(values[c.dstport]!);
      if (srcPort < 0) return malformed(line, VPC_FIELD_PROBLEM.srcport(values[c.srcport]!));
      if (dstPort < 0) return malformed(line, VPC_FIELD_PROBLEM.dstport(values[c.dstport]!));
      if (dstPort === 0) return skipped(PORT_ZERO);
    }

    let logged: Action | undefined;
    if (c.action >= 0) {
      const action = values[c.action];
      if (action === 'ACCEPT') logged = 'allow';
      else if (action === 'REJECT') logged = 'deny';
      else if (action !== '-') return malformed(line, VPC_FIELD_PROBLEM.action(action!));
    }

    const side = this.side(values, c, proto, src, srcPort, dst, dstPort);
    if (side === 'reply') return skipped(REPLY);
    if (side === 'continuation') return skipped(CONTINUATION);
    return emitted(observed(makeFlow(src, { ip: dst }, proto, dstPort), line, logged, undefined));
  }

  private side(
    values: readonly string[],
    c: VpcColumns,
    proto: Protocol,
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
  ): 'attempt' | 'reply' | 'continuation' {
    if (proto === 'tcp' && c.tcpFlags >= 0) {
      const flags = decimal(values[c.tcpFlags]!);
      if (flags >= 0) {
        const side = sideByTcpFlags(flags);
        // The same SYN is seen twice where a NAT gateway logs both of its interfaces.
        if (side === 'attempt')
          return this.memory.classify(proto, src, srcPort, dst, dstPort, false);
        return side === 'unknown' ? 'attempt' : side;
      }
    }
    return this.memory.classify(proto, src, srcPort, dst, dstPort, true);
  }

  private address(values: readonly string[], preferred: number, plain: number): string | null {
    if (preferred >= 0 && values[preferred] !== '-') return address(values[preferred]!);
    return plain >= 0 ? address(values[plain]!) : null;
  }

  private addressProblem(
    values: readonly string[],
    preferred: number,
    plain: number,
    field: 'srcaddr' | 'dstaddr',
  ): string {
    const usesPacket = preferred >= 0 && values[preferred] !== '-';
    const value = usesPacket ? values[preferred] : plain >= 0 ? values[plain] : '-';
    return vpcAddressProblem(usesPacket ? `pkt-${field}` : field, value!);
  }
}
