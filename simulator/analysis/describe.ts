/**
 * A readable description of a set of flows: its sources, destinations and services (and
 * methods and paths when the set restricts them), read from the set's projections onto
 * the dimensions. A set that is not a product of its projections is described by them all
 * the same ("among the flows from A, B to X, Y"), and its witness is one exact member.
 */
import { FALSE, type BddNode } from './bdd.js';
import { intervalText, type Interval, type ServiceAtom } from './atoms.js';
import type { FlowSpace } from './symbolic.js';
import { formatIp } from '../net/ip.js';

const LIMIT = 6;

export interface ClassDescription {
  sources: string[];
  destinations: string[];
  services: string[];
  methods?: string[];
  paths?: string[];
}

function capped(items: string[]): string[] {
  return items.length <= LIMIT ? items : [...items.slice(0, LIMIT), `${items.length - LIMIT} more`];
}

function rangeText(interval: Interval): string {
  if (interval.lo === interval.hi) return intervalText(interval);
  return `${intervalText(interval)}-${formatIp({ family: interval.family, value: interval.hi })}`;
}

/** Adjacent intervals joined, so a projection reads as few ranges as possible. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of intervals) {
    const last = out.at(-1);
    if (last && last.family === i.family && last.hi + 1n === i.lo) last.hi = i.hi;
    else out.push({ ...i });
  }
  return out;
}

/** Service atoms (ascending) as `tcp/443`, `tcp/8000-8100`, `tcp` (every port), `icmp`. */
export function serviceTexts(services: readonly ServiceAtom[], atoms: readonly number[]): string[] {
  const merged: { proto: string; lo: number; hi: number }[] = [];
  for (const i of atoms) {
    const s = services[i]!;
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

export function describeSet(space: FlowSpace, set: BddNode): ClassDescription {
  const a = space.atoms;
  const bdd = space.bdd;

  const sourceAtoms = space.atomsUsed(set, 'source');
  let sources: string[];
  const internalCount = a.sources.filter((s) => !s.external).length;
  if (sourceAtoms.length === a.sources.length) sources = ['any source'];
  else if (
    sourceAtoms.length === internalCount &&
    sourceAtoms.every((i) => !a.sources[i]!.external)
  ) {
    sources = ['any internal source'];
  } else {
    const names = sourceAtoms
      .filter((i) => a.sources[i]!.interval === undefined)
      .map((i) => `node:${a.sources[i]!.src}`);
    const ranges = mergeIntervals(
      sourceAtoms.flatMap((i) => (a.sources[i]!.interval ? [a.sources[i]!.interval!] : [])),
    ).map(rangeText);
    sources = capped([...names, ...ranges]);
  }

  const destinations: string[] = [];
  const allIps = space.all('ip');
  // Like witnesses, destinations speak of realistic pairs when the set has any.
  const realistic = bdd.and(set, space.realistic);
  const shown = realistic !== FALSE ? realistic : set;
  const hostAtoms = space.atomsUsed(shown, 'host');
  const hostIps = (within: BddNode, h: number): BddNode =>
    bdd.exists(
      bdd.and(within, space.atomSet('host', [h])),
      space.offsetStart('host'),
      space.offsetEnd('host'),
    );
  const pairs = bdd.exists(
    bdd.exists(shown, space.offsetEnd('ip'), bdd.variables),
    0,
    space.offsetStart('host'),
  );
  const possible =
    realistic !== FALSE ? bdd.and(space.destinations, space.realistic) : space.destinations;
  if (hostAtoms.length === a.hosts.length && bdd.andNot(possible, pairs) === FALSE) {
    destinations.push('any destination');
  } else {
    for (const h of hostAtoms) {
      const atom = a.hosts[h]!;
      const name =
        atom.host === null
          ? null
          : atom.named
            ? atom.host
            : h === a.anotherHost
              ? 'unlisted names'
              : `*.${atom.host.slice(atom.host.indexOf('.') + 1)} (unlisted names)`;
      const ips = bdd.exists(
        bdd.and(pairs, space.atomSet('host', [h])),
        space.offsetStart('host'),
        space.offsetEnd('host'),
      );
      const withNone = bdd.or(ips, space.atomSet('ip', [0]));
      const every = realistic !== FALSE ? hostIps(possible, h) : allIps;
      if (name !== null && bdd.andNot(every, withNone) === FALSE) {
        destinations.push(name);
        continue;
      }
      const intervals = mergeIntervals(
        space
          .atomsUsed(ips, 'ip')
          .flatMap((i) => (a.ips[i]!.interval ? [a.ips[i]!.interval!] : [])),
      ).map(rangeText);
      const onlyNone = intervals.length === 0;
      if (name === null) destinations.push(...intervals.map((r) => `ip ${r}`));
      else
        destinations.push(
          onlyNone
            ? name
            : `${name} at ${intervals.slice(0, 3).join(', ')}${intervals.length > 3 ? ', …' : ''}`,
        );
    }
  }

  const serviceAtoms = space.atomsUsed(set, 'service');
  let services: string[];
  if (serviceAtoms.length === a.services.length) services = ['any service'];
  else services = serviceTexts(a.services, serviceAtoms);
  const out: ClassDescription = { sources, destinations: capped(destinations), services };
  const methods = space.atomsUsed(set, 'method');
  if (methods.length < a.methods.length) {
    out.methods = methods.map((i) =>
      a.methods[i] === null
        ? 'no method'
        : i === a.methods.length - 1
          ? 'other methods'
          : a.methods[i]!,
    );
  }
  const paths = space.atomsUsed(set, 'path');
  if (paths.length < a.paths.length) out.paths = capped(paths.map((i) => a.paths[i] ?? 'no path'));
  return out;
}

export function descriptionText(d: ClassDescription): string {
  let text = `from ${d.sources.join(', ')} to ${d.destinations.join(', ')} on ${d.services.join(', ')}`;
  if (d.methods) text += ` methods ${d.methods.join(', ')}`;
  if (d.paths) text += ` paths ${d.paths.join(', ')}`;
  return text;
}
