/**
 * Reading one class of the inventory (a product of atom runs) in the inventory's terms, and
 * its broad parts. Every reading works on runs of atoms: a class reaching every address or
 * every name but a few costs a few runs, so the inventory grows with its classes rather than
 * with classes × atoms. `inventory-plain.ts` reads the same classes atom by atom, the
 * reference the tests compare with.
 */
import type { Topology } from '../core/model.js';
import { familyBits, formatIp, parseIp } from '../net/ip.js';
import {
  atomsOf,
  differenceRuns,
  positionsIn,
  pushRun,
  runsCover,
  runsHave,
  runsOf,
  runsSize,
  unionRuns,
  type AtomRun,
  type AtomRuns,
} from './atom-runs.js';
import type { Interval } from './atoms.js';
import { FALSE, type BddNode } from './bdd.js';
import { mergeIntervals, serviceTexts } from './describe.js';
import {
  METADATA_ADDRESSES,
  METADATA_NAMES,
  WIDE_PREFIX,
  type BroadKind,
  type InventoryDestination,
  type InventorySources,
} from './inventory-model.js';
import type { FlowSpace } from './symbolic.js';

/** One class: sources × (host, ip) pairs × services × methods × paths. */
export interface Product {
  sources: AtomRuns;
  destinations: { hosts: AtomRuns; ips: AtomRuns }[];
  services: number[];
  methods: number[];
  paths: number[];
}

export interface Broad {
  kind: BroadKind;
  set: BddNode;
  what: string;
}

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

