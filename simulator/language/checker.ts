/**
 * The checker: AST → `PolicyModel`, with name resolution, validation and the policy-wide
 * warnings. What happens to statements with errors (docs/language.md "Errors"):
 * - a rule or expectation with any error is left out of the model (the rule's id stays
 *   defined, so `by` lines and duplicates are still judged);
 * - a set keeps its valid members (so its uses do not cascade into more errors);
 * - the model is therefore exact only when there is no error: callers refuse to simulate
 *   or export a policy with errors.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type {
  ClassExpectation,
  DefaultDecision,
  Expectation,
  NamedSet,
  PolicyModel,
  Rule,
  Topology,
} from '../core/model.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import { suggestReplacement } from '../util/suggest.js';
import type {
  ClassExpectStatement,
  DefaultStatement,
  ExpectStatement,
  NameNode,
  PolicyAst,
  RuleStatement,
  SetStatement,
  Statement,
} from './ast.js';
import { CheckContext, topologyNames } from './check-context.js';
import type { Definition } from './check-context.js';
import { DiagnosticSink } from './diagnostic-sink.js';
import { checkFlowItems } from './flow-items.js';
import { isKeyword, NAME_PATTERN } from './keywords.js';
import { parseDocument } from './parser.js';
import { warnContradictions, warnUnreachable } from './policy-warnings.js';
import { fileStartRange } from './ranges.js';
import type { PlacedItem } from './places.js';
import { DescriptionBlocks, readReview, warnOverdue } from './review.js';
import { checkFlowClass, checkRule } from './rules.js';
import type { StatementReuse } from './statement-reuse.js';
import { SetResolver } from './sets.js';
import type { PolicySymbols } from './symbols.js';

export interface PolicyCheckResult {
  ast: PolicyAst;
  model: PolicyModel;
  /** Syntax and semantic diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  symbols: PolicySymbols;
}

export interface CheckOptions {
  file?: string;
  /** When given, `role:`, `node:` and `zone:` names must exist in it. */
  topology?: Topology;
  /**
   * Statements of the previous check to reuse where unchanged (an editor's checks). The
   * previous check's tree, model and diagnostics then move to this text's positions.
   */
  reuse?: StatementReuse;
  /**
   * Today as YYYY-MM-DD: when given, rules whose review-by date is before it are warned about
   * (`egress check` and the app pass it; exports and explain leave it out to stay stable).
   */
  today?: string;
}

/** A name suggestion: lowercase, invalid characters replaced, starting with a letter. */
function exampleName(text: string, prefix: string): string {
  let cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '');
  if (!/^[a-z]/.test(cleaned)) cleaned = `${prefix}-${cleaned}`;
  return NAME_PATTERN.test(cleaned) ? cleaned : `my-${prefix}`;
}

/** Checks a set name or rule id: 'reserved' cannot be defined, 'invalid' is defined but wrong. */
function checkDefinedName(
  ctx: CheckContext,
  name: NameNode,
  what: string,
): 'ok' | 'invalid' | 'reserved' {
  if (isKeyword(name.name)) {
    const example = `${name.name}-${what.split(' ')[0]}`;
    ctx.error(D.reservedName, { text: name.name, what, example }, name.range);
    return 'reserved';
  }
  if (!NAME_PATTERN.test(name.name)) {
    const example = exampleName(name.name, what.split(' ')[0]!);
    ctx.error(D.invalidName, { what, text: name.name, example }, name.range);
    return 'invalid';
  }
  return 'ok';
}

function describeDefinition(def: Definition): string {
  return def.kind === 'rule' ? 'a rule' : `a ${def.kind} set`;
}

class Checker {
  readonly ctx: CheckContext;
  readonly sets: SetResolver;
  /** Statements whose name could not be defined (duplicate or reserved): never in the model. */
  private readonly undefinedStatements = new Set<Statement>();
  /** Statements whose name is defined but malformed: never in the model either. */
  private readonly badlyNamed = new Set<Statement>();
  private readonly blocks: DescriptionBlocks;

  constructor(
    sink: DiagnosticSink,
    topology: Topology | undefined,
    private readonly ast: PolicyAst,
    private readonly today: string | undefined,
  ) {
    this.ctx = new CheckContext(sink, topology ? topologyNames(topology) : undefined);
    this.sets = new SetResolver(this.ctx);
    this.blocks = new DescriptionBlocks(ast.comments);
  }

