/**
 * The exact egress inventory (docs/exporters.md "The audit inventory"): every flow the
 * policy allows, as classes. Each allow rule's decided set is cut into products of source
 * atoms × destination (name, address) pairs × services × methods × paths (split.ts); the
 * union of the classes is exactly the set of allowed flows and they do not overlap. Each
 * class names its deciding rule, the topology edges that fall in it, and a witness flow.
 *
 * Broad classes are findings: any destination name, a wide address range reached without a
 * name, every port of a protocol, the cloud metadata service, addresses no node owns.
 */
import type { Flow, PolicyModel, Rule, Topology, TopologyEdge } from '../core/model.js';
import { parseEdgeService } from '../topology/edge-service.js';
import { familyBits, formatIp, parseIp } from '../net/ip.js';
import { FALSE, TRUE, type BddNode } from './bdd.js';
import type { Interval } from './atoms.js';
import { mergeIntervals } from './describe.js';
import { decidePolicy, deciders, verdictAt, type PolicyDecisions } from './decisions.js';
import { buildSpace } from './space.js';
import { splitAlong } from './split.js';
import type { FlowSpace } from './symbolic.js';

/** Who may send: labels (`internal`, `zone:Z`, `role:R`, `node:N`) plus what they leave out. */
export interface InventorySources {
  /** Every source the label stands for is in the class (by name and by address). */
  labels: string[];
  /** Flows whose `src` is exactly one of these names. */
  nodes: string[];
  /** Flows whose `src` is an address in one of these ranges. */
  addresses: string[];
  /** Without a topology: any source name the policy does not mention. */
  otherNames?: true;
}

/** A product of names and addresses (see docs/exporters.md for the name classes). */
export interface InventoryDestination {
  /** Names: a name, `*.S` (a name under S nothing else mentions), `*` (any other name). */
  names: string[];
  /** Every name (`names` is then empty). */
  anyName?: true;
  /** Every name that no topology node lists (in addition to `names`). */
  unlistedNames?: true;
  /** Flows without a host name. */
  noName?: true;
  /** Addresses in these ranges … */
  ips?: string[];
  /** … or every address outside these ranges (one of the two is present). */
  ipsExcept?: string[];
  /** Flows without an ip. */
  noIp?: true;
}

export interface InventoryClass {
  sources: InventorySources;
  destinations: InventoryDestination[];
  /** `any`, `tcp`, `tcp/443`, `tcp/8000-8100`, `icmp`. */
  services: string[];
  /** Absent: any method or none. Else the named methods, `(none)`, `(other)`. */
  methods?: string[];
  /**
   * Absent: any path or none. Else `(none)` or the path patterns a path matches, exactly
   * (all of these, no other pattern of the policy); `[]` for a path no pattern matches.
   */
  paths?: (string | string[])[];
  rule: string;
  log: boolean;
  description: string | null;
  owner?: string;
  ticket?: string;
  reviewBy?: string;
  edgeNotes: string[];
  witness: Flow;
}

export type BroadKind = 'any-destination' | 'wide-range' | 'all-ports' | 'metadata' | 'raw-address';

export interface InventoryFinding {
  kind: BroadKind;
  /** 1-based index into `allowed`. */
  class: number;
  rule: string;
  message: string;
  witness: Flow;
}

export interface DeniedEdge {
  edge: TopologyEdge;
  verdict: string;
  rule: string;
  witness: Flow;
}

export interface Inventory {
  allowed: InventoryClass[];
  findings: InventoryFinding[];
  deniedEdges: DeniedEdge[];
}

/** Address ranges wider than these are findings: shorter than /16 (IPv4), /48 (IPv6). */
export const WIDE_PREFIX = { 4: 16, 6: 48 } as const;
/** The cloud metadata services (AWS, its IPv6 and ECS endpoints, GCP by name, Alibaba). */
export const METADATA_ADDRESSES = [
  '169.254.169.254',
  '169.254.170.2',
  'fd00:ec2::254',
  '100.100.100.200',
];
export const METADATA_NAMES = ['metadata.google.internal', 'metadata.goog'];

function rangeText(family: 4 | 6, lo: bigint, hi: bigint): string {
  const first = formatIp({ family, value: lo });
  if (lo === hi) return first;
  const size = hi - lo + 1n;
  if ((size & (size - 1n)) === 0n && lo % size === 0n) {
    let bits = 0;
    while (1n << BigInt(bits) < size) bits++;
    return `${first}/${familyBits(family) - bits}`;
  }
  return `${first}-${formatIp({ family, value: hi })}`;
}

