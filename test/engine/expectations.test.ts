import { describe, expect, it } from 'vitest';
import type { Expectation, Topology } from '../../simulator/core/model.js';
import {
  buildExpectFlow,
  compileMatcher,
  parseEdgeService,
  runPolicyTests,
} from '../../simulator/engine/index.js';
import { R0, mlPlatform, node, policy, rule, topology, zone } from './builders.js';

function expectation(
  fields: Partial<Expectation> & Pick<Expectation, 'verdict' | 'target'>,
): Expectation {
  return {
    endpoint: { kind: 'node', name: 'trainer' },
    proto: 'tcp',
    port: 443,
    range: R0,
    ...fields,
  };
}

const rules = [
  rule('no-metadata', 'deny', { from: ['any'], to: ['169.254.169.254'] }),
  rule('train-deps', 'allow', {
    from: ['role:trainer'],
    to: ['pypi.org', '*.huggingface.co'],
    on: ['tcp/443'],
  }),
  rule('dns', 'allow', { from: ['zone:vpc'], to: ['10.0.0.2'], on: ['udp/53', 'tcp/53'] }),
  rule('registry', 'allow', { from: ['role:trainer'], to: ['node:s3'], on: ['tcp/8000-8100'] }),
];

describe('runPolicyTests: expect lines', () => {
  const t = mlPlatform();

  it('builds each flow as docs/language.md says and compares verdict and deciding rule', () => {
    const p = policy(
      rules,
      {},
      {
        expectations: [
          expectation({
            verdict: 'allow',
            target: { kind: 'domain', domain: 'pypi.org' },
            by: 'train-deps',
          }),
          expectation({ verdict: 'deny', target: { kind: 'domain', domain: 'api.openai.com' } }),
          expectation({
            verdict: 'deny',
            target: { kind: 'domain', domain: 'huggingface.co' },
            by: 'default',
          }),
          expectation({
            verdict: 'allow',
            target: { kind: 'node', name: 'pypi' },
            by: 'no-metadata',
          }),
          expectation({
            verdict: 'deny',
            endpoint: { kind: 'ip', ip: '8.8.8.8' },
            target: { kind: 'domain', domain: 'pypi.org' },
            by: 'inbound',
          }),
          expectation({
            verdict: 'allow',
            endpoint: { kind: 'node', name: 'notebook' },
            target: { kind: 'ip', ip: '10.0.0.2' },
            proto: 'udp',
            port: 53,
            by: 'dns',
          }),
        ],
      },
    );
    const report = runPolicyTests(p, t);
    expect(report.results.map((r) => [r.label, r.passed, r.actual?.rule])).toEqual([
      ['expect allow node:trainer -> pypi.org on tcp/443 by train-deps', true, 'train-deps'],
      ['expect deny node:trainer -> api.openai.com on tcp/443', true, 'default'],
      ['expect deny node:trainer -> huggingface.co on tcp/443 by default', true, 'default'],
      ['expect allow node:trainer -> node:pypi on tcp/443 by no-metadata', false, 'train-deps'],
      ['expect deny 8.8.8.8 -> pypi.org on tcp/443 by inbound', true, 'inbound'],
      ['expect allow node:notebook -> 10.0.0.2 on udp/53 by dns', true, 'dns'],
    ]);
    expect(report.results[3]).toMatchObject({
      kind: 'expect',
      flow: { src: 'trainer', host: 'pypi.org', ip: '151.101.0.223', proto: 'tcp', port: 443 },
      expected: { verdict: 'allow', by: 'no-metadata' },
      range: R0,
    });
    expect([report.passed, report.failed]).toEqual([5, 1]);
  });

  it('carries method and path into the flow', () => {
    const built = buildExpectFlow(
      { kind: 'node', name: 'gateway' },
      { kind: 'domain', domain: 'api.openai.com' },
      { proto: 'tcp', port: 443, method: 'POST', path: '/v1/chat/completions' },
      t,
    );
    expect(built).toEqual({
      ok: true,
      flow: {
        src: 'gateway',
        host: 'api.openai.com',
        proto: 'tcp',
        port: 443,
        method: 'POST',
        path: '/v1/chat/completions',
      },
    });
  });

  it('fails with a problem when no flow can be built', () => {
    const p = policy(
      rules,
      {},
      {
        expectations: [
          expectation({ verdict: 'allow', target: { kind: 'node', name: 'pypy' } }),
          expectation({
            verdict: 'allow',
            endpoint: { kind: 'node', name: 'trainr' },
            target: { kind: 'domain', domain: 'pypi.org' },
          }),
        ],
      },
    );
    const bare = topology([...t.zones], [...t.nodes, node('vector-db', 'vpc')]);
    const results = runPolicyTests(
      {
        ...p,
        expectations: [
          ...p.expectations,
          expectation({ verdict: 'allow', target: { kind: 'node', name: 'vector-db' } }),
        ],
      },
      bare,
    ).results;
    expect(results.map((r) => [r.passed, r.problem, r.actual])).toEqual([
      [false, 'unknown node "pypy" (did you mean "pypi"?)', null],
      [false, 'unknown node "trainr" (did you mean "trainer"?)', null],
      [
        false,
        'node vector-db has no host and no address, so no flow can name it; give it an address or a host',
        null,
      ],
    ]);
  });

  it('without a topology, a node endpoint is a name and a node target is a problem', () => {
    const p = policy(
      [rule('gw', 'allow', { from: ['node:gateway'], to: ['api.openai.com'] })],
      {},
      {
        expectations: [
          expectation({
            verdict: 'allow',
            endpoint: { kind: 'node', name: 'gateway' },
            target: { kind: 'domain', domain: 'api.openai.com' },
            by: 'gw',
          }),
          expectation({ verdict: 'allow', target: { kind: 'node', name: 'openai' } }),
        ],
      },
    );
    const results = runPolicyTests(p).results;
    expect(results[0]).toMatchObject({ passed: true, actual: { rule: 'gw' } });
    expect(results[1]).toMatchObject({
      passed: false,
      problem: 'node:openai needs a topology, and this policy has none',
    });
  });
});

