/**
 * Google Cloud VPC Flow Logs and firewall rules logs, as Cloud Logging exports them: one
 * `LogEntry` a line whose `jsonPayload` holds the record (or the record alone). Both have
 * `connection` (`src_ip`, `src_port`, `dest_ip`, `dest_port`, `protocol` as an IANA number).
 *
 * - A firewall rules log record (it has `disposition`) is one connection a rule matched:
 *   `ALLOWED` is allow, `DENIED` deny. Replies are not logged, so every record is an attempt.
 * - A VPC Flow Logs record is one direction of a connection, sampled and aggregated, and
 *   may be reported by both ends (`reporter` SRC and DEST): the same connection read again is
 *   a continuation, its reverse a reply, and a record from the service's port to an
 *   ephemeral one a reply. Flow logs record no decision.
 */
import type { Action } from '../../core/model.js';
import type { FlowFormat, FlowLineOutcome, FlowLineParser } from '../flow-format.js';
import type { JsonObject } from './log-fields.js';
import { ConnectionMemory } from './connection-memory.js';
import {
  CONTINUATION,
  NOTHING,
  REPLY,
  address,
  child,
  decimal,
  emitted,
  jsonHead,
  jsonObject,
  jsonPort,
  makeFlow,
  malformed,
  observed,
  protocolFromNumber,
  skipped,
  text,
  unsupportedProtocol,
} from './log-fields.js';

/** The record of a line: a LogEntry's `jsonPayload`, or the record itself. */
function recordOf(line: JsonObject): JsonObject {
  return child(line, 'jsonPayload') ?? line;
}

function isGcpRecord(record: JsonObject): boolean {
  const connection = child(record, 'connection');
  return (
    connection !== undefined && typeof connection.src_ip === 'string' && 'dest_ip' in connection
  );
}

export const GCP_FORMAT: FlowFormat = {
  name: 'gcp',
  description: 'Google Cloud VPC Flow Logs and firewall rules logs (Cloud Logging JSON)',
  detect(head) {
    const records = jsonHead(head);
    return records.length > 0 && records.every((r) => isGcpRecord(recordOf(r)));
  },
  open(): FlowLineParser {
    const memory = new ConnectionMemory();
    return {
      push: (line, n) => readGcpLine(line, n, memory),
      finish: () => NOTHING,
    };
  },
};

function readGcpLine(line: string, n: number, memory: ConnectionMemory): FlowLineOutcome[] {
  const parsed = jsonObject(line);
  if (typeof parsed === 'string') return malformed(n, parsed);
  const record = recordOf(parsed);
  const connection = child(record, 'connection');
  if (connection === undefined)
    return malformed(n, 'no "connection": not a VPC Flow Logs or firewall rules log record');

  const protoValue = connection.protocol;
  const protoNumber =
    typeof protoValue === 'number'
      ? protoValue
      : typeof protoValue === 'string'
        ? decimal(protoValue)
        : -1;
  if (protoNumber < 0)
    return malformed(
      n,
      `connection.protocol ${JSON.stringify(protoValue)} is not a protocol number`,
    );
  const proto = protocolFromNumber(protoNumber);
  if (proto === undefined) return skipped(unsupportedProtocol(protoNumber));

  const srcText = text(connection, 'src_ip');
  const dstText = text(connection, 'dest_ip');
  const src = srcText !== undefined ? address(srcText) : null;
  if (src === null)
    return malformed(
      n,
      `connection.src_ip ${JSON.stringify(connection.src_ip)} is not an IPv4 or IPv6 address`,
    );
  const dst = dstText !== undefined ? address(dstText) : null;
  if (dst === null)
    return malformed(
      n,
      `connection.dest_ip ${JSON.stringify(connection.dest_ip)} is not an IPv4 or IPv6 address`,
    );
  let srcPort = 0;
  let dstPort = 0;
  if (proto !== 'icmp') {
    srcPort = connection.src_port === undefined ? 0 : jsonPort(connection.src_port);
    dstPort = jsonPort(connection.dest_port);
    if (srcPort < 0)
      return malformed(
        n,
        `connection.src_port ${JSON.stringify(connection.src_port)} is not a port`,
      );
    if (dstPort < 1)
      return malformed(
        n,
        `connection.dest_port ${JSON.stringify(connection.dest_port)} is not a port from 1 to 65535`,
      );
  }

  const disposition = record.disposition;
  let logged: Action | undefined;
  if (disposition !== undefined) {
    if (disposition === 'ALLOWED') logged = 'allow';
    else if (disposition === 'DENIED') logged = 'deny';
    else return malformed(n, `disposition ${JSON.stringify(disposition)} is not ALLOWED or DENIED`);
  } else {
    const side = memory.classify(proto, src, srcPort, dst, dstPort, true);
    if (side === 'reply') return skipped(REPLY);
    if (side === 'continuation') return skipped(CONTINUATION);
  }
  return emitted(observed(makeFlow(src, { ip: dst }, proto, dstPort), n, logged, undefined));
}
