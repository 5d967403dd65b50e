/**
 * Findings about a policy as a whole (docs/analysis.md): rules that never match, are shadowed,
 * redundant or partly overridden, expectations that can never hold and edges no rule allows.
 * Every finding that claims a flow exists carries a witness that the simulator decides as
 * claimed.
 */
import type { Range } from '../core/diagnostic.js';
import type { Action, Flow, PolicyModel, Rule, Topology } from '../core/model.js';
import { ANALYSIS_DIAGNOSTICS as A } from '../diagnostics/catalog-analysis.js';
import { formatTemplate, type DiagnosticTemplate } from '../diagnostics/define.js';
import { ruleMatchesReference, resolveReference } from '../engine/reference.js';
import { buildExpectFlow, edgeLabel, expectationLabel } from '../engine/expectations.js';
import { checkEdgeService } from '../topology/edge-service.js';
import { FALSE, type BddNode } from './bdd.js';
import { decidePolicy, type PolicyDecisions } from './decisions.js';
import { FactorIndex } from './factor-index.js';
import { buildSpace } from './space.js';
import type { FlowSpace } from './symbolic.js';

export type FindingKind =
  | 'never-matches'
  | 'shadowed'
  | 'redundant'
  | 'overridden'
  | 'expect-never-holds'
  | 'edge-never-allowed';

export interface AnalysisFinding {
  code: string;
  severity: 'warning' | 'info';
  kind: FindingKind;
  /** The rule the finding is about; null for expectations and edges. */
  rule: string | null;
  /** The rules it depends on (`default` for the default decision). */
  by: string[];
  witness: Flow | null;
  message: string;
  /** Where to show it: the rule's or expectation's range in the policy. */
  range?: Range;
  /** For edges: the edge's position in the topology. */
  edge?: number;
}

function finding(
  template: DiagnosticTemplate,
  kind: FindingKind,
  args: Record<string, string>,
  fields: Omit<AnalysisFinding, 'code' | 'severity' | 'kind' | 'message'>,
): AnalysisFinding {
  const message = formatTemplate(template.template, args);
  return {
    code: template.code,
    severity: template.severity === 'info' ? 'info' : 'warning',
    kind,
    ...fields,
    message: template.hint ? `${message}; ${formatTemplate(template.hint, args)}` : message,
  };
}

