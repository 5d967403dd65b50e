/** `parseFlowSpec`: the flow argument of `egress explain`. */
import { describe, expect, it } from 'vitest';
import { parseFlowSpec } from '../../simulator/language/index.js';

describe('parseFlowSpec', () => {
  it('reads a node source, a domain target, service, method and path', () => {
    expect(
      parseFlowSpec('node:trainer -> pypi.org on tcp/443 method GET path /simple/torch/'),
    ).toEqual({
      spec: {
        endpoint: { kind: 'node', name: 'trainer' },
        target: { kind: 'domain', domain: 'pypi.org' },
        proto: 'tcp',
        port: 443,
        method: 'GET',
        path: '/simple/torch/',
      },
      diagnostics: [],
    });
  });

  it('reads IP endpoints, node targets and icmp, canonicalising addresses', () => {
    expect(parseFlowSpec('2001:DB8::1->node:gw on icmp').spec).toEqual({
      endpoint: { kind: 'ip', ip: '2001:db8::1' },
      target: { kind: 'node', name: 'gw' },
      proto: 'icmp',
    });
    expect(parseFlowSpec('10.0.0.1 -> 1.1.1.1 on udp/53').spec?.target).toEqual({
      kind: 'ip',
      ip: '1.1.1.1',
    });
  });

  it('rejects what a single flow cannot be, with suggestions', () => {
    const messages = (text: string) => parseFlowSpec(text).diagnostics.map((d) => d.message);
    expect(messages('trainer -> pypi.org on tcp/443')[0]).toContain('did you mean "node:trainer"?');
    expect(messages('node:a -> *.x.com on tcp/443')[0]).toContain('a flow goes to one host name');
    expect(messages('node:a -> x.com on tcp')[0]).toContain('tcp alone has no port');
    expect(messages('node:a -> x.com on tcp/443 by r')[0]).toContain(
      'expected "method", "path" or the end',
    );
    expect(messages('node:a x.com on tcp/443')[0]).toContain('expected "->"');
    expect(messages('')[0]).toContain('expected a flow');
    expect(messages('nod:a -> x.com on tcp/443')[0]).toContain('did you mean "node:a"?');
  });

  it('gives no spec when there is any error', () => {
    const result = parseFlowSpec('node:a -> x.com on tcp/443 method get');
    expect(result.spec).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.range?.start.column])).toEqual([
      ['EGS1107', 35],
    ]);
  });
});