function complement(merged: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const family of [4, 6] as const) {
    const max = (1n << BigInt(familyBits(family))) - 1n;
    let next = 0n;
    for (const i of merged.filter((m) => m.family === family)) {
      if (i.lo > next) out.push({ family, lo: next, hi: i.lo - 1n });
      next = i.hi + 1n;
    }
    if (next <= max) out.push({ family, lo: next, hi: max });
  }
  return out;
}

const texts = (intervals: readonly Interval[]): string[] =>
  intervals.map((i) => rangeText(i.family, i.lo, i.hi));

/** Reads atom indices of one dimension, in the terms of the inventory. */
class ClassWriter {
  /** Every label's member atoms, in the order labels are tried (zones, roles, nodes). */
  private readonly members = new Map<string, number[]>();
  /** The labels each source atom belongs to. */
  private readonly labelsOf: string[][];
  private readonly internalCount: number;
  /** Host atoms of names no node lists (not "no host"). */
  readonly unlisted: number[];

  constructor(
    private readonly space: FlowSpace,
    private readonly topology: Topology | undefined,
  ) {
    const a = space.atoms;
    for (const zone of topology?.zones ?? []) this.members.set(`zone:${zone.id}`, []);
    for (const node of topology?.nodes ?? []) {
      for (const role of node.roles) this.members.set(`role:${role}`, []);
    }
    for (const node of topology?.nodes ?? []) this.members.set(`node:${node.id}`, []);
    this.labelsOf = a.sources.map((s, i) => {
      const labels = [
        ...(s.zone !== null ? [`zone:${s.zone}`] : []),
        ...(s.node?.roles.map((r) => `role:${r}`) ?? []),
        ...(s.node ? [`node:${s.node.id}`] : []),
      ].filter((l) => this.members.has(l));
      labels.forEach((l) => this.members.get(l)!.push(i));
      return labels;
    });
    this.internalCount = a.sources.filter((s) => !s.external).length;
    const noHost = a.hosts.length - 1;
    this.unlisted = a.hosts.flatMap((h, i) => (h.node === null && i !== noHost ? [i] : []));
  }

  sources(atoms: readonly number[]): InventorySources {
    const a = this.space.atoms;
    const chosen = new Set(atoms);
    const out: InventorySources = { labels: [], nodes: [], addresses: [] };
    const covered = new Set<number>();
    const candidates = new Set(atoms.flatMap((i) => this.labelsOf[i]!));
    const take = (label: string): void => {
      const members = this.members.get(label)!;
      if (!members.every((i) => chosen.has(i))) return;
      if (members.every((i) => covered.has(i))) return;
      out.labels.push(label);
      members.forEach((i) => covered.add(i));
    };
    const ordered = [...this.members.keys()].filter((l) => candidates.has(l));
    for (const label of ordered.filter((l) => l.startsWith('zone:'))) take(label);
    if (this.internalCount === atoms.length && covered.size < atoms.length) {
      return { labels: ['internal'], nodes: [], addresses: [] };
    }
    for (const label of ordered.filter((l) => !l.startsWith('zone:'))) take(label);
    const intervals: Interval[] = [];
    for (const i of atoms) {
      if (covered.has(i)) continue;
      const s = a.sources[i]!;
      if (s.interval !== undefined) intervals.push(s.interval);
      else if (this.topology === undefined && i === a.firstSourceInterval - 1)
        out.otherNames = true;
      else out.nodes.push(s.src);
    }
    out.addresses = texts(mergeIntervals(intervals));
    return out;
  }

  private hostName(h: number): string {
    const a = this.space.atoms;
    const atom = a.hosts[h]!;
    if (atom.named) return atom.host!;
    if (h === a.anotherHost) return '*';
    return `*.${atom.host!.slice(atom.host!.indexOf('.') + 1)}`;
  }

  destination(hosts: readonly number[], ips: readonly number[]): InventoryDestination {
    const a = this.space.atoms;
    const noHost = a.hosts.length - 1;
    const chosen = new Set(hosts);
    const unlisted = this.unlisted;
    const out: InventoryDestination = { names: [] };
    const anyName = hosts.length - (chosen.has(noHost) ? 1 : 0) === a.hosts.length - 1;
    const useUnlisted = !anyName && unlisted.length > 1 && unlisted.every((i) => chosen.has(i));
    if (anyName) out.anyName = true;
    if (useUnlisted) out.unlistedNames = true;
    for (const h of hosts) {
      if (h === noHost) out.noName = true;
      else if (!anyName && !(useUnlisted && a.hosts[h]!.node === null)) {
        out.names.push(this.hostName(h));
      }
    }
    const intervals = ips.flatMap((i) => (i === 0 ? [] : [a.ips[i]!.interval!]));
    if (ips.includes(0)) out.noIp = true;
    const merged = mergeIntervals(intervals);
    const rest = complement(merged);
    if (rest.length < merged.length || (merged.length > 0 && rest.length === 0))
      out.ipsExcept = texts(rest);
    else out.ips = texts(merged);
    return out;
  }

