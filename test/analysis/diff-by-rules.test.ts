/**
 * The diff by changed rules (diff-by-rules.ts) against the plain diff that decides both
 * policies whole (`diffProjectsPlain`), on random projects and random edits of them: kept,
 * flipped, dropped, replaced and inserted rules, sometimes a reordering or a new default
 * (which the plain diff takes). Same changes, same order, same witnesses. Seeds are printed;
 * replay with EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyModel, Rule } from '../../simulator/core/model.js';
import { diffProjects } from '../../simulator/analysis/index.js';
import { diffProjectsPlain } from '../../simulator/analysis/diff.js';
import { changedRules } from '../../simulator/analysis/diff-by-rules.js';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';

type Edit = 'keep' | 'flip' | 'log' | 'drop' | 'replace' | 'insert';
const editArb = fc.constantFrom<Edit>(
  'keep',
  'keep',
  'keep',
  'flip',
  'log',
  'drop',
  'replace',
  'insert',
);

/** HEAD: BASE's rules edited one by one, borrowing rules (renamed) from `other`. */
function edit(base: PolicyModel, other: PolicyModel, edits: Edit[], swap: boolean): PolicyModel {
  const rules: Rule[] = [];
  let borrowed = 0;
  const borrow = (): Rule | null => {
    const rule = other.rules[borrowed % Math.max(other.rules.length, 1)];
    borrowed++;
    return rule ? { ...rule, id: `new${borrowed}` } : null;
  };
  base.rules.forEach((rule, i) => {
    const e = edits[i % edits.length] ?? 'keep';
    if (e === 'keep') rules.push(rule);
    else if (e === 'flip')
      rules.push({ ...rule, action: rule.action === 'allow' ? 'deny' : 'allow' });
    else if (e === 'log') rules.push({ ...rule, log: !rule.log });
    else if (e === 'replace') {
      const r = borrow();
      if (r) rules.push({ ...r, id: rule.id });
    } else if (e === 'insert') {
      const r = borrow();
      if (r) rules.push(r);
      rules.push(rule);
    }
  });
  if (swap && rules.length >= 2) [rules[0], rules[1]] = [rules[1]!, rules[0]!];
  return { ...base, rules: rules.map((r, index) => ({ ...r, index })) };
}

describe('the diff by changed rules equals the plain diff', () => {
  it('on random projects and edits', () => {
    const params = fcParameters(1000);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`diff by changed rules: seed ${seed}, ${params.numRuns ?? 0} runs`);
    let fast = 0;
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 4 }),
        policyArb(8),
        policyArb(4),
        fc.array(editArb, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        (t, base, other, edits, swap, newDefault) => {
          const topology = t ?? undefined;
          const head = edit(base, other, edits, swap && edits.includes('flip'));
          if (newDefault && edits.includes('log')) {
            head.default = { ...head.default, log: !head.default.log };
          }
          if (changedRules(base, head) !== null) fast++;
          expect(diffProjects({ policy: base, topology }, { policy: head, topology })).toEqual(
            diffProjectsPlain({ policy: base, topology }, { policy: head, topology }),
          );
        },
      ),
      { ...params, seed },
    );
    // Most cases take the fast path; the rest check the fallback.
    expect(fast).toBeGreaterThan((params.numRuns ?? 0) / 2);
  }, 900_000);

  it('finds the changed rules by id, and leaves reorderings and a new default to the plain diff', () => {
    const rule = (id: string, action: 'allow' | 'deny' = 'allow'): Rule =>
      ({
        id,
        action,
        index: 0,
        from: [{ kind: 'any' }],
        to: [{ kind: 'domain', domain: `${id}.example` }],
        services: null,
        methods: null,
        paths: null,
        log: false,
        description: null,
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
      }) as Rule;
    const policy = (rules: Rule[], log = false): PolicyModel =>
      ({
        name: 'p',
        rules,
        sets: [],
        expectations: [],
        default: { action: 'deny', log },
      }) as unknown as PolicyModel;
    const base = policy([rule('a'), rule('b'), rule('c')]);
    expect(changedRules(base, policy([rule('a'), rule('b', 'deny'), rule('d')]))).toEqual({
      base: [1, 2],
      head: [1, 2],
    });
    expect(changedRules(base, policy([rule('b'), rule('a'), rule('c')]))).toBeNull();
    expect(changedRules(base, policy([rule('a'), rule('b'), rule('c')], true))).toBeNull();
    expect(changedRules(base, base)).toEqual({ base: [], head: [] });
  });
});
