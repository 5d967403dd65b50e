/**
 * The "add an allow rule" quick fix: for a flow the policy denies but should allow, the text
 * of a rule that allows exactly that flow's source, destination and service, and the line to
 * insert it at. The first matching rule decides (docs/language.md "Matching"), so the new
 * rule goes just above the rule that denies the flow today (above its comment block, which
 * stays with it); when the default decides, after the last rule.
 */
import { parseIp } from '../net/ip.js';
import type { Flow, PolicyModel, Topology } from '../core/model.js';
import { explainFlow } from './explain.js';

export interface AllowRuleFix {
  /** The new rule's id, unique in the policy. */
  ruleId: string;
  /** The line to insert, with its newline. */
  text: string;
  /** 1-based line the rule is inserted before (one past the last line: appended). */
  line: number;
  /** 0-based offset of that line's start in the policy text. */
  offset: number;
  /** The rule the new one is placed above, or null when it goes after the last rule. */
  before: string | null;
}

/** Why no rule can be offered, for the flow's row or editor action to say. */
export type AllowRuleFixResult = { ok: true; fix: AllowRuleFix } | { ok: false; reason: string };

const NAME = /^[a-z][a-z0-9_-]*$/;
/** A path that a `paths` item can hold as written (no spaces, `#`, `=`, `,` or `*`). */
const PLAIN_PATH = /^\/[^\s#=,*]*$/;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const start = NAME.test(base) ? base : `allow-${base}`.replace(/-+$/, '');
  let id = start;
  for (let n = 2; taken.has(id); n++) id = `${start}-${n}`;
  return id;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The first line of the comment block directly above `line` (the rule's description). */
function descriptionStart(lines: readonly string[], line: number): number {
  let first = line;
  while (first > 1 && /^\s*#/.test(lines[first - 2]!)) first--;
  return first;
}

/** The rule text that matches `flow` and nothing wider than its source, destination and service. */
export function allowRuleText(flow: Flow, id: string): string {
  const source = parseIp(flow.src) !== null ? flow.src : `node:${flow.src}`;
  const destination = flow.host ?? flow.ip;
  const service = flow.port === undefined ? flow.proto : `${flow.proto}/${flow.port}`;
  let text = `allow ${id} from ${source} to ${destination} on ${service}`;
  if (flow.method !== undefined) text += ` methods ${flow.method}`;
  if (flow.path !== undefined && PLAIN_PATH.test(flow.path)) text += ` paths ${flow.path}`;
  return text;
}

/**
 * Where and what to insert in `text` (whose checked model is `policy`) so that `flow` is
 * allowed, without changing the decision of any flow the new rule does not match.
 */
export function allowRuleFix(
  text: string,
  policy: PolicyModel,
  topology: Topology | undefined,
  flow: Flow,
): AllowRuleFixResult {
  if (flow.host === undefined && flow.ip === undefined)
    return { ok: false, reason: 'the flow names no destination' };
  const explained = explainFlow(policy, topology, flow);
  if (explained.decidedBy.kind === 'inbound')
    return {
      ok: false,
      reason: 'the source is external: the outbound-only guard denies it, and no rule can allow it',
    };
  if (explained.verdict.verdict === 'allow') return { ok: false, reason: 'the flow is allowed' };
  const taken = new Set<string>([
    ...policy.rules.map((r) => r.id),
    ...policy.sets.map((s) => s.name),
  ]);
  const ruleId = uniqueId(slug(`allow-${flow.src}-${flow.host ?? flow.ip}`), taken);
  const starts = lineStarts(text);
  const lines = text.split('\n');
  let line: number;
  let before: string | null = null;
  const decider = explained.decidedBy;
  if (decider.kind === 'rule') {
    const rule = policy.rules[decider.index]!;
    before = rule.id;
    line = descriptionStart(lines, rule.range.start.line);
  } else {
    const last = policy.rules.at(-1);
    line = last === undefined ? firstStatementLineAfterHeader(lines) : last.range.end.line + 1;
    // A rule ending at a line's end: its range ends on that line (or at column 1 of the next).
    if (last !== undefined && last.range.end.column === 1) line = last.range.end.line;
  }
  const offset = line - 1 < starts.length ? starts[line - 1]! : text.length;
  const needsNewline = offset === text.length && text.length > 0 && !text.endsWith('\n');
  return {
    ok: true,
    fix: {
      ruleId,
      text: `${needsNewline ? '\n' : ''}${allowRuleText(flow, ruleId)}\n`,
      line,
      offset,
      before,
    },
  };
}

/** After the `policy` line and the set definitions, or at the end: where a first rule goes. */
function firstStatementLineAfterHeader(lines: readonly string[]): number {
  const expect = lines.findIndex((l) => /^expect\b/.test(l));
  return expect === -1 ? lines.length + (lines.at(-1) === '' ? 0 : 1) : expect + 1;
}
