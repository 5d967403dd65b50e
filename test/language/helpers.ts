/** A readable summary of a checked model, for golden files. */
import type {
  DestinationItem,
  PolicyModel,
  Rule,
  ServiceItem,
} from '../../simulator/core/model.js';

function via(v: string[]): string {
  return v.length === 0 ? '' : ` (${v.join('>')})`;
}

export function itemText(item: DestinationItem | ServiceItem): string {
  switch (item.kind) {
    case 'any':
      return 'any' + via(item.via);
    case 'role':
    case 'node':
    case 'zone':
      return `${item.kind}:${item.name}${via(item.via)}`;
    case 'cidr':
      return item.cidr + via(item.via);
    case 'domain':
      return item.domain + via(item.via);
    case 'wildcard':
      return `*.${item.suffix}${via(item.via)}`;
    case 'proto': {
      const p = item.ports;
      const ports = p === undefined ? '' : p.lo === p.hi ? `/${p.lo}` : `/${p.lo}-${p.hi}`;
      return item.proto + ports + via(item.via);
    }
  }
}

/** The items, shortened after eight so that huge expansions stay readable. */
function list(items: Array<DestinationItem | ServiceItem>): string {
  const shown = items.slice(0, 8).map(itemText).join(', ');
  return items.length > 8 ? `${shown}, … (${items.length} items)` : shown;
}

/** One line per set, rule, default and expectation: what the checker made of the text. */
export function summarizeModel(model: PolicyModel): string[] {
  const lines = [`policy ${model.name || '(none)'}`];
  for (const s of model.sets) {
    lines.push(`set ${s.kind} ${s.name} = ${list([...s.hosts, ...s.nets, ...s.services])}`);
    if (s.description !== null) lines.push(`  description: ${JSON.stringify(s.description)}`);
  }
  for (const r of model.rules) {
    let line = `rule ${r.index} ${r.action} ${r.id} ${flowClass(r)}`;
    if (r.log) line += ' log';
    lines.push(line);
    if (r.description !== null) lines.push(`  description: ${JSON.stringify(r.description)}`);
    if (r.review !== undefined) {
      const { owner, ticket, reviewBy } = r.review;
      lines.push(`  review: ${JSON.stringify({ owner, ticket, reviewBy })}`);
    }
  }
  const d = model.default;
  lines.push(`default ${d.action}${d.log ? ' log' : ''}${d.range ? '' : ' (implicit)'}`);
  for (const e of model.expectations) {
    const end = (x: { kind: string; name?: string; ip?: string; domain?: string }) =>
      x.kind === 'node' ? `node:${x.name}` : (x.ip ?? x.domain ?? '');
    let line = `expect ${e.verdict} ${end(e.endpoint)} -> ${end(e.target)} on ${e.proto}`;
    if (e.port !== undefined) line += `/${e.port}`;
    if (e.method !== undefined) line += ` method ${e.method}`;
    if (e.path !== undefined) line += ` path ${e.path}`;
    if (e.by !== undefined) line += ` by ${e.by}`;
    lines.push(line);
  }
  for (const e of model.classExpectations ?? []) {
    lines.push(`expect ${e.quantifier} ${e.verdict} ${flowClass(e)}`);
  }
  return lines;
}

/** `from … to … [on …] [methods …] [paths …]` of a rule or a quantified expectation. */
function flowClass(r: Pick<Rule, 'from' | 'to' | 'services' | 'methods' | 'paths'>): string {
  let line = `from ${list(r.from)} to ${list(r.to)}`;
  if (r.services !== null) line += ` on ${list(r.services)}`;
  if (r.methods !== null) line += ` methods ${r.methods.join(', ')}`;
  if (r.paths !== null)
    line += ` paths ${r.paths.map((p) => p.path + (p.prefix ? '*' : '')).join(', ')}`;
  return line;
}