  run(): PolicyModel {
    const model: PolicyModel = {
      name: this.checkPolicyStatement(),
      rules: [],
      sets: [],
      default: { action: 'deny', log: false },
      expectations: [],
    };
    this.defineNames();
    model.sets = this.checkSets();
    const ruleStatements = new Map<Rule, RuleStatement>();
    let defaultStatement: DefaultStatement | null = null;
    const expectStatements: ExpectStatement[] = [];
    const classStatements: ClassExpectStatement[] = [];
    for (const s of this.ast.statements) {
      if (s.type === 'rule') {
        const rule = this.checkRuleStatement(s, model.rules.length);
        if (rule !== null) {
          model.rules.push(rule);
          ruleStatements.set(rule, s);
        }
      } else if (s.type === 'default') {
        if (defaultStatement !== null) {
          const line = String(defaultStatement.range.start.line);
          const related = this.ctx.sink.relatedAt(
            'the first default statement',
            defaultStatement.range,
          );
          this.ctx.error(D.duplicateDefault, { line }, s.range, related);
        } else if (s.action !== null) {
          defaultStatement = s;
          const decision: DefaultDecision = { action: s.action, log: s.log, range: s.range };
          model.default = decision;
        }
      } else if (s.type === 'expect') {
        expectStatements.push(s);
      } else if (s.type === 'expect-class') {
        classStatements.push(s);
      }
    }
    // Expectations last: `by` may name any rule, and contradictions need the default.
    for (const s of expectStatements) {
      const e = this.checkExpect(s);
      if (e !== null) model.expectations.push(e);
    }
    const classes = classStatements.map((s) => this.checkClassExpect(s)).filter((e) => e !== null);
    if (classes.length > 0) model.classExpectations = classes;
    warnUnreachable(this.ctx, model, ruleStatements, defaultStatement);
    warnContradictions(this.ctx, model, model.expectations);
    this.ctx.symbols.references.sort((a, b) => a.range.start.offset - b.range.start.offset);
    return model;
  }

  /** `policy NAME`: exactly once, first. Returns the name ('' when missing). */
  private checkPolicyStatement(): string {
    const ctx = this.ctx;
    let first: Statement | undefined;
    let policy: Statement | undefined;
    for (const s of this.ast.statements) {
      if (s.type !== 'invalid' && first === undefined) first = s;
      if (s.type !== 'policy') continue;
      if (policy !== undefined) {
        const related = ctx.sink.relatedAt('the first policy statement', policy.range);
        ctx.error(D.duplicatePolicy, { line: String(policy.range.start.line) }, s.range, related);
        continue;
      }
      policy = s;
      if (first !== s) {
        const name = s.name?.name ?? 'NAME';
        ctx.error(D.policyNotFirst, { name, line: String(first!.range.start.line) }, s.range);
      }
      if (s.name !== null && !/^[a-z][a-z0-9_-]*$/.test(s.name.name)) {
        const example = exampleName(s.name.name, 'policy');
        ctx.error(D.invalidName, { what: 'policy name', text: s.name.name, example }, s.name.range);
      }
    }
    if (policy === undefined) {
      const range = first?.range ?? fileStartRange();
      ctx.error(D.missingPolicy, {}, { start: range.start, end: range.start });
      return '';
    }
    return policy.type === 'policy' ? (policy.name?.name ?? '') : '';
  }

  /** Sets and rule ids share one namespace; the first definition of a name wins. */
  private defineNames(): void {
    const ctx = this.ctx;
    for (const s of this.ast.statements) {
      let def: Definition;
      if (s.type === 'set' && s.name !== null) {
        def = { kind: s.kind, name: s.name.name, range: s.name.range, statement: s };
      } else if (s.type === 'rule' && s.id !== null) {
        def = { kind: 'rule', name: s.id.name, range: s.id.range, action: s.action };
      } else {
        continue;
      }
      const verdict = checkDefinedName(
        ctx,
        s.type === 'set' ? s.name! : s.id!,
        def.kind === 'rule' ? 'rule id' : 'set name',
      );
      if (verdict === 'reserved') {
        this.undefinedStatements.add(s);
        continue;
      }
      if (verdict === 'invalid') this.badlyNamed.add(s);
      ctx.symbols.definitions.push({
        name: def.name,
        kind: def.kind,
        range: def.range,
        statementRange: s.range,
        description: s.description,
      });
      const first = ctx.names.get(def.name);
      if (first === undefined) {
        ctx.names.set(def.name, def);
        continue;
      }
      this.undefinedStatements.add(s);
      const related = ctx.sink.relatedAt(`"${def.name}" is first defined here`, first.range);
      const args = {
        name: def.name,
        first: describeDefinition(first),
        line: String(first.range.start.line),
      };
      ctx.error(D.duplicateName, args, def.range, related);
    }
  }