  services(atoms: readonly number[]): string[] {
    const a = this.space.atoms;
    if (atoms.length === a.services.length) return ['any'];
    const merged: { proto: string; lo: number; hi: number }[] = [];
    for (const i of atoms) {
      const s = a.services[i]!;
      const last = merged.at(-1);
      if (last && last.proto === s.proto && last.hi + 1 === s.lo) last.hi = s.hi;
      else merged.push({ ...s });
    }
    return merged.map((s) =>
      s.proto === 'icmp'
        ? 'icmp'
        : s.lo === 1 && s.hi === 65535
          ? s.proto
          : s.lo === s.hi
            ? `${s.proto}/${s.lo}`
            : `${s.proto}/${s.lo}-${s.hi}`,
    );
  }

  methods(atoms: readonly number[]): string[] | undefined {
    const a = this.space.atoms;
    if (atoms.length === a.methods.length) return undefined;
    return atoms.map((i) =>
      a.methods[i] === null ? '(none)' : i === a.methods.length - 1 ? '(other)' : a.methods[i]!,
    );
  }

  paths(atoms: readonly number[]): (string | string[])[] | undefined {
    const a = this.space.atoms;
    if (atoms.length === a.paths.length) return undefined;
    return atoms.map((i) => {
      const path = a.paths[i];
      if (path === null || path === undefined) return '(none)';
      return a.pathPatterns
        .filter((p) => (p.prefix ? path.startsWith(p.path) : path === p.path))
        .map((p) => (p.prefix ? `${p.path}*` : p.path));
    });
  }
}

interface Product {
  sources: number[];
  destinations: { hosts: number[]; ips: number[] }[];
  services: number[];
  methods: number[];
  paths: number[];
}

/** The decided set of one rule as disjoint products, in atom order. */
function products(space: FlowSpace, set: BddNode): Product[] {
  const out: Product[] = [];
  for (const bySource of splitAlong(space, set, 'source')) {
    // Destinations with the same residual over (service, method, path) form one class.
    const byRest = new Map<BddNode, Product['destinations']>();
    for (const byHost of splitAlong(space, bySource.residual, 'host')) {
      for (const byIp of splitAlong(space, byHost.residual, 'ip')) {
        let list = byRest.get(byIp.residual);
        if (list === undefined) byRest.set(byIp.residual, (list = []));
        list.push({ hosts: byHost.atoms, ips: byIp.atoms });
      }
    }
    for (const [rest, destinations] of byRest) {
      for (const byService of splitAlong(space, rest, 'service')) {
        for (const byMethod of splitAlong(space, byService.residual, 'method')) {
          for (const byPath of splitAlong(space, byMethod.residual, 'path')) {
            if (byPath.residual !== TRUE) throw new Error('inventory: a product is not whole');
            out.push({
              sources: bySource.atoms,
              destinations,
              services: byService.atoms,
              methods: byMethod.atoms,
              paths: byPath.atoms,
            });
          }
        }
      }
    }
  }
  return out;
}

function productSet(space: FlowSpace, p: Product): BddNode {
  const bdd = space.bdd;
  let destinations = FALSE;
  for (const d of p.destinations) {
    destinations = bdd.or(
      destinations,
      bdd.and(space.atomSet('host', d.hosts), space.atomSet('ip', d.ips)),
    );
  }
  return [
    space.atomSet('source', p.sources),
    destinations,
    space.atomSet('service', p.services),
    space.atomSet('method', p.methods),
    space.atomSet('path', p.paths),
  ].reduce((a, b) => bdd.and(a, b), TRUE);
}

interface Broad {
  kind: BroadKind;
  set: BddNode;
  what: string;
}

/** The atom sets the broad-class tests use, made once per space (not once per class). */
class BroadTests {
  private readonly noHost: BddNode;
  private readonly nameAlone: BddNode;
  private readonly ports: { proto: 'tcp' | 'udp'; atoms: number[]; set: BddNode }[];
  private readonly metadataIps: BddNode;
  private readonly metadataHosts: BddNode;
  private readonly unowned: BddNode;