function list(ids: readonly string[]): string {
  return ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)!}`;
}

function outcome(action: Action, log: boolean): number {
  return (action === 'allow' ? 2 : 0) + (log ? 1 : 0);
}

export interface AnalyzeOptions {
  /** Reuse a space (and decisions) built for other questions. */
  space?: FlowSpace;
  decisions?: PolicyDecisions;
}

export function analyzePolicy(
  policy: PolicyModel,
  topology: Topology | undefined,
  options: AnalyzeOptions = {},
): AnalysisFinding[] {
  const space = options.space ?? buildSpace(topology, [policy]);
  const d = options.decisions ?? decidePolicy(space, policy);
  const rules = policy.rules;
  const bdd = space.bdd;
  const out: AnalysisFinding[] = [];
  const dead = new Set<number>();

  const overlaps = d.overlaps ?? factorIndex(space, d);
  const defaultOutcome = outcome(policy.default.action, policy.default.log);
  rules.forEach((rule, i) => {
    const match = d.matches[i]!;
    const decided = d.decided[i]!;
    const place = { range: rule.range };
    if (match === FALSE) {
      dead.add(i);
      const external = bdd.and(space.ruleSet(rule), space.external) !== FALSE;
      const reason = external
        ? 'every flow it matches comes from an external source, and the outbound-only guard denies those first (inbound)'
        : 'no flow satisfies all of its clauses';
      out.push(
        finding(
          A.neverMatches,
          'never-matches',
          { rule: rule.id, reason },
          {
            rule: rule.id,
            by: [],
            witness: null,
            ...place,
          },
        ),
      );
    } else if (decided === FALSE) {
      dead.add(i);
      const by = overlaps
        .meeting(overlaps.factorsOf(i), 0, i)
        .filter((j) => bdd.meets(match, d.decided[j]!))
        .map((j) => rules[j]!.id);
      out.push(
        finding(
          A.shadowed,
          'shadowed',
          { rule: rule.id, by: list(by) },
          {
            rule: rule.id,
            by,
            witness: space.witness(match),
            ...place,
          },
        ),
      );
    } else {
      const opposite: Action = rule.action === 'allow' ? 'deny' : 'allow';
      const earlier = overlaps.meeting(overlaps.factorsOf(i), 0, i);
      let overriding = FALSE;
      for (const j of earlier) {
        if (rules[j]!.action === opposite) overriding = bdd.or(overriding, d.decided[j]!);
      }
      // Only flows whose host and ip the topology ties together: a deny-first rule for the
      // metadata address would otherwise "override" every allow with a made-up pairing.
      const overlap = bdd.and(bdd.and(match, overriding), space.realistic);
      if (overlap !== FALSE) {
        const point = space.pick(overlap);
        let by = '';
        for (const j of earlier) {
          if (by === '' && space.contains(d.decided[j]!, point)) by = rules[j]!.id;
        }
        out.push(
          finding(
            A.overridden,
            'overridden',
            { rule: rule.id, by, action: rule.action, other: opposite },
            { rule: rule.id, by: [by], witness: space.flowOf(point), ...place },
          ),
        );
      }
      const by = laterDeciders(space, d, overlaps, i, defaultOutcome);
      if (by !== null) {
        out.push(
          finding(
            A.redundant,
            'redundant',
            { rule: rule.id, by: list(by) },
            {
              rule: rule.id,
              by,
              witness: space.witness(decided),
              ...place,
            },
          ),
        );
      }
    }
  });

  out.push(...expectationFindings(policy, topology, dead));
  out.push(...edgeFindings(space, d, topology));
  return out;
}

/**
 * When rule i is redundant (removing it changes no verdict or log flag), the rules (or
 * `default`) that then decide its flows; null when it is not redundant or decides nothing.
 * Only the later rules that overlap its flows can take them over.
 */
function laterDeciders(
  space: FlowSpace,
  d: PolicyDecisions,
  overlaps: FactorIndex,
  i: number,
  defaultOutcome: number,
): string[] | null {
  const bdd = space.bdd;
  const rules = d.policy.rules;
  let rest = d.decided[i]!;
  if (rest === FALSE) return null;
  const own = outcome(rules[i]!.action, rules[i]!.log);
  const by: string[] = [];
  // Later rules that meet the rule's match set: a superset of those meeting `rest`.
  for (const j of overlaps.meeting(overlaps.factorsOf(i), i + 1)) {
    const match = d.matches[j]!;
    if (!bdd.meets(rest, match)) continue;
    if (outcome(rules[j]!.action, rules[j]!.log) !== own) return null;
    by.push(rules[j]!.id);
    rest = bdd.andNot(rest, match);
    if (rest === FALSE) return by;
  }
  if (defaultOutcome !== own) return null;
  by.push('default');
  return by;
}

/** The index over a policy's match sets when the decisions came without one. */
function factorIndex(space: FlowSpace, d: PolicyDecisions): FactorIndex {
  return new FactorIndex(
    space.bdd,
    d.policy.rules.map((rule) => space.ruleFactors(rule)),
  );
}

function expectationFindings(
  policy: PolicyModel,
  topology: Topology | undefined,
  dead: ReadonlySet<number>,
): AnalysisFinding[] {
  const out: AnalysisFinding[] = [];
  for (const e of policy.expectations) {
    const build = buildExpectFlow(
      e.endpoint,
      e.target,
      {
        proto: e.proto,
        ...(e.port !== undefined ? { port: e.port } : {}),
        ...(e.method !== undefined ? { method: e.method } : {}),
        ...(e.path !== undefined ? { path: e.path } : {}),
      },
      topology,
    );
    if (!build.ok) continue; // `egress test` reports why no flow can be built
    const resolved = resolveReference(topology, build.flow);
    const external = resolved.source.external;
    let reason: string | undefined;
    const rule: Rule | undefined = policy.rules.find((r) => r.id === e.by);
    if (e.verdict === 'allow' && external) {
      reason =
        'its source is external, so the outbound-only guard denies it (inbound) whatever the rules say';
    } else if (e.by === 'inbound' && !external) {
      reason = 'its source is internal, so the outbound-only guard never decides it';
    } else if (e.by === 'default' && policy.default.action !== e.verdict) {
      reason = `the default is ${policy.default.action}`;
    } else if (rule !== undefined) {
      // A `by` rule of the other action is the checker's warning already.
      if (rule.action !== e.verdict) continue;
      if (external) reason = 'its source is external, so no rule ever decides it';
      else if (!ruleMatchesReference(rule, resolved, topology)) {
        reason = `rule ${rule.id} does not match this flow`;
      } else if (dead.has(rule.index)) reason = `rule ${rule.id} decides no flow at all`;
    }
    if (reason === undefined) continue;
    out.push(
      finding(
        A.expectNeverHolds,
        'expect-never-holds',
        { label: expectationLabel(e), reason },
        {
          rule: null,
          by: e.by !== undefined && rule !== undefined ? [e.by] : [],
          witness: null,
          range: e.range,
        },
      ),
    );
  }
  return out;
}

function edgeFindings(
  space: FlowSpace,
  d: PolicyDecisions,
  topology: Topology | undefined,
): AnalysisFinding[] {
  if (topology === undefined) return [];
  const bdd = space.bdd;
  const overlaps = d.overlaps ?? factorIndex(space, d);
  const allowsSome = (factors: BddNode[]): boolean => {
    const flows = space.product(factors);
    return (
      (d.policy.default.action === 'allow' && bdd.meets(flows, d.byDefault)) ||
      overlaps
        .meeting(factors)
        .some((i) => d.policy.rules[i]!.action === 'allow' && bdd.meets(flows, d.decided[i]!))
    );
  };
  const out: AnalysisFinding[] = [];
  topology.edges.forEach((edge, position) => {
    const service = checkEdgeService(edge.service);
    const source = space.atoms.sources.findIndex((s) => s.src === edge.from);
    if (!service.ok || source < 0 || !topology.nodes.some((n) => n.id === edge.to)) return;
    const item =
      service.proto === 'icmp'
        ? { kind: 'proto' as const, proto: service.proto, via: [] }
        : {
            kind: 'proto' as const,
            proto: service.proto,
            ports: { lo: service.lo!, hi: service.hi! },
            via: [],
          };
    const edgeFlows = space.factors(
      space.atomSet('source', [source]),
      space.destinationNode((n) => n.id === edge.to),
      space.serviceItem(item),
      space.all('method'),
      space.all('path'),
    );
    if (allowsSome(edgeFlows)) return;
    out.push(
      finding(
        A.edgeNeverAllowed,
        'edge-never-allowed',
        { label: edgeLabel(edge), from: edge.from, to: edge.to },
        { rule: null, by: [], witness: null, edge: position },
      ),
    );
  });
  return out;
}