  private checkSets(): NamedSet[] {
    const out: NamedSet[] = [];
    for (const s of this.ast.statements) {
      if (s.type !== 'set') continue;
      const members = this.sets.members(s);
      if (s.name === null || this.undefinedStatements.has(s)) continue;
      if (members.length === 0 && this.sets.isClean(s)) {
        this.ctx.warn(D.emptySet, { name: s.name.name }, s.name.range);
      }
      out.push(this.namedSet(s, members));
    }
    return out;
  }

  private namedSet(s: SetStatement, members: PlacedItem[]): NamedSet {
    const set: NamedSet = {
      name: s.name?.name ?? '',
      kind: s.kind,
      hosts: [],
      nets: [],
      services: [],
      description: s.description,
      range: s.range,
    };
    // The set's kind decided which shapes its members could have (places.ts).
    if (s.kind === 'hosts') set.hosts = members as NamedSet['hosts'];
    else if (s.kind === 'nets') set.nets = members as NamedSet['nets'];
    else set.services = members as NamedSet['services'];
    return set;
  }

  private checkRuleStatement(s: RuleStatement, index: number): Rule | null {
    this.ctx.failed = false;
    const rule = checkRule(this.ctx, this.sets, s, index);
    this.checkReview(s, rule);
    const excluded =
      s.malformed || s.id === null || this.undefinedStatements.has(s) || this.badlyNamed.has(s);
    return this.ctx.failed || excluded ? null : rule;
  }

  /** Moves the review lines of the rule's description into `rule.review` (review.ts). */
  private checkReview(s: RuleStatement, rule: Rule): void {
    if (s.description === null) return;
    const read = readReview(this.ctx, this.blocks.above(s.range.start.line), rule.id);
    if (read === null) return;
    rule.description = read.description;
    if (read.review === null) return;
    rule.review = read.review;
    if (this.today !== undefined) warnOverdue(this.ctx, rule.id, read.review, this.today);
  }

  private checkClassExpect(s: ClassExpectStatement): ClassExpectation | null {
    this.ctx.failed = false;
    const clauses = checkFlowClass(this.ctx, this.sets, s);
    if (this.ctx.failed || s.malformed || s.verdict === null) return null;
    return {
      quantifier: s.quantifier,
      verdict: s.verdict,
      ...clauses,
      text: classExpectText(s),
      range: s.range,
    };
  }

  private checkExpect(s: ExpectStatement): Expectation | null {
    const ctx = this.ctx;
    ctx.failed = false;
    const flow = checkFlowItems(ctx, s);
    let by: string | undefined;
    if (s.by !== null) {
      const name = s.by.name;
      ctx.reference(name, 'rule', s.by.range);
      const def = ctx.names.get(name);
      if (name === 'default' || name === 'inbound') {
        by = name;
      } else if (def === undefined) {
        const rules = [...ctx.names.values()].filter((d) => d.kind === 'rule').map((d) => d.name);
        const suggestion = suggestReplacement(name, [...rules, 'default', 'inbound']);
        ctx.error(D.unknownRule, { name, suggestion }, s.by.range);
      } else if (def.kind !== 'rule') {
        ctx.error(D.byNotRule, { name, kind: def.kind }, s.by.range);
      } else {
        by = name;
      }
    }
    if (flow === null || ctx.failed || s.malformed || s.verdict === null) return null;
    const e: Expectation = { verdict: s.verdict, ...flow, range: s.range };
    if (by !== undefined) e.by = by;
    return e;
  }
}

/** `expect none allowed from role:notebook to metadata`, as written (lists joined by `, `). */
function classExpectText(s: ClassExpectStatement): string {
  const list = (items: { text: string }[] | null) => (items ?? []).map((i) => i.text).join(', ');
  const words = [
    'expect',
    s.quantifier,
    s.verdict === 'allow' ? 'allowed' : 'denied',
    'from',
    list(s.from),
    'to',
    list(s.to),
  ];
  if (s.on !== null) words.push('on', list(s.on));
  if (s.methods !== null) words.push('methods', list(s.methods));
  if (s.paths !== null) words.push('paths', list(s.paths));
  return words.join(' ');
}

export function checkPolicy(text: string, options: CheckOptions = {}): PolicyCheckResult {
  const sink = new DiagnosticSink(options.file);
  const { ast, unread } = parseDocument(String(text), sink, undefined, options.reuse);
  const checker = new Checker(sink, options.topology, ast, options.today);
  let model: PolicyModel;
  if (unread) {
    model = {
      name: '',
      rules: [],
      sets: [],
      default: { action: 'deny', log: false },
      expectations: [],
    };
  } else {
    model = checker.run();
  }
  return { ast, model, diagnostics: sink.sorted(), symbols: checker.ctx.symbols };
}
