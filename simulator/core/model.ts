/**
 * The engine's data model: the checked policy and the topology that the matcher, the
 * simulator, analysis and every exporter consume. Nothing here depends on the surface
 * syntax; `simulator/language` produces `PolicyModel` from text, `simulator/topology`
 * produces `Topology` from YAML.
 */
import type { Range } from './diagnostic.js';

// ---------------------------------------------------------------------------------------
// Topology (docs/topology.md)
// ---------------------------------------------------------------------------------------

export const TOPOLOGY_FORMAT_VERSION = 1;

export type ZoneKind = 'internal' | 'external';

export interface Zone {
  id: string;
  kind: ZoneKind;
  label?: string;
  /** Canonical CIDRs (host bits cleared), e.g. `10.0.0.0/16`, `fd00::/8`. */
  cidrs: string[];
}

export interface Point {
  x: number;
  y: number;
}

export interface TopologyNode {
  id: string;
  /** A catalog kind (see `simulator/topology/catalog.ts`). */
  kind: string;
  label?: string;
  zone: string;
  roles: string[];
  /** IPs or canonical CIDRs this node's traffic comes from / answers on. */
  addresses: string[];
  /** Lower-case DNS names the node answers to (no trailing dot). */
  hosts: string[];
  position?: Point;
  note?: string;
}

export interface TopologyEdge {
  from: string;
  to: string;
  /** `tcp/443`, `udp/53`, `icmp`, or a range `tcp/8000-8100` (checked at its lowest port). */
  service: string;
  note?: string;
}

export interface Topology {
  version: number;
  name: string;
  zones: Zone[];
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

// ---------------------------------------------------------------------------------------
// Checked policy (docs/language.md). Set references are flattened into their members; `via` keeps
// the chain of set names an item came through, for explain and for named sets in exports.
// ---------------------------------------------------------------------------------------

export type Protocol = 'tcp' | 'udp' | 'icmp';
export type Action = 'allow' | 'deny';

interface ItemBase {
  /** Names of the sets this item was reached through, outermost first (empty if written inline). */
  via: string[];
  range?: Range;
}

export type PeerItem =
  | (ItemBase & { kind: 'any' })
  | (ItemBase & { kind: 'role'; name: string })
  | (ItemBase & { kind: 'node'; name: string })
  | (ItemBase & { kind: 'zone'; name: string })
  /** Canonical CIDR; a single address is written with its full prefix (`/32`, `/128`). */
  | (ItemBase & { kind: 'cidr'; cidr: string });

export type DestinationItem =
  | PeerItem
  /** Lower-case domain without trailing dot: matches the host exactly. */
  | (ItemBase & { kind: 'domain'; domain: string })
  /** `*.suffix`: matches every host ending in `.suffix`, at any depth, not `suffix` itself. */
  | (ItemBase & { kind: 'wildcard'; suffix: string });

export type SourceItem = PeerItem;

export type ServiceItem =
  | (ItemBase & { kind: 'any' })
  /** A protocol; `ports` absent means any port (and always for icmp). */
  | (ItemBase & { kind: 'proto'; proto: Protocol; ports?: { lo: number; hi: number } });

export interface PathPattern {
  /** The path as written without a trailing `*`. */
  path: string;
  /** True when written with a trailing `*`: prefix match. */
  prefix: boolean;
}

export interface Rule {
  id: string;
  action: Action;
  /** Position of the rule in file order (0-based); the first matching rule decides. */
  index: number;
  from: SourceItem[];
  to: DestinationItem[];
  /** `null` when the rule has no `on` clause (any service). */
  services: ServiceItem[] | null;
  /** Upper-case HTTP methods; `null` when the rule has no `methods` clause. */
  methods: string[] | null;
  /** `null` when the rule has no `paths` clause. */
  paths: PathPattern[] | null;
  log: boolean;
  /**
   * The comment block directly above the rule, without `#` markers and without its review
   * lines (`owner:`, `ticket:`, `review-by:`, which are in `review`); `null` if none.
   */
  description: string | null;
  /** The review lines of the description block; absent when it has none. */
  review?: RuleReview;
  range: Range;
}

/** Who answers for a rule and when it is looked at again (docs/language.md "Review metadata"). */
export interface RuleReview {
  owner?: string;
  ticket?: string;
  /** A calendar date, `YYYY-MM-DD`. */
  reviewBy?: string;
  /** Where each value is written, for diagnostics about it. */
  ranges: { owner?: Range; ticket?: Range; reviewBy?: Range };
}

export type SetKind = 'hosts' | 'nets' | 'services';

export interface NamedSet {
  name: string;
  kind: SetKind;
  /** Flattened members (nested sets expanded, `via` says through which). */
  hosts: DestinationItem[];
  nets: PeerItem[];
  services: ServiceItem[];
  description: string | null;
  range: Range;
}

export interface DefaultDecision {
  action: Action;
  log: boolean;
  /** Absent when the policy has no `default` statement (implicit `default deny`). */
  range?: Range;
}

export type ExpectEndpoint = { kind: 'node'; name: string } | { kind: 'ip'; ip: string };
export type ExpectTarget =
  { kind: 'node'; name: string } | { kind: 'domain'; domain: string } | { kind: 'ip'; ip: string };

export interface Expectation {
  verdict: Action;
  endpoint: ExpectEndpoint;
  target: ExpectTarget;
  proto: Protocol;
  /** Absent for icmp. */
  port?: number;
  method?: string;
  path?: string;
  /** Deciding rule id, or `default` / `inbound`; absent when the line has no `by`. */
  by?: string;
  range: Range;
}

/**
 * A quantified expectation (docs/language.md "Quantified expectations"): every flow of the
 * class (`all`) or no flow of it (`none`) gets `verdict`. The class is given like a rule's.
 */
export interface ClassExpectation extends Pick<
  Rule,
  'from' | 'to' | 'services' | 'methods' | 'paths'
> {
  quantifier: 'all' | 'none';
  verdict: Action;
  /** The line as written, one space between words (the test's label). */
  text: string;
  range: Range;
}

export interface PolicyModel {
  name: string;
  rules: Rule[];
  sets: NamedSet[];
  default: DefaultDecision;
  expectations: Expectation[];
  /** Quantified expectations; absent or empty when the policy has none. */
  classExpectations?: ClassExpectation[];
}

// ---------------------------------------------------------------------------------------
// Flows and verdicts (docs/language.md "Flows", "Matching")
// ---------------------------------------------------------------------------------------

export interface Flow {
  /** A node id or an IP address. */
  src: string;
  host?: string;
  ip?: string;
  proto: Protocol;
  /** Required for tcp and udp, absent for icmp. */
  port?: number;
  method?: string;
  path?: string;
}

/** The deciding rule: a rule id, `default`, or `inbound` (the outbound-only guard). */
export type DecidingRule = string;

export interface Verdict {
  verdict: Action;
  rule: DecidingRule;
  log: boolean;
}

export const DEFAULT_RULE = 'default';
export const INBOUND_RULE = 'inbound';
