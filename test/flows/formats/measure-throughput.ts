/**
 * Throughput of each log format on a generated file of 1,000,000 lines (a measurement, not a
 * test): lines are made on the fly by a small writer, so the time of writing them alone is
 * measured too and taken off. Prints lines per second of parsing and the heap the parser
 * still holds after the run (its bounded memory of connections).
 *
 *   node --expose-gc --import tsx test/flows/formats/measure-throughput.ts [LINES]
 */
import type { FlowFormat } from '../../../simulator/flows/flow-format.js';
import { AWS_VPC_FORMAT } from '../../../simulator/flows/formats/aws-vpc.js';
import { GCP_FORMAT } from '../../../simulator/flows/formats/gcp.js';
import { HUBBLE_FORMAT } from '../../../simulator/flows/formats/hubble.js';
import { SQUID_ACCESS_FORMAT } from '../../../simulator/flows/formats/squid-access.js';
import { SURICATA_FORMAT } from '../../../simulator/flows/formats/suricata.js';
import { ZEEK_FORMAT } from '../../../simulator/flows/formats/zeek.js';

const LINES = Number(process.argv[2] ?? 1_000_000);

/** A spread of client and server addresses, and distinct client ports, from a line number. */
const client = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const server = (i: number): string => `151.101.${(i * 7) & 255}.${(i * 13) & 255}`;
const cport = (i: number): number => 32768 + (i % 28000);

interface Case {
  name: string;
  format: FlowFormat;
  header: string[];
  line: (i: number) => string;
}

const CASES: Case[] = [
  {
    name: 'aws-vpc (default v2)',
    format: AWS_VPC_FORMAT,
    header: [],
    line: (i) =>
      `2 123456789010 eni-1235b8ca123456789 ${client(i)} ${server(i)} ${cport(i)} 443 6 20 4249 1418530010 1418530070 ${i % 10 ? 'ACCEPT' : 'REJECT'} OK`,
  },
  {
    name: 'aws-vpc (custom v5, tcp-flags)',
    format: AWS_VPC_FORMAT,
    header: [
      'version interface-id account-id flow-direction traffic-path srcaddr dstaddr pkt-srcaddr pkt-dstaddr srcport dstport protocol tcp-flags action log-status',
    ],
    line: (i) =>
      `5 eni-0a1b2c3d4e5f67890 123456789010 egress 8 ${client(i)} ${server(i)} - - ${cport(i)} 443 6 ${i % 2 ? 2 : 18} ACCEPT OK`,
  },
  {
    name: 'squid',
    format: SQUID_ACCESS_FORMAT,
    header: [],
    line: (i) =>
      i % 2
        ? `1700000000.${String(i % 1000).padStart(3, '0')}    120 ${client(i)} TCP_TUNNEL/200 5124 CONNECT pypi.org:443 - HIER_DIRECT/${server(i)} -`
        : `1700000000.${String(i % 1000).padStart(3, '0')}     42 ${client(i)} TCP_MISS/200 913 GET http://mirror.example.net/ubuntu/dists/jammy/Release - HIER_DIRECT/${server(i)} text/plain`,
  },
  {
    name: 'gcp (vpc flow logs)',
    format: GCP_FORMAT,
    header: [],
    line: (i) =>
      `{"insertId":"${i}","jsonPayload":{"bytes_sent":"3120","connection":{"dest_ip":"${server(i)}","dest_port":443,"protocol":6,"src_ip":"${client(i)}","src_port":${cport(i)}},"packets_sent":"14","reporter":"SRC"},"logName":"projects/p/logs/compute.googleapis.com%2Fvpc_flows","resource":{"type":"gce_subnetwork"},"timestamp":"2024-03-01T10:00:20.000Z"}`,
  },
  {
    name: 'hubble',
    format: HUBBLE_FORMAT,
    header: [],
    line: (i) =>
      `{"flow":{"time":"2023-05-04T09:41:21.601223019Z","verdict":"FORWARDED","IP":{"source":"${client(i)}","destination":"${server(i)}","ipVersion":"IPv4"},"l4":{"TCP":{"source_port":${cport(i)},"destination_port":443,"flags":{"SYN":true}}},"source":{"namespace":"ml","labels":["k8s:app=trainer"],"pod_name":"trainer-0"},"destination":{"identity":2,"labels":["reserved:world"]},"Type":"L3_L4","destination_names":["pypi.org"],"is_reply":false},"node_name":"kind-worker","time":"2023-05-04T09:41:21.601223019Z"}`,
  },
  {
    name: 'suricata (flow events)',
    format: SURICATA_FORMAT,
    header: [],
    line: (i) =>
      `{"timestamp":"2016-09-22T14:34:02.713520+0200","flow_id":${1000000000 + i},"event_type":"flow","src_ip":"${client(i)}","src_port":${cport(i)},"dest_ip":"${server(i)}","dest_port":443,"proto":"TCP","app_proto":"tls","flow":{"pkts_toserver":12,"pkts_toclient":10,"bytes_toserver":1164,"bytes_toclient":5874,"state":"closed","reason":"timeout","alerted":false}}`,
  },
  {
    name: 'zeek (conn.log TSV)',
    format: ZEEK_FORMAT,
    header: [
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tconn',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
    ],
    line: (i) =>
      `1709287200.100001\tC${i}\t${client(i)}\t${cport(i)}\t${server(i)}\t443\ttcp\tssl\t0.512030\t1024\t20480\tSF\tT\tF\t0\tShADadFf\t12\t1520\t10\t20900\t(empty)`,
  },
];

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const rows: Record<string, string | number>[] = [];
for (const c of CASES) {
  gc();
  let chars = 0;
  const writeStart = performance.now();
  for (let i = 0; i < LINES; i++) chars += c.line(i).length;
  const writeMs = performance.now() - writeStart;

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const parser = c.format.open('generated');
  let flows = 0;
  let problems = 0;
  const start = performance.now();
  let n = 0;
  for (const h of c.header) parser.push(h, ++n);
  for (let i = 0; i < LINES; i++) {
    for (const o of parser.push(c.line(i), ++n)) {
      if (o.kind === 'flow') flows++;
      else if (o.kind === 'malformed') problems++;
    }
  }
  for (const o of parser.finish()) if (o.kind === 'flow') flows++;
  const totalMs = performance.now() - start;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const parseMs = Math.max(totalMs - writeMs, 1);
  rows.push({
    format: c.name,
    lines: LINES,
    flows,
    problems,
    'MB of text': Math.round(chars / 1e6),
    'parse ms': Math.round(parseMs),
    'lines/s': Math.round((LINES / parseMs) * 1000),
    'heap kept MB': Math.round((heapAfter - heapBefore) / 1e6),
  });
}
console.table(rows);
