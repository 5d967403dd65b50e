/**
 * The few whole-policy warnings the checker gives (deeper analysis is simulator/analysis):
 * rules after a catch-all rule can never match, and neither can the default; an `expect`
 * line whose verdict contradicts its `by` can never pass.
 */
import type { Expectation, PolicyModel, Rule } from '../core/model.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { DefaultStatement, RuleStatement } from './ast.js';
import type { CheckContext } from './check-context.js';

/** `from any to any` with no other condition: it decides every flow that reaches it. */
function isCatchAll(rule: Rule): boolean {
  return (
    rule.from.some((i) => i.kind === 'any') &&
    rule.to.some((i) => i.kind === 'any') &&
    (rule.services === null || rule.services.some((s) => s.kind === 'any')) &&
    rule.methods === null &&
    rule.paths === null
  );
}

export function warnUnreachable(
  ctx: CheckContext,
  model: PolicyModel,
  statements: ReadonlyMap<Rule, RuleStatement>,
  defaultStatement: DefaultStatement | null,
): void {
  const catchAll = model.rules.find(isCatchAll);
  if (catchAll === undefined) return;
  const line = String(catchAll.range.start.line);
  for (const rule of model.rules.slice(catchAll.index + 1)) {
    const id = statements.get(rule)?.id;
    if (id) ctx.warn(D.unreachableRule, { name: rule.id, by: catchAll.id, line }, id.range);
  }
  if (defaultStatement !== null) {
    ctx.warn(D.unreachableDefault, { by: catchAll.id, line }, defaultStatement.range);
  }
}

export function warnContradictions(
  ctx: CheckContext,
  model: PolicyModel,
  expectations: readonly Expectation[],
): void {
  for (const e of expectations) {
    if (e.by === undefined) continue;
    let reason: string | undefined;
    if (e.by === 'inbound') {
      if (e.verdict === 'allow') reason = '"inbound" always denies';
    } else if (e.by === 'default') {
      if (e.verdict !== model.default.action) reason = `the default is ${model.default.action}`;
    } else {
      const def = ctx.names.get(e.by);
      if (def?.kind === 'rule' && def.action !== e.verdict) {
        reason = `rule "${e.by}" is ${def.action === 'allow' ? 'an allow' : 'a deny'} rule`;
      }
    }
    if (reason !== undefined) ctx.warn(D.contradictoryExpectation, { reason }, e.range);
  }
}
