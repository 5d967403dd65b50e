/**
 * The data the SQL classification needs, as plain tables: the rules (one row per combination
 * of a rule's items), and the topology's resolution (which node and zone an address belongs
 * to, whether the guard treats it as outside, which node a host name names).
 *
 * Addresses are fixed-width lower-case hex (8 digits for IPv4, 32 for IPv6) with a family
 * column: no integer type of all four dialects holds 128 bits, and fixed-width hex compares
 * as text exactly as the numbers compare, in every dialect.
 *
 * `role:` items become the nodes that have the role, and `zone:` destinations the zone's
 * nodes plus its CIDRs, so that every row compares one value: the resolution tables are
 * computed here with the engine's own resolver (topology-regions.ts), and the SQL only looks
 * them up.
 */
import type { DestinationItem, PolicyModel, Rule, SourceItem, Topology } from '../../core/model.js';
import { familyBits, parseCidr } from '../../net/ip.js';
import type { IpFamily } from '../../net/ip.js';
import { firstAddressOf } from '../../engine/node-address.js';
import { indexTopology, resolveFlow } from '../../engine/index.js';
import { cidrInterval } from '../model/address-set.js';
import { TopologyRegions } from '../model/topology-regions.js';
import type { SqlColumn, SqlValue } from './sql-dialect.js';

export function hexOf(family: IpFamily, value: bigint): string {
  return value.toString(16).padStart(familyBits(family) / 4, '0');
}

export interface SqlTable {
  name: string;
  columns: readonly SqlColumn[];
  rows: SqlValue[][];
}

export const RULE_COLUMNS: readonly SqlColumn[] = [
  { name: 'priority', type: 'int' },
  { name: 'rule', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'log', type: 'bool' },
  { name: 'src_kind', type: 'text' },
  { name: 'src_name', type: 'text' },
  { name: 'src_family', type: 'int' },
  { name: 'src_lo', type: 'text' },
  { name: 'src_hi', type: 'text' },
  { name: 'dst_kind', type: 'text' },
  { name: 'dst_name', type: 'text' },
  { name: 'dst_family', type: 'int' },
  { name: 'dst_lo', type: 'text' },
  { name: 'dst_hi', type: 'text' },
  { name: 'proto', type: 'text' },
  { name: 'port_lo', type: 'int' },
  { name: 'port_hi', type: 'int' },
  { name: 'method', type: 'text' },
  { name: 'path', type: 'text' },
  { name: 'path_prefix', type: 'bool' },
];

/** `kind, name, family, lo, hi` of one side of a rule row. */
type Side = [string, string | null, number | null, string | null, string | null];

function cidrSide(text: string): Side {
  const parsed = parseCidr(text)!.cidr;
  const { lo, hi } = cidrInterval(parsed);
  return ['cidr', null, parsed.family, hexOf(parsed.family, lo), hexOf(parsed.family, hi)];
}

function nodesWithRole(topology: Topology | undefined, role: string): string[] {
  return (topology?.nodes ?? []).filter((n) => n.roles.includes(role)).map((n) => n.id);
}

function sourceSides(item: SourceItem, topology: Topology | undefined): Side[] {
  switch (item.kind) {
    case 'any':
      return [['any', null, null, null, null]];
    case 'role':
      return nodesWithRole(topology, item.name).map((id) => ['node', id, null, null, null]);
    case 'node':
      return [['node', item.name, null, null, null]];
    case 'zone':
      return [['zone', item.name, null, null, null]];
    case 'cidr':
      return [cidrSide(item.cidr)];
  }
}

function destinationSides(item: DestinationItem, topology: Topology | undefined): Side[] {
  switch (item.kind) {
    case 'any':
      return [['any', null, null, null, null]];
    case 'domain':
      return [['domain', item.domain, null, null, null]];
    case 'wildcard':
      return [['wildcard', item.suffix, null, null, null]];
    case 'cidr':
      return [cidrSide(item.cidr)];
    case 'node':
      return [['node', item.name, null, null, null]];
    case 'role':
      return nodesWithRole(topology, item.name).map((id) => ['node', id, null, null, null]);
    case 'zone': {
      const zone = topology?.zones.find((z) => z.id === item.name);
      return [['zone', item.name, null, null, null], ...(zone?.cidrs ?? []).map(cidrSide)];
    }
  }
}