  constructor(private readonly space: FlowSpace) {
    const a = space.atoms;
    const noHost = a.hosts.length - 1;
    this.noHost = space.atomSet('host', [noHost]);
    this.nameAlone = space.bdd.and(
      space.atomSet('host', [a.anotherHost]),
      space.atomSet('ip', [0]),
    );
    this.ports = (['tcp', 'udp'] as const).map((proto) => {
      const atoms = a.services.flatMap((s, i) => (s.proto === proto ? [i] : []));
      return { proto, atoms, set: space.atomSet('service', atoms) };
    });
    const metadata = METADATA_ADDRESSES.map((text) => parseIp(text)!);
    this.metadataIps = space.atomSet(
      'ip',
      a.ips.flatMap((atom, i) => {
        const iv = atom.interval;
        const hit = metadata.some(
          (ip) => iv !== null && ip.family === iv.family && iv.lo <= ip.value && ip.value <= iv.hi,
        );
        return hit ? [i] : [];
      }),
    );
    this.metadataHosts = space.atomSet(
      'host',
      METADATA_NAMES.flatMap((n) => {
        const h = a.hostAtom.get(n);
        return h !== undefined && a.hosts[h]!.named ? [h] : [];
      }),
    );
    this.unowned = space.atomSet(
      'ip',
      a.ips.flatMap((atom, i) => (atom.interval !== null && atom.node === null ? [i] : [])),
    );
  }

  of(p: Product, set: BddNode): Broad[] {
    const space = this.space;
    const a = space.atoms;
    const bdd = space.bdd;
    const noHost = a.hosts.length - 1;
    const out: Broad[] = [];
    const add = (kind: BroadKind, part: BddNode, what: string): void => {
      if (part !== FALSE) out.push({ kind, set: part, what });
    };
    // A name alone goes wherever DNS says; a name at a fixed address is that address.
    add(
      'any-destination',
      bdd.and(set, this.nameAlone),
      'any name the policy and topology do not mention',
    );
    const byAddress = bdd.and(set, this.noHost);
    // A wide range cut into narrow atoms is still wide: judge merged ranges of the class.
    const used = [
      ...new Set(p.destinations.flatMap((d) => (d.hosts.includes(noHost) ? d.ips : []))),
    ].sort((x, y) => x - y);
    const wideRanges = mergeIntervals(
      used.flatMap((i) => (i === 0 ? [] : [a.ips[i]!.interval!])),
    ).filter(
      (iv) => iv.hi - iv.lo + 1n > 1n << BigInt(familyBits(iv.family) - WIDE_PREFIX[iv.family]),
    );
    if (wideRanges.length > 0) {
      const inRange = used.filter((i) => {
        const iv = a.ips[i]!.interval;
        return (
          iv !== null &&
          wideRanges.some((w) => w.family === iv.family && w.lo <= iv.lo && iv.hi <= w.hi)
        );
      });
      add(
        'wide-range',
        bdd.and(byAddress, space.atomSet('ip', inRange)),
        `addresses ${texts(wideRanges).join(', ')} without a name (wider than /${WIDE_PREFIX[4]} IPv4 or /${WIDE_PREFIX[6]} IPv6)`,
      );
    }
    const services = new Set(p.services);
    for (const ports of this.ports) {
      if (ports.atoms.every((i) => services.has(i))) {
        add('all-ports', bdd.and(set, ports.set), `every ${ports.proto} port`);
      }
    }
    add(
      'metadata',
      bdd.or(bdd.and(byAddress, this.metadataIps), bdd.and(set, this.metadataHosts)),
      'the cloud metadata service',
    );
    add(
      'raw-address',
      bdd.and(byAddress, this.unowned),
      'addresses without a name that no topology node owns',
    );
    return out;
  }
}

function edgeSet(space: FlowSpace, edge: TopologyEdge): BddNode {
  const service = parseEdgeService(edge.service);
  if (service === null) return FALSE;
  const bdd = space.bdd;
  const ports = service.port === undefined ? undefined : { lo: service.port, hi: service.port };
  const item = ports
    ? { kind: 'proto' as const, proto: service.proto, ports, via: [] }
    : { kind: 'proto' as const, proto: service.proto, via: [] };
  return [
    space.sourceItem({ kind: 'node', name: edge.from, via: [] }),
    space.destinationNode((n) => n.id === edge.to),
    // The edge's own flows: a name its target lists, or no name, at one of its addresses.
    space.atomSet('host', [
      ...space.atoms.hosts.flatMap((h, i) => (h.node?.id === edge.to ? [i] : [])),
      space.atoms.hosts.length - 1,
    ]),
    space.serviceItem(item),
    space.realistic,
    space.all('method'),
    space.all('path'),
  ].reduce((x, y) => bdd.and(x, y), TRUE);
}

