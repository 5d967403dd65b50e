/**
 * The connection-path audit's facts: for every internal node, every destination outside
 * (external-zone nodes by each of their names, and the names and addresses allow rules
 * mention) and every service the policy or the topology speaks of, the simulator's verdict.
 * Nothing here is inferred from the rules' text: each path is a flow the compiled matcher
 * decided, so the audit says what the simulator says.
 */
import type {
  Flow,
  PolicyModel,
  Protocol,
  Rule,
  Topology,
  TopologyEdge,
  TopologyNode,
  Verdict,
} from '../core/model.js';
import { formatCidrShort, formatIp, firstHostAddress, parseCidr } from '../net/ip.js';
import { compileMatcher, parseEdgeService, runPolicyTests } from '../engine/index.js';
import type { TestResult } from '../engine/index.js';
import { firstAddressOf } from '../engine/node-address.js';
import { AddressBook } from './address-book.js';
import { containsIp, unionAll, cidrTextSet } from './model/ip-set.js';

export type DestinationKind = 'node' | 'name' | 'wildcard' | 'address' | 'anything-else';

export interface AuditDestination {
  /** `pypi (pypi.org)`, `*.s3.amazonaws.com`, `10.0.0.0/8`, `any other address`. */
  label: string;
  kind: DestinationKind;
  node: TopologyNode | null;
  host: string | null;
  ip: string | null;
  /** `internet (external)`, or `not in the topology`. */
  zone: string;
}

export interface Probe {
  proto: Protocol;
  port?: number;
  method?: string;
  path?: string;
}

export interface AuditPath {
  source: TopologyNode;
  destination: AuditDestination;
  probe: Probe;
  verdict: Verdict;
  rule: Rule | null;
  /** Notes of topology edges from the source to the destination node. */
  edgeNotes: string[];
}

export interface AuditFacts {
  sources: TopologyNode[];
  destinations: AuditDestination[];
  /** Allowed paths only, in source, destination, probe order. */
  paths: AuditPath[];
  /** Edges whose implied `expect allow` fails. */
  deniedEdges: { edge: TopologyEdge; result: TestResult }[];
  probesTried: number;
}

/** Addresses the "anything else" probe may use: the first one nothing names. */
const PROBE_ADDRESSES = [
  '198.18.0.1',
  '100.64.0.1',
  '192.0.2.1',
  '203.0.113.1',
  '2001:db8:ffff::1',
];
const PROBE_NAME = 'unlisted-name.invalid';

export function probeText(p: Probe): string {
  const service = p.port === undefined ? p.proto : `${p.proto}/${p.port}`;
  const http = [p.method, p.path].filter((x) => x !== undefined).join(' ');
  return http === '' ? service : `${service} (${http})`;
}

function probesOf(policy: PolicyModel, topology: Topology | undefined): Probe[] {
  const out = new Map<string, Probe>();
  const add = (p: Probe) => out.set(probeText(p), p);
  for (const rule of policy.rules) {
    if (rule.action !== 'allow') continue;
    const http: Pick<Probe, 'method' | 'path'> = {};
    if (rule.methods !== null && rule.methods[0] !== undefined) http.method = rule.methods[0];
    if (rule.paths !== null && rule.paths[0] !== undefined) http.path = rule.paths[0].path;
    for (const s of rule.services ?? [{ kind: 'any' as const, via: [] }]) {
      if (s.kind === 'any') add({ proto: 'tcp', port: 443, ...http });
      else if (s.proto === 'icmp') add({ proto: 'icmp' });
      else if (s.ports === undefined)
        add({ proto: s.proto, port: s.proto === 'tcp' ? 443 : 53, ...http });
      else add({ proto: s.proto, port: s.ports.lo, ...http });
    }
  }
  for (const edge of topology?.edges ?? []) {
    const s = parseEdgeService(edge.service);
    if (s !== null)
      add(s.port === undefined ? { proto: s.proto } : { proto: s.proto, port: s.port });
  }
  return [...out.values()].sort((a, b) =>
    a.proto !== b.proto
      ? a.proto < b.proto
        ? -1
        : 1
      : (a.port ?? 0) - (b.port ?? 0) || probeText(a).localeCompare(probeText(b)),
  );
}

function zoneText(book: AddressBook, node: TopologyNode | null, ip: string | null = null): string {
  let id = node?.zone ?? null;
  if (id === null && ip !== null) {
    // An address no node owns: the zone whose CIDRs hold it (longest prefix).
    const parsed = parseCidr(ip);
    let best = -1;
    for (const z of book.topology?.zones ?? []) {
      for (const c of z.cidrs) {
        const range = parseCidr(c);
        if (
          parsed &&
          range &&
          range.cidr.prefix > best &&
          containsIp(cidrTextSet(c), { family: parsed.cidr.family, value: parsed.cidr.value })
        ) {
          best = range.cidr.prefix;
          id = z.id;
        }
      }
    }
  }
  if (id === null) return 'not in the topology';
  const zone = book.zone(id);
  return zone === undefined ? id : `${zone.id} (${zone.kind})`;
}

