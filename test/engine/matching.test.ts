/**
 * docs/language.md "Matching", clause by clause. Every case goes through the reference interpreter,
 * the compiled matcher and its linear scan (`decidingRule` checks they agree).
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../simulator/core/model.js';
import { compileMatcher, evaluateReference } from '../../simulator/engine/index.js';
import { decidingRule, mlPlatform, policy, rule } from './builders.js';

const t = mlPlatform();
const https = (src: string, host: string): Flow => ({ src, host, proto: 'tcp', port: 443 });

describe('destinations', () => {
  const p = policy([
    rule('exact', 'allow', { from: ['any'], to: ['api.openai.com'] }),
    rule('wild', 'allow', { from: ['any'], to: ['*.huggingface.co'] }),
  ]);

  it('a domain matches the host exactly', () => {
    expect(decidingRule(p, t, https('trainer', 'api.openai.com'))).toBe('exact');
    expect(decidingRule(p, t, https('trainer', 'x.api.openai.com'))).toBe('default');
  });

  it('a wildcard matches any depth below its suffix, never the apex', () => {
    expect(decidingRule(p, t, https('trainer', 'cdn-lfs.huggingface.co'))).toBe('wild');
    expect(decidingRule(p, t, https('trainer', 'a.b.c.huggingface.co'))).toBe('wild');
    expect(decidingRule(p, t, https('trainer', 'huggingface.co'))).toBe('default');
    expect(decidingRule(p, t, https('trainer', 'evilhuggingface.co'))).toBe('default');
  });

  it('domains match case-insensitively, without a trailing dot', () => {
    expect(decidingRule(p, t, https('trainer', 'API.OpenAI.com.'))).toBe('exact');
  });

  it('a CIDR matches the flow ip, or the ip the destination node stands in for', () => {
    const q = policy([rule('cdn', 'allow', { from: ['any'], to: ['151.101.0.0/16'] })]);
    expect(decidingRule(q, t, { src: 'trainer', ip: '151.101.9.9', proto: 'tcp', port: 443 })).toBe(
      'cdn',
    );
    expect(decidingRule(q, t, https('trainer', 'pypi.org'))).toBe('cdn');
    expect(decidingRule(q, t, https('trainer', 'huggingface.co'))).toBe('default');
  });

  it('zone:Z matches a destination node in Z, or an ip inside Z’s CIDRs', () => {
    const q = policy([rule('aws', 'allow', { from: ['any'], to: ['zone:aws'] })]);
    expect(decidingRule(q, t, https('trainer', 's3.amazonaws.com'))).toBe('aws');
    expect(decidingRule(q, t, { src: 'trainer', ip: '52.9.9.9', proto: 'tcp', port: 443 })).toBe(
      'aws',
    );
    expect(decidingRule(q, t, https('trainer', 'pypi.org'))).toBe('default');
  });

  it('node:N and role:R match the destination node', () => {
    const q = policy([
      rule('to-node', 'allow', { from: ['any'], to: ['node:pypi'] }),
      rule('to-role', 'allow', { from: ['any'], to: ['role:llm'] }),
    ]);
    expect(decidingRule(q, t, https('trainer', 'files.pythonhosted.org'))).toBe('to-node');
    expect(decidingRule(q, t, https('trainer', 'api.openai.com'))).toBe('to-role');
    expect(decidingRule(q, t, https('trainer', 'unknown.example.org'))).toBe('default');
  });
});

describe('sources', () => {
  it('role, node, zone and CIDR items', () => {
    const p = policy([
      rule('by-role', 'allow', { from: ['role:trainer'], to: ['any'] }),
      rule('by-node', 'allow', { from: ['node:notebook'], to: ['any'] }),
      rule('by-cidr', 'allow', { from: ['10.0.3.0/24'], to: ['any'] }),
      rule('by-zone', 'allow', { from: ['zone:vpc'], to: ['any'] }),
    ]);
    expect(decidingRule(p, t, https('trainer', 'pypi.org'))).toBe('by-role');
    expect(decidingRule(p, t, https('10.0.1.99', 'pypi.org'))).toBe('by-role');
    expect(decidingRule(p, t, https('notebook', 'pypi.org'))).toBe('by-node');
    expect(decidingRule(p, t, https('gateway', 'pypi.org'))).toBe('by-cidr');
    expect(decidingRule(p, t, https('dns', 'pypi.org'))).toBe('by-zone');
    expect(decidingRule(p, t, https('10.0.99.1', 'pypi.org'))).toBe('by-zone');
  });

  it('sets match when any member matches, whatever set they came through', () => {
    const p = policy([
      rule('nested', 'allow', {
        from: ['outer>inner>role:notebook', 'outer>10.9.0.0/16'],
        to: ['any'],
      }),
    ]);
    expect(decidingRule(p, t, https('notebook', 'pypi.org'))).toBe('nested');
    expect(decidingRule(p, t, https('trainer', 'pypi.org'))).toBe('default');
  });

  it('without a topology, node:N matches a src named N', () => {
    const p = policy([rule('gw', 'allow', { from: ['node:gateway'], to: ['api.openai.com'] })]);
    expect(decidingRule(p, undefined, https('gateway', 'api.openai.com'))).toBe('gw');
    expect(decidingRule(p, undefined, https('other', 'api.openai.com'))).toBe('default');
  });
});

describe('services, methods and paths', () => {
  const p = policy([
    rule('range', 'allow', { from: ['any'], to: ['any'], on: ['tcp/8000-8100'] }),
    rule('bare-udp', 'allow', { from: ['any'], to: ['any'], on: ['udp'] }),
    rule('ping', 'allow', { from: ['any'], to: ['any'], on: ['icmp'] }),
  ]);
  const at = (proto: Flow['proto'], port?: number): Flow => ({
    src: 'trainer',
    ip: '1.1.1.1',
    proto,
    ...(port === undefined ? {} : { port }),
  });

  it('a range includes both ends and nothing beyond', () => {
    expect(decidingRule(p, t, at('tcp', 7999))).toBe('default');
    expect(decidingRule(p, t, at('tcp', 8000))).toBe('range');
    expect(decidingRule(p, t, at('tcp', 8100))).toBe('range');
    expect(decidingRule(p, t, at('tcp', 8101))).toBe('default');
  });

  it('a bare protocol matches any port; icmp matches icmp only', () => {
    expect(decidingRule(p, t, at('udp', 1))).toBe('bare-udp');
    expect(decidingRule(p, t, at('udp', 65535))).toBe('bare-udp');
    expect(decidingRule(p, t, at('icmp'))).toBe('ping');
    expect(decidingRule(p, t, at('tcp', 443))).toBe('default');
  });

  it('no `on` clause matches every service', () => {
    const q = policy([rule('all', 'allow', { from: ['any'], to: ['any'] })]);
    expect(decidingRule(q, t, at('icmp'))).toBe('all');
    expect(decidingRule(q, t, at('udp', 53))).toBe('all');
  });

  it('methods: listed methods only; a flow without a method does not match', () => {
    const q = policy([
      rule('post', 'allow', { from: ['any'], to: ['api.openai.com'], methods: ['POST', 'PUT'] }),
    ]);
    const flow = https('gateway', 'api.openai.com');
    expect(decidingRule(q, t, { ...flow, method: 'POST' })).toBe('post');
    expect(decidingRule(q, t, { ...flow, method: 'GET' })).toBe('default');
    expect(decidingRule(q, t, flow)).toBe('default');
  });

  it('paths: exact or prefix; a flow without a path does not match', () => {
    const q = policy([
      rule('api', 'allow', {
        from: ['any'],
        to: ['api.openai.com'],
        paths: ['/v1/chat/*', '/v1/embeddings'],
      }),
    ]);
    const flow = https('gateway', 'api.openai.com');
    expect(decidingRule(q, t, { ...flow, path: '/v1/chat/completions' })).toBe('api');
    expect(decidingRule(q, t, { ...flow, path: '/v1/chat/' })).toBe('api');
    expect(decidingRule(q, t, { ...flow, path: '/v1/chat' })).toBe('default');
    expect(decidingRule(q, t, { ...flow, path: '/v1/embeddings' })).toBe('api');
    expect(decidingRule(q, t, { ...flow, path: '/v1/embeddings/x' })).toBe('default');
    expect(decidingRule(q, t, flow)).toBe('default');
  });
});

describe('deciding', () => {
  it('the first matching rule in file order decides', () => {
    const p = policy([
      rule('deny-meta', 'deny', { from: ['any'], to: ['169.254.169.254'] }),
      rule('allow-all', 'allow', { from: ['any'], to: ['any'] }),
    ]);
    const flow: Flow = { src: 'trainer', ip: '169.254.169.254', proto: 'tcp', port: 80 };
    expect(decidingRule(p, t, flow)).toBe('deny-meta');
    expect(evaluateReference(p, t, flow)).toEqual({
      verdict: 'deny',
      rule: 'deny-meta',
      log: false,
    });
  });

  it('the default decides when no rule matches, with its log flag', () => {
    const flow = https('trainer', 'example.org');
    const allow = policy([], { action: 'allow', log: true });
    expect(compileMatcher(allow, t).evaluate(flow)).toEqual({
      verdict: 'allow',
      rule: 'default',
      log: true,
    });
    expect(compileMatcher(policy([]), t).evaluate(flow)).toEqual({
      verdict: 'deny',
      rule: 'default',
      log: false,
    });
  });

  it('the guard comes first: an external source is denied as inbound whatever the rules say', () => {
    const p = policy([rule('all', 'allow', { from: ['any'], to: ['any'] })], { log: true });
    const flow = https('8.8.8.8', 'pypi.org');
    expect(compileMatcher(p, t).evaluate(flow)).toEqual({
      verdict: 'deny',
      rule: 'inbound',
      log: true,
    });
    expect(evaluateReference(p, t, flow)).toEqual({ verdict: 'deny', rule: 'inbound', log: true });
  });

  it('a rule’s log flag is the verdict’s', () => {
    const p = policy([rule('logged', 'allow', { from: ['any'], to: ['any'], log: true })]);
    expect(compileMatcher(p, t).evaluate(https('trainer', 'x.example.org')).log).toBe(true);
  });

  it('verdicts are shared and frozen', () => {
    const m = compileMatcher(policy([rule('a', 'allow', { from: ['any'], to: ['any'] })]), t);
    const v = m.evaluate(https('trainer', 'x.example.org'));
    expect(m.evaluate(https('notebook', 'y.example.org'))).toBe(v);
    expect(Object.isFrozen(v)).toBe(true);
  });
});
