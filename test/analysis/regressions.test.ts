/**
 * Named cases of the analysis: the examples and the places where a symbolic engine
 * goes wrong first (the guard, a port range's end, wildcard depth, the ip a host implies, a
 * listed host with a foreign ip, paths just beyond a prefix). Each runs the exactness check
 * of exactness.test.ts over a fixed sample, and asserts the finding it is about. Keep every
 * failing seed of the property tests here as a named case.
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../simulator/core/model.js';
import { analyzePolicy, searchFlows } from '../../simulator/analysis/index.js';
import { evaluateReference } from '../../simulator/engine/index.js';
import { mlPlatform, node, policy, rule, topology, zone } from '../engine/builders.js';
import { checkCase } from './check-case.js';

const SAMPLE: Flow[] = [
  { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 },
  { src: 'trainer', host: 'pypi.org', ip: '10.0.2.15', proto: 'tcp', port: 443 },
  { src: 'notebook', host: 'a.b.huggingface.co', proto: 'tcp', port: 444 },
  { src: 'notebook', host: 'b.huggingface.co', proto: 'tcp', port: 8100 },
  { src: 'notebook', ip: '151.101.0.223', proto: 'tcp', port: 8101 },
  { src: '52.216.0.1', host: 'pypi.org', proto: 'tcp', port: 443 },
  {
    src: '10.0.1.7',
    host: 'api.openai.com',
    proto: 'tcp',
    port: 443,
    method: 'POST',
    path: '/v1/chatx',
  },
  {
    src: 'gateway',
    host: 'api.openai.com',
    proto: 'tcp',
    port: 443,
    method: 'POST',
    path: '/v1/chat/',
  },
];

describe('analysis regressions', () => {
  it('issue 17: an allow from the role of an external node never matches', () => {
    const t = topology(
      [zone('vpc', 'internal', ['10.0.0.0/16']), zone('internet', 'external')],
      [
        node('notebook', 'vpc', { roles: ['notebook'], addresses: ['10.0.2.15'] }),
        node('llm', 'internet', {
          roles: ['llm-api'],
          hosts: ['api.openai.com'],
          addresses: ['203.0.113.10'],
        }),
      ],
    );
    const p = policy([
      rule('llm-callback', 'allow', {
        from: ['role:llm-api'],
        to: ['role:notebook'],
        on: ['tcp/443'],
      }),
    ]);
    checkCase(t, p, SAMPLE);
    expect(analyzePolicy(p, t).map((f) => [f.kind, f.rule])).toEqual([
      ['never-matches', 'llm-callback'],
    ]);
  });

  it('issue 17: nb-pypi-again, fully covered by nb-pypi, is shadowed by it', () => {
    const t = mlPlatform();
    const p = policy([
      rule(
        'nb-pypi',
        'allow',
        { from: ['role:notebook'], to: ['pypi.org', 'files.pythonhosted.org'], on: ['tcp/443'] },
        0,
      ),
      rule(
        'nb-pypi-again',
        'allow',
        { from: ['node:notebook'], to: ['pypi.org'], on: ['tcp/443'] },
        1,
      ),
    ]);
    checkCase(t, p, SAMPLE);
    const shadowed = analyzePolicy(p, t).find((f) => f.kind === 'shadowed');
    expect(shadowed).toMatchObject({ rule: 'nb-pypi-again', by: ['nb-pypi'] });
    expect(evaluateReference(p, t, shadowed!.witness!).rule).toBe('nb-pypi');
  });

  it('a port range ends at HI: HI+1 is not shadowed', () => {
    const p = policy([
      rule('range', 'allow', { from: ['any'], to: ['any'], on: ['tcp/443-8100'] }, 0),
      rule('next', 'allow', { from: ['any'], to: ['any'], on: ['tcp/8100-8101'] }, 1),
    ]);
    checkCase(mlPlatform(), p, SAMPLE);
    const findings = analyzePolicy(p, mlPlatform());
    expect(findings.some((f) => f.kind === 'shadowed')).toBe(false);
  });

  it('a deeper wildcard is covered by a shallower one, not the other way round', () => {
    const p = policy([
      rule('deep', 'deny', { from: ['any'], to: ['*.b.huggingface.co'] }, 0),
      rule('shallow', 'allow', { from: ['any'], to: ['*.huggingface.co'] }, 1),
      rule('deep-again', 'allow', { from: ['any'], to: ['*.b.huggingface.co'] }, 2),
    ]);
    checkCase(mlPlatform(), p, SAMPLE);
    const kinds = analyzePolicy(p, mlPlatform()).map((f) => `${f.kind} ${f.rule}`);
    expect(kinds).toContain('shadowed deep-again');
    expect(kinds).not.toContain('shadowed shallow');
  });

  it('a host without an ip matches the CIDR of the address its node implies', () => {
    const p = policy([
      rule('pypi-net', 'allow', { from: ['any'], to: ['151.101.0.0/16'], on: ['tcp/443'] }),
    ]);
    checkCase(mlPlatform(), p, SAMPLE);
    const found = searchFlows(
      p,
      mlPlatform(),
      rule('q', 'allow', { from: ['node:trainer'], to: ['pypi.org'] }),
      {
        verdict: 'allow',
      },
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.witness).toEqual({
      src: 'trainer',
      host: 'pypi.org',
      proto: 'tcp',
      port: 443,
    });
  });

  it('a listed host names its node even with a foreign ip', () => {
    const p = policy([
      rule('to-pypi', 'allow', { from: ['any'], to: ['node:pypi'] }, 0),
      rule('to-notebook', 'deny', { from: ['any'], to: ['node:notebook'] }, 1),
    ]);
    checkCase(mlPlatform(), p, SAMPLE);
  });

  it('a path just beyond a prefix is told apart from the prefix itself', () => {
    const p = policy([
      rule(
        'chat',
        'allow',
        { from: ['any'], to: ['any'], methods: ['POST'], paths: ['/v1/chat/*'] },
        0,
      ),
      rule('chatx', 'deny', { from: ['any'], to: ['any'], paths: ['/v1/chat*'] }, 1),
    ]);
    checkCase(mlPlatform(), p, SAMPLE);
    expect(analyzePolicy(p, mlPlatform()).some((f) => f.kind === 'shadowed')).toBe(false);
  });
});