function destinationsOf(policy: PolicyModel, book: AddressBook): AuditDestination[] {
  const out: AuditDestination[] = [];
  const external = book.nodes.filter((n) => book.zone(n.zone)?.kind === 'external');
  const listed = new Set<string>();
  for (const node of external) {
    const first = firstAddressOf(node);
    const ip = first === null ? null : formatIp(first);
    if (node.hosts.length === 0 && ip !== null) {
      out.push({
        label: `${node.id} (${ip})`,
        kind: 'node',
        node,
        host: null,
        ip,
        zone: zoneText(book, node),
      });
    }
    for (const host of node.hosts) {
      listed.add(host);
      out.push({
        label: `${node.id} (${host})`,
        kind: 'node',
        node,
        host,
        ip: null,
        zone: zoneText(book, node),
      });
    }
  }
  const named = new Map<string, AuditDestination>();
  for (const rule of policy.rules) {
    if (rule.action !== 'allow') continue;
    for (const item of rule.to) {
      if (item.kind === 'domain' && !listed.has(item.domain)) {
        named.set(item.domain, {
          label: item.domain,
          kind: 'name',
          node: null,
          host: item.domain,
          ip: null,
          zone: 'not in the topology',
        });
      }
      if (item.kind === 'wildcard') {
        // `*.suffix` as a host stands for "some name under suffix that no node lists".
        const text = `*.${item.suffix}`;
        named.set(text, {
          label: text,
          kind: 'wildcard',
          node: null,
          host: text,
          ip: null,
          zone: 'not in the topology',
        });
      }
      if (item.kind === 'cidr') {
        const parsed = parseCidr(item.cidr);
        if (parsed === null) continue;
        const ip = formatIp(firstHostAddress(parsed.cidr));
        const owner =
          book.nodes.find((n) => containsIp(book.owned(n.id), firstHostAddress(parsed.cidr))) ??
          null;
        const label = formatCidrShort(parsed.cidr);
        named.set(label, {
          label,
          kind: 'address',
          node: owner,
          host: null,
          ip,
          zone: zoneText(book, owner),
        });
      }
    }
  }
  out.push(...[...named.values()].sort((a, b) => a.label.localeCompare(b.label)));
  // What happens to everything the policy does not name: shown only when it is allowed.
  const mentioned = unionAll([
    ...book.nodes.flatMap((n) => n.addresses.map(cidrTextSet)),
    ...(book.topology?.zones ?? []).flatMap((z) => z.cidrs.map(cidrTextSet)),
    ...policy.rules.flatMap((r) =>
      r.to.flatMap((i) => (i.kind === 'cidr' ? [cidrTextSet(i.cidr)] : [])),
    ),
  ]);
  const probeIp = PROBE_ADDRESSES.find((a) => {
    const parsed = parseCidr(a);
    return (
      parsed !== null &&
      !containsIp(mentioned, { family: parsed.cidr.family, value: parsed.cidr.value })
    );
  });
  if (probeIp !== undefined) {
    out.push({
      label: `any other address (probe ${probeIp})`,
      kind: 'anything-else',
      node: null,
      host: null,
      ip: probeIp,
      zone: 'not in the topology',
    });
  }
  out.push({
    label: `any other name (probe ${PROBE_NAME})`,
    kind: 'anything-else',
    node: null,
    host: PROBE_NAME,
    ip: null,
    zone: 'not in the topology',
  });
  return out;
}

export function auditFacts(policy: PolicyModel, topology: Topology | undefined): AuditFacts {
  const book = new AddressBook(topology);
  const matcher = compileMatcher(policy, topology);
  const sources = book.nodes.filter(
    (n) => book.isInternal(n) && book.zone(n.zone)?.kind !== 'external',
  );
  const destinations = destinationsOf(policy, book);
  const probes = probesOf(policy, topology);
  const paths: AuditPath[] = [];
  let probesTried = 0;
  for (const source of sources) {
    for (const destination of destinations) {
      if (destination.node === source) continue;
      for (const probe of probes) {
        const flow: Flow = { src: source.id, proto: probe.proto };
        if (probe.port !== undefined) flow.port = probe.port;
        if (probe.method !== undefined) flow.method = probe.method;
        if (probe.path !== undefined) flow.path = probe.path;
        if (destination.host !== null) flow.host = destination.host;
        if (destination.ip !== null) flow.ip = destination.ip;
        probesTried++;
        const verdict = matcher.evaluate(flow);
        if (verdict.verdict !== 'allow') continue;
        const rule = policy.rules.find((r) => r.id === verdict.rule) ?? null;
        const edgeNotes = (topology?.edges ?? [])
          .filter(
            (e) =>
              e.from === source.id && destination.node !== null && e.to === destination.node.id,
          )
          .flatMap((e) => (e.note === undefined || e.note === '' ? [] : [e.note]));
        paths.push({ source, destination, probe, verdict, rule, edgeNotes });
      }
    }
  }
  const deniedEdges: AuditFacts['deniedEdges'] = [];
  if (topology !== undefined) {
    const report = runPolicyTests(policy, topology, matcher);
    for (const result of report.results) {
      if (result.kind !== 'edge' || result.passed || result.edge === undefined) continue;
      deniedEdges.push({ edge: topology.edges[result.edge]!, result });
    }
  }
  return { sources, destinations, paths, deniedEdges, probesTried };
}
