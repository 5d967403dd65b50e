import { describe, expect, it } from 'vitest';
import type { Flow } from '../../simulator/core/model.js';
import { explainFlow } from '../../simulator/engine/index.js';
import type { ClauseName, Explanation } from '../../simulator/engine/index.js';
import { mlPlatform, policy, rule } from './builders.js';

const t = mlPlatform();
const p = policy(
  [
    rule('no-metadata', 'deny', { from: ['any'], to: ['metadata>169.254.169.254'] }),
    rule('train-deps', 'allow', {
      from: ['role:trainer'],
      to: ['pypi>pypi.org', 'hf>*.huggingface.co'],
      on: ['tcp/443'],
      description: 'Training jobs install their dependencies.',
    }),
    rule('llm', 'allow', {
      from: ['node:gateway'],
      to: ['api.openai.com'],
      on: ['tcp/443'],
      methods: ['POST'],
      paths: ['/v1/chat/*'],
    }),
    rule('web', 'allow', { from: ['zone:vpc'], to: ['any'], on: ['web>tcp/80', 'web>tcp/443'] }),
    rule('web-again', 'allow', { from: ['any'], to: ['any'], on: ['tcp'] }),
  ],
  { log: true },
);

function clause(e: Explanation, ruleId: string, name: ClauseName) {
  const trace = e.rules.find((r) => r.id === ruleId);
  const c = trace?.clauses.find((x) => x.clause === name);
  if (!c) throw new Error(`no ${name} clause traced for ${ruleId}`);
  return c;
}

describe('explainFlow', () => {
  it('traces every rule up to the deciding one, with a reason per clause', () => {
    const flow: Flow = { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 };
    const e = explainFlow(p, t, flow);
    expect(e.verdict).toEqual({ verdict: 'allow', rule: 'train-deps', log: false });
    expect(e.decidedBy).toEqual({ kind: 'rule', id: 'train-deps', index: 1 });
    expect(e.rules.map((r) => [r.id, r.matched])).toEqual([
      ['no-metadata', false],
      ['train-deps', true],
    ]);
    expect(e.description).toBe('Training jobs install their dependencies.');
    expect(clause(e, 'train-deps', 'from').reason).toBe('source role trainer ∈ role:trainer');
    expect(clause(e, 'train-deps', 'to')).toMatchObject({
      matched: true,
      reason: 'host pypi.org = pypi.org (via set pypi)',
      item: { text: 'pypi.org', via: ['pypi'] },
    });
    expect(clause(e, 'train-deps', 'on').reason).toBe('tcp/443 ∈ tcp/443');
    expect(clause(e, 'train-deps', 'methods')).toMatchObject({ present: false, matched: true });
    // The destination's ip came from the topology (static DNS), so the metadata rule saw it.
    expect(clause(e, 'no-metadata', 'to').reason).toBe(
      'ip 151.101.0.223 ∉ 169.254.169.254 (via set metadata)',
    );
    expect(e.shadowed).toEqual(['web', 'web-again']);
  });

  it('says why a wildcard misses its apex and why a port is out of range', () => {
    const e = explainFlow(p, t, { src: 'trainer', host: 'huggingface.co', proto: 'tcp', port: 80 });
    expect(clause(e, 'train-deps', 'to').reason).toBe(
      'destination (host huggingface.co; ip —; node hf) matches none of pypi.org, *.huggingface.co' +
        ' (*.huggingface.co does not match its apex huggingface.co)',
    );
    expect(clause(e, 'train-deps', 'on').reason).toBe('port 80 not in tcp/443');
    expect(e.verdict.rule).toBe('web');
  });

  it('explains HTTP clauses', () => {
    const e = explainFlow(p, t, {
      src: 'gateway',
      host: 'api.openai.com',
      proto: 'tcp',
      port: 443,
      method: 'GET',
      path: '/v1/models',
    });
    expect(clause(e, 'llm', 'from').reason).toBe('source node gateway = node:gateway');
    expect(clause(e, 'llm', 'methods').reason).toBe('method GET not in POST');
    expect(clause(e, 'llm', 'paths').reason).toBe('path /v1/models does not match /v1/chat/*');
    const chat = explainFlow(p, t, {
      src: 'gateway',
      host: 'api.openai.com',
      proto: 'tcp',
      port: 443,
      method: 'POST',
      path: '/v1/chat/completions',
    });
    expect(chat.verdict.rule).toBe('llm');
    expect(clause(chat, 'llm', 'paths').reason).toBe(
      'path /v1/chat/completions starts with /v1/chat/ (/v1/chat/*)',
    );
  });

  it('stops at the guard for an external source', () => {
    const e = explainFlow(p, t, { src: '8.8.8.8', host: 'pypi.org', proto: 'tcp', port: 443 });
    expect(e.decidedBy).toEqual({ kind: 'inbound' });
    expect(e.rules).toEqual([]);
    expect(e.verdict).toEqual({ verdict: 'deny', rule: 'inbound', log: true });
    expect(e.guard).toEqual({
      external: true,
      reason:
        'source ip 8.8.8.8 belongs to no node and lies in no internal zone: treated as external',
    });
  });

  it('names the default when nothing matches, and reports a malformed flow', () => {
    const e = explainFlow(p, t, { src: 'trainer', ip: '1.1.1.1', proto: 'udp', port: 53 });
    expect(e.decidedBy).toEqual({ kind: 'default' });
    expect(e.rules).toHaveLength(5);
    expect(e.verdict).toEqual({ verdict: 'deny', rule: 'default', log: true });
    expect(e.problem).toBeUndefined();
    const bad = explainFlow(p, t, { src: 'trainr', host: 'pypi.org', proto: 'tcp', port: 443 });
    expect(bad.problem).toMatch(/did you mean "trainer"/);
    expect(bad.guard.reason).toBe(
      'source "trainr" is not a node of the topology and has no address: treated as external',
    );
  });

  it('describes the resolved endpoints', () => {
    const e = explainFlow(p, t, { src: '10.0.1.20', host: 'pypi.org', proto: 'tcp', port: 443 });
    expect(e.source).toMatchObject({
      name: 'trainer',
      node: 'trainer',
      ip: '10.0.1.20',
      ipFromNode: false,
      zone: 'vpc',
      zoneKind: 'internal',
      external: false,
    });
    expect(e.destination).toMatchObject({
      node: 'pypi',
      host: 'pypi.org',
      ip: '151.101.0.223',
      ipImplied: true,
    });
    expect(e.destination.summary).toBe(
      'host pypi.org; ip 151.101.0.223 (first address of the node); node pypi (lists the host; zone internet)',
    );
  });

  it('works without a topology', () => {
    const e = explainFlow(p, undefined, {
      src: 'gateway',
      host: 'x.example.org',
      proto: 'tcp',
      port: 80,
    });
    expect(e.guard.reason).toBe('no topology: every source is internal');
    expect(e.verdict.rule).toBe('web-again');
    expect(clause(e, 'web', 'from').reason).toBe('source zone — ≠ zone:vpc');
  });
});