export function complement(merged: readonly Interval[]): Interval[] {
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

export const texts = (intervals: readonly Interval[]): string[] =>
  intervals.map((i) => rangeText(i.family, i.lo, i.hi));

/**
 * Address atoms (their intervals cut every family's space into consecutive pieces, in
 * order) read as runs: each run is one interval per family it spans.
 */
class AddressAtoms {
  /** The first atom of IPv6 (`end` when none). */
  private readonly firstV6: number;

  constructor(
    private readonly intervalOf: (atom: number) => Interval | null | undefined,
    /** The first atom with an interval. */
    private readonly start: number,
    private readonly end: number,
  ) {
    let first = start;
    while (first < end && intervalOf(first)!.family === 4) first++;
    this.firstV6 = first;
  }

  /** The runs' address atoms as pieces: each lies in one family, so it is one interval. */
  pieces(runs: AtomRuns): { run: AtomRun; interval: Interval }[] {
    const out: { run: AtomRun; interval: Interval }[] = [];
    const add = (start: number, end: number): void => {
      if (start >= end) return;
      const first = this.intervalOf(start)!;
      out.push({
        run: { start, end },
        interval: { family: first.family, lo: first.lo, hi: this.intervalOf(end - 1)!.hi },
      });
    };
    for (const r of runs) {
      const start = Math.max(r.start, this.start);
      const end = Math.min(r.end, this.end);
      add(start, Math.min(end, this.firstV6));
      add(Math.max(start, this.firstV6), end);
    }
    return out;
  }

  intervals(runs: AtomRuns): Interval[] {
    return mergeIntervals(this.pieces(runs).map((p) => p.interval));
  }
}

/** Reads the runs of one dimension in the terms of the inventory. */
export class ClassWriter {
  /** Every label (zones, roles, nodes: the order labels are tried) and its member atoms. */
  protected readonly members = new Map<string, number[]>();
  /** The labels each source atom belongs to. */
  protected readonly labelsOf: string[][];
  protected readonly internalCount: number;
  /** Host atoms of names no node lists (not "no host"). */
  readonly unlisted: number[];
  private readonly labels: { name: string; runs: AtomRun[] }[];
  /** Labels (indices into `labels`) sorted by their first member, and those members. */
  private readonly labelByFirst: number[];
  private readonly firstMembers: number[];
  /** How many unlisted host atoms lie before each host atom. */
  private readonly unlistedBefore: Int32Array;
  /** Host atoms a node lists. */
  private readonly listed: number[];
  private readonly sourceAddresses: AddressAtoms;
  readonly addresses: AddressAtoms;

  constructor(
    protected readonly space: FlowSpace,
    protected readonly topology: Topology | undefined,
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

    this.labels = [...this.members].map(([name, atoms]) => ({ name, runs: runsOf(atoms) }));
    this.labelByFirst = this.labels
      .flatMap((l, i) => (l.runs.length > 0 ? [i] : []))
      .sort((x, y) => this.labels[x]!.runs[0]!.start - this.labels[y]!.runs[0]!.start || x - y);
    this.firstMembers = this.labelByFirst.map((i) => this.labels[i]!.runs[0]!.start);
    this.unlistedBefore = new Int32Array(a.hosts.length + 1);
    a.hosts.forEach((h, i) => {
      this.unlistedBefore[i + 1] =
        this.unlistedBefore[i]! + (h.node === null && i !== noHost ? 1 : 0);
    });
    this.listed = a.hosts.flatMap((h, i) => (h.node !== null ? [i] : []));
    this.sourceAddresses = new AddressAtoms(
      (i) => a.sources[i]!.interval,
      a.firstSourceInterval,
      a.sources.length,
    );
    this.addresses = new AddressAtoms((i) => a.ips[i]!.interval, 1, a.ips.length);
  }

  sources(chosen: AtomRuns): InventorySources {
    const a = this.space.atoms;
    const out: InventorySources = { labels: [], nodes: [], addresses: [] };
    const size = runsSize(chosen);
    let covered: AtomRun[] = [];
    // A label is taken when all its members are chosen, so its first member is.
    const candidates = positionsIn(chosen, this.firstMembers)
      .map((k) => this.labelByFirst[k]!)
      .sort((x, y) => x - y)
      .map((i) => this.labels[i]!);
    const take = (label: { name: string; runs: AtomRun[] }): void => {
      if (!runsCover(chosen, label.runs) || runsCover(covered, label.runs)) return;
      out.labels.push(label.name);
      covered = unionRuns(covered, label.runs);
    };
    for (const label of candidates.filter((l) => l.name.startsWith('zone:'))) take(label);
    if (this.internalCount === size && runsSize(covered) < size) {
      return { labels: ['internal'], nodes: [], addresses: [] };
    }
    for (const label of candidates.filter((l) => !l.name.startsWith('zone:'))) take(label);
    const rest = differenceRuns(chosen, covered);
    for (const r of rest) {
      for (let i = r.start; i < Math.min(r.end, a.firstSourceInterval); i++) {
        if (this.topology === undefined && i === a.firstSourceInterval - 1) out.otherNames = true;
        else out.nodes.push(a.sources[i]!.src);
      }
    }
    out.addresses = texts(this.sourceAddresses.intervals(rest));
    return out;
  }

  protected hostName(h: number): string {
    const a = this.space.atoms;
    const atom = a.hosts[h]!;
    if (atom.named) return atom.host!;
    if (h === a.anotherHost) return '*';
    return `*.${atom.host!.slice(atom.host!.indexOf('.') + 1)}`;
  }

  destination(hosts: AtomRuns, ips: AtomRuns): InventoryDestination {
    const a = this.space.atoms;
    const noHost = a.hosts.length - 1;
    const out: InventoryDestination = { names: [] };
    const withNoHost = runsHave(hosts, noHost);
    const anyName = runsSize(hosts) - (withNoHost ? 1 : 0) === a.hosts.length - 1;
    let unlistedChosen = 0;
    for (const r of hosts) {
      unlistedChosen += this.unlistedBefore[r.end]! - this.unlistedBefore[r.start]!;
    }
    const useUnlisted =
      !anyName && this.unlisted.length > 1 && unlistedChosen === this.unlisted.length;
    if (anyName) out.anyName = true;
    if (useUnlisted) out.unlistedNames = true;
    if (useUnlisted) {
      for (const k of positionsIn(hosts, this.listed))
        out.names.push(this.hostName(this.listed[k]!));
    } else if (!anyName) {
      for (const h of atomsOf(hosts)) if (h !== noHost) out.names.push(this.hostName(h));
    }
    if (withNoHost) out.noName = true;
    if (runsHave(ips, 0)) out.noIp = true;
    const merged = this.addresses.intervals(ips);
    const rest = complement(merged);
    if (rest.length < merged.length || (merged.length > 0 && rest.length === 0))
      out.ipsExcept = texts(rest);
    else out.ips = texts(merged);
    return out;
  }

  services(atoms: readonly number[]): string[] {
    const a = this.space.atoms;
    if (atoms.length === a.services.length) return ['any'];
    return serviceTexts(a.services, atoms);
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

/** The flows of a class, from its runs (time in runs, not atoms). */
export function productSet(space: FlowSpace, p: Product): BddNode {
  const bdd = space.bdd;
  let destinations = FALSE;
  for (const d of p.destinations) {
    destinations = bdd.or(
      destinations,
      bdd.and(space.runSet('host', d.hosts), space.runSet('ip', d.ips)),
    );
  }
  return space.product([
    space.runSet('source', p.sources),
    destinations,
    space.atomSet('service', p.services),
    space.atomSet('method', p.methods),
    space.atomSet('path', p.paths),
  ]);
}

/** The atom sets the broad-class tests use, made once per space (not once per class). */
export class BroadTests {
  protected readonly noHost: BddNode;
  protected readonly nameAlone: BddNode;
  protected readonly ports: { proto: 'tcp' | 'udp'; atoms: number[]; set: BddNode }[];
  protected readonly metadataIps: BddNode;
  protected readonly metadataHosts: BddNode;
  protected readonly unowned: BddNode;

  constructor(
    protected readonly space: FlowSpace,
    private readonly addresses: AddressAtoms,
  ) {
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

  /**
   * The addresses the class reaches without a name that lie in merged ranges wider than
   * the limit: a wide range cut into narrow atoms is still wide.
   */
  protected wide(p: Product): { ranges: Interval[]; set: BddNode } {
    const noHost = this.space.atoms.hosts.length - 1;
    let used: AtomRun[] = [];
    for (const d of p.destinations) if (runsHave(d.hosts, noHost)) used = unionRuns(used, d.ips);
    const ranges = this.addresses
      .intervals(used)
      .filter(
        (iv) => iv.hi - iv.lo + 1n > 1n << BigInt(familyBits(iv.family) - WIDE_PREFIX[iv.family]),
      );
    if (ranges.length === 0) return { ranges, set: FALSE };
    // Each piece lies in one merged range, so it is wholly in a wide one or not at all.
    const inRange: AtomRun[] = [];
    for (const { run, interval: iv } of this.addresses.pieces(used)) {
      if (ranges.some((w) => w.family === iv.family && w.lo <= iv.lo && iv.hi <= w.hi))
        pushRun(inRange, run.start, run.end);
    }
    return { ranges, set: this.space.runSet('ip', inRange) };
  }

  of(p: Product, set: BddNode): Broad[] {
    const space = this.space;
    const bdd = space.bdd;
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
    const wide = this.wide(p);
    if (wide.ranges.length > 0) {
      add(
        'wide-range',
        bdd.and(byAddress, wide.set),
        `addresses ${texts(wide.ranges).join(', ')} without a name (wider than /${WIDE_PREFIX[4]} IPv4 or /${WIDE_PREFIX[6]} IPv6)`,
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
