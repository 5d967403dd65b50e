/**
 * What the checker's parts share: the diagnostic sink, a "this statement had an error" flag
 * (a rule or expectation with an error is left out of the model), the topology's names and
 * the symbol lists the editor uses.
 */
import type { Range, RelatedInformation } from '../core/diagnostic.js';
import type { SetKind, Topology } from '../core/model.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { DiagnosticArgs, DiagnosticTemplate } from '../diagnostics/define.js';
import type { DomainPattern, DomainProblem } from '../util/domain.js';
import type { SetStatement } from './ast.js';
import type { DiagnosticSink } from './diagnostic-sink.js';
import type { PolicySymbols, ReferenceKind } from './symbols.js';

export interface TopologyNames {
  role: ReadonlySet<string>;
  node: ReadonlySet<string>;
  zone: ReadonlySet<string>;
}

export function topologyNames(topology: Topology): TopologyNames {
  const roles = new Set<string>();
  for (const n of topology.nodes) for (const r of n.roles ?? []) roles.add(r);
  return {
    role: roles,
    node: new Set(topology.nodes.map((n) => n.id)),
    zone: new Set(topology.zones.map((z) => z.id)),
  };
}

/** A name in the shared namespace of sets and rules (the first definition wins). */
export type Definition =
  | { kind: SetKind; name: string; range: Range; statement: SetStatement }
  | { kind: 'rule'; name: string; range: Range; action: 'allow' | 'deny' };

/**
 * Guards against inputs that would exhaust memory: set substitution copies members into
 * every use, so sets that include the same set many times grow exponentially.
 */
export const MAX_SET_DEPTH = 64;
export const MAX_EXPANDED_ITEMS = 1_000_000;

/** Canonical CIDR text and, when host bits were set, the short form the warning suggests. */
export type AddressValue = { cidr: string; hostBits: string | null } | null;
export interface PortRange {
  lo: number;
  hi: number;
}

export class CheckContext {
  /** Set when an error is reported; the checker resets it per statement. */
  failed = false;
  /** Items produced by set substitution so far (see MAX_EXPANDED_ITEMS). */
  expanded = 0;
  /** True once the budget is spent: no more substitution, reported once. */
  overBudget = false;
  readonly names = new Map<string, Definition>();
  /**
   * Literal conversions by text. Large policies repeat the same addresses, domains and
   * ports, and converting an address goes through bigint arithmetic, so each distinct text
   * is converted once per check (diagnostics are still reported at every occurrence).
   */
  readonly memo = {
    addresses: new Map<string, AddressValue>(),
    domains: new Map<string, DomainPattern | DomainProblem>(),
    ports: new Map<string, PortRange | string>(),
  };
  readonly symbols: PolicySymbols = { definitions: [], references: [] };

  constructor(
    readonly sink: DiagnosticSink,
    readonly topology: TopologyNames | undefined,
  ) {}

  error(
    template: DiagnosticTemplate,
    args: DiagnosticArgs,
    range: Range,
    related?: RelatedInformation[],
  ): void {
    this.failed = true;
    this.sink.report(template, args, range, related);
  }

  warn(template: DiagnosticTemplate, args: DiagnosticArgs, range: Range): void {
    this.sink.report(template, args, range);
  }

  /**
   * Claims room for `count` substituted items; false (reported once, at `range`) when the
   * policy would grow past MAX_EXPANDED_ITEMS.
   */
  claimExpansion(count: number, range: Range): boolean {
    if (count === 0) return true;
    if (!this.overBudget && this.expanded + count <= MAX_EXPANDED_ITEMS) {
      this.expanded += count;
      return true;
    }
    if (!this.overBudget) {
      this.overBudget = true;
      this.error(D.expansionTooLarge, { limit: MAX_EXPANDED_ITEMS.toLocaleString('en') }, range);
    }
    this.failed = true;
    return false;
  }

  reference(name: string, kind: ReferenceKind, range: Range): void {
    this.symbols.references.push({ name, kind, range });
  }
}