function sourceText(s: InventorySources): string {
  const parts = [...s.labels, ...s.nodes.map((n) => `node:${n}`), ...s.addresses];
  if (s.otherNames) parts.push('other source names');
  return parts.join(', ');
}

/** A flow by address alone where the class has one: it reads as the rule is written. */
function witnessOf(space: FlowSpace, set: BddNode): Flow {
  const byAddress = space.bdd.and(set, space.atomSet('host', [space.atoms.hosts.length - 1]));
  return space.witness(byAddress !== FALSE ? byAddress : set);
}

export function buildInventory(
  policy: PolicyModel,
  topology: Topology | undefined,
  prepared?: { space: FlowSpace; decisions: PolicyDecisions },
): Inventory {
  const space = prepared?.space ?? buildSpace(topology, [policy]);
  const decisions = prepared?.decisions ?? decidePolicy(space, policy);
  const writer = new ClassWriter(space, topology);
  const broad = new BroadTests(space);
  const bdd = space.bdd;
  const allowed: InventoryClass[] = [];
  const findings: InventoryFinding[] = [];
  const sets: BddNode[] = [];
  // Classes by the source node they contain by name: where an edge's notes may fall.
  const bySource = new Map<number, number[]>();
  let allowedSet = FALSE;
  for (const { index, verdict, set: decided } of deciders(decisions)) {
    if (verdict.verdict !== 'allow' || decided === FALSE) continue;
    // The default allows too when it says so; it has no description or review.
    const rule: Pick<Rule, 'description' | 'review'> =
      index >= 0 ? policy.rules[index]! : { description: null };
    allowedSet = bdd.or(allowedSet, decided);
    for (const p of products(space, decided)) {
      const set = productSet(space, p);
      const methods = writer.methods(p.methods);
      const paths = writer.paths(p.paths);
      const review = rule.review;
      // Field order is the JSON's: what, who decides, why, then the proof.
      const c: InventoryClass = {
        sources: writer.sources(p.sources),
        destinations: p.destinations.map((d) => writer.destination(d.hosts, d.ips)),
        services: writer.services(p.services),
        ...(methods && { methods }),
        ...(paths && { paths }),
        rule: verdict.rule,
        log: verdict.log,
        description: rule.description,
        ...(review?.owner !== undefined && { owner: review.owner }),
        ...(review?.ticket !== undefined && { ticket: review.ticket }),
        ...(review?.reviewBy !== undefined && { reviewBy: review.reviewBy }),
        edgeNotes: [],
        witness: witnessOf(space, set),
      };
      allowed.push(c);
      sets.push(set);
      for (const s of p.sources) {
        if (s >= space.atoms.firstSourceInterval) break;
        let list = bySource.get(s);
        if (list === undefined) bySource.set(s, (list = []));
        list.push(allowed.length - 1);
      }
      for (const b of broad.of(p, set)) {
        findings.push({
          kind: b.kind,
          class: allowed.length,
          rule: verdict.rule,
          message: `${sourceText(c.sources)} may reach ${b.what} (rule ${verdict.rule})`,
          witness: witnessOf(space, b.set),
        });
      }
    }
  }

  const deniedEdges: DeniedEdge[] = [];
  for (const edge of topology?.edges ?? []) {
    const flows = edgeSet(space, edge);
    if (flows === FALSE) continue;
    if (edge.note !== undefined && edge.note !== '') {
      const from = space.atoms.sources.findIndex(
        (s, i) => i < space.atoms.firstSourceInterval && s.src === edge.from,
      );
      for (const i of bySource.get(from) ?? []) {
        const notes = allowed[i]!.edgeNotes;
        if (bdd.and(sets[i]!, flows) !== FALSE && !notes.includes(edge.note)) notes.push(edge.note);
      }
    }
    if (bdd.and(flows, allowedSet) === FALSE) {
      const v = verdictAt(space, decisions, space.pick(flows));
      deniedEdges.push({ edge, verdict: v.verdict, rule: v.rule, witness: space.witness(flows) });
    }
  }
  const order: BroadKind[] = [
    'any-destination',
    'wide-range',
    'metadata',
    'all-ports',
    'raw-address',
  ];
  findings.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || x.class - y.class);
  return { allowed, findings, deniedEdges };
}
