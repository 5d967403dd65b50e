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
import { atomsOf, positionsIn, type AtomRuns } from './atom-runs.js';
import { FALSE, TRUE, type BddNode } from './bdd.js';
import { decidePolicy, deciders, verdictAt, type PolicyDecisions } from './decisions.js';
import { BroadTests, ClassWriter, productSet, type Product } from './inventory-classes.js';
import type {
  BroadKind,
  DeniedEdge,
  Inventory,
  InventoryClass,
  InventoryFinding,
  InventorySources,
} from './inventory-model.js';
import { PlainBroadTests, PlainClassWriter } from './inventory-plain.js';
import { buildSpace } from './space.js';
import { splitAlong } from './split.js';
import type { FlowSpace } from './symbolic.js';

export * from './inventory-model.js';

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
        list.push({ hosts: byHost.runs, ips: byIp.runs });
      }
    }
    for (const [rest, destinations] of byRest) {
      for (const byService of splitAlong(space, rest, 'service')) {
        for (const byMethod of splitAlong(space, byService.residual, 'method')) {
          for (const byPath of splitAlong(space, byMethod.residual, 'path')) {
            if (byPath.residual !== TRUE) throw new Error('inventory: a product is not whole');
            out.push({
              sources: bySource.runs,
              destinations,
              services: atomsOf(byService.runs),
              methods: atomsOf(byMethod.runs),
              paths: atomsOf(byPath.runs),
            });
          }
        }
      }
    }
  }
  return out;
}

/** An edge's flows, as one factor per clause (source, destination, service, method, path). */
function edgeFactors(space: FlowSpace, edge: TopologyEdge): BddNode[] | null {
  const service = parseEdgeService(edge.service);
  if (service === null) return null;
  const bdd = space.bdd;
  const ports = service.port === undefined ? undefined : { lo: service.port, hi: service.port };
  const item = ports
    ? { kind: 'proto' as const, proto: service.proto, ports, via: [] }
    : { kind: 'proto' as const, proto: service.proto, via: [] };
  const destination = [
    space.destinationNode((n) => n.id === edge.to),
    // The edge's own flows: a name its target lists, or no name, at one of its addresses.
    space.atomSet('host', [
      ...space.atoms.hosts.flatMap((h, i) => (h.node?.id === edge.to ? [i] : [])),
      space.atoms.hosts.length - 1,
    ]),
    space.realistic,
  ].reduce((x, y) => bdd.and(x, y), TRUE);
  return [
    space.sourceItem({ kind: 'node', name: edge.from, via: [] }),
    destination,
    space.serviceItem(item),
    space.all('method'),
    space.all('path'),
  ];
}

/** Does the policy allow some of an edge's flows? (Allowing deciders by index, `-1` the default.) */
type AllowsSome = (
  space: FlowSpace,
  decisions: PolicyDecisions,
  allowing: ReadonlyMap<number, BddNode>,
  factors: readonly BddNode[],
  flows: BddNode,
) => boolean;

/** Only rules whose matches meet the flows' factors can decide some of them. */
const allowsSome: AllowsSome = (space, decisions, allowing, factors, flows) => {
  const [source, destination, service, method, path] = factors;
  const probe = space.factors(source!, destination!, service!, method!, path!);
  const rules = decisions.overlaps?.meeting(probe) ?? [...allowing.keys()];
  return [...rules, -1, -2].some((i) => {
    const set = allowing.get(i);
    return set !== undefined && space.bdd.meets(set, flows);
  });
};

/** The reference for `allowsSome`: the flows against the union of every allowed set. */
const allowsSomePlain: AllowsSome = (space, _decisions, allowing, _factors, flows) => {
  const union = [...allowing.values()].reduce((a, b) => space.bdd.or(a, b), FALSE);
  return space.bdd.and(flows, union) !== FALSE;
};

/** The source atom of a node by name (-1 when none). */
function sourceNodeAtom(space: FlowSpace, name: string): number {
  return space.atoms.sources.findIndex(
    (s, i) => i < space.atoms.firstSourceInterval && s.src === name,
  );
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

type Prepared = { space: FlowSpace; decisions: PolicyDecisions };

export function buildInventory(
  policy: PolicyModel,
  topology: Topology | undefined,
  prepared?: Prepared,
): Inventory {
  const space = prepared?.space ?? buildSpace(topology, [policy]);
  const writer = new ClassWriter(space, topology);
  const broad = new BroadTests(space, writer.addresses);
  return collect(policy, topology, space, prepared, { writer, broad, allowsSome, plain: false });
}

/** The reference for `buildInventory`: the same inventory, each class read atom by atom. */
export function buildInventoryPlain(
  policy: PolicyModel,
  topology: Topology | undefined,
  prepared?: Prepared,
): Inventory {
  const space = prepared?.space ?? buildSpace(topology, [policy]);
  const writer = new PlainClassWriter(space, topology);
  const broad = new PlainBroadTests(space, writer.addresses);
  return collect(policy, topology, space, prepared, {
    writer,
    broad,
    allowsSome: allowsSomePlain,
    plain: true,
  });
}

function collect(
  policy: PolicyModel,
  topology: Topology | undefined,
  space: FlowSpace,
  prepared: Prepared | undefined,
  how: {
    writer: ClassWriter;
    broad: BroadTests;
    allowsSome: AllowsSome;
    /** Find the classes holding an edge's source node by scanning every class's sources. */
    plain: boolean;
  },
): Inventory {
  const { writer, broad } = how;
  const decisions = prepared?.decisions ?? decidePolicy(space, policy);
  const bdd = space.bdd;
  const allowed: InventoryClass[] = [];
  const findings: InventoryFinding[] = [];
  const sets: BddNode[] = [];
  const sourcesOf: AtomRuns[] = [];
  // Classes by the source node they contain by name: where an edge's notes may fall.
  const bySource = new Map<number, number[]>();
  const notedList = [
    ...new Set(
      (topology?.edges ?? []).flatMap((e) =>
        e.note !== undefined && e.note !== '' ? [sourceNodeAtom(space, e.from)] : [],
      ),
    ),
  ]
    .filter((i) => i >= 0)
    .sort((x, y) => x - y);
  const allowing = new Map<number, BddNode>();
  for (const { index, verdict, set: decided } of deciders(decisions)) {
    if (verdict.verdict !== 'allow' || decided === FALSE) continue;
    // The default allows too when it says so; it has no description or review.
    const rule: Pick<Rule, 'description' | 'review'> =
      index >= 0 ? policy.rules[index]! : { description: null };
    allowing.set(index, decided);
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
      sourcesOf.push(p.sources);
      for (const k of positionsIn(p.sources, notedList)) {
        const s = notedList[k]!;
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
    const factors = edgeFactors(space, edge);
    const flows = factors === null ? FALSE : space.product(factors);
    if (flows === FALSE) continue;
    if (edge.note !== undefined && edge.note !== '') {
      const from = sourceNodeAtom(space, edge.from);
      const classes = how.plain
        ? allowed.flatMap((_, i) => (atomsOf(sourcesOf[i]!).includes(from) ? [i] : []))
        : (bySource.get(from) ?? []);
      for (const i of classes) {
        const notes = allowed[i]!.edgeNotes;
        if (bdd.and(sets[i]!, flows) !== FALSE && !notes.includes(edge.note)) notes.push(edge.note);
      }
    }
    if (!how.allowsSome(space, decisions, allowing, factors!, flows)) {
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