type Service = [string | null, number | null, number | null];

function services(rule: Rule): Service[] {
  if (rule.services === null) return [[null, null, null]];
  return rule.services.map((s) =>
    s.kind === 'any' ? [null, null, null] : [s.proto, s.ports?.lo ?? null, s.ports?.hi ?? null],
  );
}

/** One row per combination of a rule's source, destination, service, method and path. */
export function ruleRows(policy: PolicyModel, topology: Topology | undefined): SqlValue[][] {
  const rows: SqlValue[][] = [];
  for (const rule of policy.rules) {
    const sources = rule.from.flatMap((i) => sourceSides(i, topology));
    const destinations = rule.to.flatMap((i) => destinationSides(i, topology));
    const methods: (string | null)[] = rule.methods ?? [null];
    const paths: ([string, boolean] | [null, null])[] = rule.paths
      ? rule.paths.map((p) => [p.path, p.prefix])
      : [[null, null]];
    for (const src of sources)
      for (const dst of destinations)
        for (const svc of services(rule))
          for (const method of methods)
            for (const path of paths)
              rows.push([
                rule.index + 1,
                rule.id,
                rule.action,
                rule.log,
                ...src,
                ...dst,
                ...svc,
                method,
                ...path,
              ]);
  }
  return rows;
}

export const REGION_COLUMNS: readonly SqlColumn[] = [
  { name: 'family', type: 'int' },
  { name: 'lo', type: 'text' },
  { name: 'hi', type: 'text' },
  { name: 'node', type: 'text' },
  { name: 'zone', type: 'text' },
  { name: 'outside', type: 'bool' },
];

export const NODE_COLUMNS: readonly SqlColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'zone', type: 'text' },
  { name: 'outside', type: 'bool' },
  { name: 'first_family', type: 'int' },
  { name: 'first_ip', type: 'text' },
];

export const HOST_COLUMNS: readonly SqlColumn[] = [
  { name: 'host', type: 'text' },
  { name: 'node', type: 'text' },
];

export interface SqlTables {
  rules: SqlTable;
  regions: SqlTable;
  nodes: SqlTable;
  hosts: SqlTable;
  /** True when the topology declares an internal zone: the outbound-only guard applies. */
  guard: boolean;
  /** True when there is a topology: a source must then be an IP or one of its nodes. */
  topology: boolean;
}

export function sqlTables(policy: PolicyModel, topology: Topology | undefined): SqlTables {
  const regions = new TopologyRegions(topology);
  const regionRows: SqlValue[][] = [];
  // Without a topology every address resolves to nothing: no rows needed.
  if (topology !== undefined) {
    for (const family of [4, 6] as const) {
      for (const cell of regions.cellsOf(family)) {
        if (cell.node === null && cell.zone === null && !cell.external) continue;
        regionRows.push([
          family,
          hexOf(family, cell.lo),
          hexOf(family, cell.hi),
          cell.node?.id ?? null,
          cell.zone,
          cell.external,
        ]);
      }
    }
  }
  const index = indexTopology(topology);
  const nodeRows: SqlValue[][] = (topology?.nodes ?? []).map((node) => {
    const first = firstAddressOf(node);
    // The guard's answer for traffic named by the node, from the engine's own resolver.
    const outside = resolveFlow(index, { src: node.id, proto: 'icmp' }).source.external;
    return [
      node.id,
      node.zone,
      outside,
      first?.family ?? null,
      first ? hexOf(first.family, first.value) : null,
    ];
  });
  const hostRows: SqlValue[][] = regions.listedHosts().map(({ host, node }) => [host, node.id]);
  return {
    rules: { name: 'egress_rules', columns: RULE_COLUMNS, rows: ruleRows(policy, topology) },
    regions: { name: 'egress_regions', columns: REGION_COLUMNS, rows: regionRows },
    nodes: { name: 'egress_nodes', columns: NODE_COLUMNS, rows: nodeRows },
    hosts: { name: 'egress_hosts', columns: HOST_COLUMNS, rows: hostRows },
    guard: regions.hasGuard,
    topology: topology !== undefined,
  };
}
