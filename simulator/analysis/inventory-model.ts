/** What the inventory says (simulator/analysis/inventory.ts builds it). */
import type { Flow, TopologyEdge } from '../core/model.js';

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
