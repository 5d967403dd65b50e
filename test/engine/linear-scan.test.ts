/**
 * The linear scan is the benchmark's baseline and the tests' second oracle, not engine API:
 * it is reached through simulator/engine/linear-scan.ts, which the public entries do not
 * re-export, and a compiled matcher does not carry it.
 */
import { describe, expect, it } from 'vitest';
import * as publicEntry from '../../simulator/index.js';
import * as engine from '../../simulator/engine/index.js';
import { compileWithLinearScan } from '../../simulator/engine/linear-scan.js';
import { mlPlatform, policy, rule } from './builders.js';

const TOPOLOGY = mlPlatform();
const POLICY = policy([
  rule('a', 'allow', { from: ['role:trainer'], to: ['pypi.org'], on: ['tcp/443'] }),
  rule('b', 'deny', { from: ['any'], to: ['10.0.0.0/8'] }),
]);

describe('the linear scan stays out of the public API', () => {
  it('is not exported by the engine or the public entry', () => {
    for (const entry of [publicEntry, engine] as Record<string, unknown>[]) {
      expect(Object.keys(entry)).not.toContain('compileWithLinearScan');
      expect(Object.keys(entry)).not.toContain('decideLinear');
    }
  });

  it('is not a member of the compiled matcher', () => {
    const matcher = engine.compileMatcher(POLICY, TOPOLOGY);
    expect(Object.keys(matcher)).toEqual([
      'policy',
      'topology',
      'index',
      'ruleCount',
      'evaluate',
      'decide',
      'verdictFor',
      'resolve',
      'parts',
    ]);
    expect(Object.keys(matcher.parts)).not.toContain('decideLinear');
  });

  it('decides as the compiled matcher beside it', () => {
    const { matcher, decideLinear } = compileWithLinearScan(POLICY, TOPOLOGY);
    const flows = [
      { src: 'trainer', host: 'pypi.org', proto: 'tcp' as const, port: 443 },
      { src: 'trainer', ip: '10.1.2.3', proto: 'tcp' as const, port: 22 },
      { src: 'notebook', host: 'pypi.org', proto: 'tcp' as const, port: 443 },
    ];
    expect(flows.map((f) => decideLinear(f))).toEqual(flows.map((f) => matcher.decide(f)));
    expect(flows.map((f) => matcher.evaluate(f).rule)).toEqual(['a', 'b', 'default']);
  });
});