describe('runPolicyTests: edge conformance', () => {
  const base = mlPlatform();
  const withEdges = (edges: Topology['edges']): Topology => ({ ...base, edges });

  it('every edge is an implied allow, ranges checked at their lowest port', () => {
    const t = withEdges([
      { from: 'trainer', to: 'pypi', service: 'tcp/443', note: 'install dependencies' },
      { from: 'trainer', to: 's3', service: 'tcp/8000-8100' },
      { from: 'notebook', to: 'dns', service: 'udp/53' },
      { from: 'notebook', to: 'openai', service: 'tcp/443' },
      { from: 'trainer', to: 'pypi', service: 'icmp' },
      { from: 'pypi', to: 'trainer', service: 'tcp/22' },
    ]);
    const report = runPolicyTests(policy(rules), t);
    expect(report.results.map((r) => [r.label, r.passed, r.actual?.rule])).toEqual([
      ['edge trainer -> pypi on tcp/443 (install dependencies)', true, 'train-deps'],
      ['edge trainer -> s3 on tcp/8000-8100', true, 'registry'],
      ['edge notebook -> dns on udp/53', true, 'dns'],
      ['edge notebook -> openai on tcp/443', false, 'default'],
      ['edge trainer -> pypi on icmp', false, 'default'],
      ['edge pypi -> trainer on tcp/22', false, 'inbound'],
    ]);
    expect(report.results[1]).toMatchObject({
      kind: 'edge',
      edge: 1,
      expected: { verdict: 'allow' },
      flow: {
        src: 'trainer',
        host: 's3.amazonaws.com',
        ip: '52.216.0.1',
        proto: 'tcp',
        port: 8000,
      },
    });
  });

  it('reports an edge whose service is not concrete', () => {
    const t = withEdges([{ from: 'trainer', to: 'pypi', service: 'tcp' }]);
    expect(runPolicyTests(policy(rules), t).results[0]).toMatchObject({
      passed: false,
      flow: null,
      problem: 'edge service "tcp" is not tcp/PORT, udp/PORT, a port range or icmp',
    });
  });

  it('uses the matcher it is given', () => {
    const t = withEdges([{ from: 'trainer', to: 'pypi', service: 'tcp/443' }]);
    const other = policy([rule('everything', 'allow', { from: ['any'], to: ['any'] })]);
    const report = runPolicyTests(policy(rules), t, compileMatcher(other, t));
    expect(report.results[0]?.actual?.rule).toBe('everything');
  });
});

describe('parseEdgeService', () => {
  it.each([
    ['tcp/443', { proto: 'tcp', port: 443 }],
    ['udp/53', { proto: 'udp', port: 53 }],
    ['tcp/8000-8100', { proto: 'tcp', port: 8000 }],
    ['icmp', { proto: 'icmp' }],
    // Read as the topology's validator reads it (which accepts and normalises it).
    ['TCP/000443', { proto: 'tcp', port: 443 }],
    ['tcp/0', null],
    ['tcp/9-3', null],
    ['udp', null],
    ['http/80', null],
  ])('%s', (text, parsed) => {
    expect(parseEdgeService(text)).toEqual(parsed);
  });
});

describe('zones in topology builders', () => {
  it('a topology without edges runs only expectations', () => {
    const t = topology([zone('vpc', 'internal', ['10.0.0.0/8'])], [node('a', 'vpc')]);
    expect(runPolicyTests(policy([]), t)).toEqual({ results: [], passed: 0, failed: 0 });
  });
});
