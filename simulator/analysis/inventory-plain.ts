/**
 * The reference for `inventory-classes.ts`: the same readings of a class, atom by atom (time
 * in the atoms of each class). `buildInventoryPlain` uses them; the tests compare its
 * inventory with the fast one's on random topologies and policies.
 */
import { familyBits } from '../net/ip.js';
import { atomsOf, type AtomRuns } from './atom-runs.js';
import type { Interval } from './atoms.js';
import { FALSE, type BddNode } from './bdd.js';
import { mergeIntervals } from './describe.js';
import { BroadTests, ClassWriter, complement, texts, type Product } from './inventory-classes.js';
import {
  WIDE_PREFIX,
  type InventoryDestination,
  type InventorySources,
} from './inventory-model.js';

export class PlainClassWriter extends ClassWriter {
  override sources(runs: AtomRuns): InventorySources {
    const atoms = atomsOf(runs);
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

  override destination(hostRuns: AtomRuns, ipRuns: AtomRuns): InventoryDestination {
    const hosts = atomsOf(hostRuns);
    const ips = atomsOf(ipRuns);
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
}

export class PlainBroadTests extends BroadTests {
  protected override wide(p: Product): { ranges: Interval[]; set: BddNode } {
    const a = this.space.atoms;
    const noHost = a.hosts.length - 1;
    const used = [
      ...new Set(
        p.destinations.flatMap((d) => (atomsOf(d.hosts).includes(noHost) ? atomsOf(d.ips) : [])),
      ),
    ].sort((x, y) => x - y);
    const ranges = mergeIntervals(
      used.flatMap((i) => (i === 0 ? [] : [a.ips[i]!.interval!])),
    ).filter(
      (iv) => iv.hi - iv.lo + 1n > 1n << BigInt(familyBits(iv.family) - WIDE_PREFIX[iv.family]),
    );
    if (ranges.length === 0) return { ranges, set: FALSE };
    const inRange = used.filter((i) => {
      const iv = a.ips[i]!.interval;
      return (
        iv !== null && ranges.some((w) => w.family === iv.family && w.lo <= iv.lo && iv.hi <= w.hi)
      );
    });
    return { ranges, set: this.space.atomSet('ip', inRange) };
  }
}
