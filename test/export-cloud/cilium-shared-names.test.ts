/**
 * Name allows every role carries are written once, in a policy selecting all roles
 * (docs/exporters.md "Targets"). Cilium allows the union of the selecting policies, and each
 * role's egressDeny must still refuse the shared names where that role's denies decide.
 */
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../simulator/engine/index.js';
import { exportCilium } from '../../simulator/export/cilium.js';
import { ciliumAllows, parseYamlStream } from './evaluators.js';
import type { Connection, Obj } from './evaluators.js';
import { input, node, policy, rule, topology, zone } from './builders.js';

const ROLE = 'egress-studio/role';
const t = topology(
  [zone('vpc', 'internal', ['10.0.0.0/16']), zone('internet', 'external')],
  [
    node('a1', 'vpc', { roles: ['alpha'], addresses: ['10.0.1.0/24'] }),
    node('b1', 'vpc', { roles: ['beta'], addresses: ['10.0.2.0/24'] }),
  ],
);
const p = policy([
  rule('alpha-no-range', 'deny', { from: ['role:alpha'], to: ['203.0.113.0/24'], on: ['tcp/443'] }),
  rule('everyone-api', 'allow', { from: ['zone:vpc'], to: ['api.example.com'], on: ['tcp/443'] }),
  rule('beta-docs', 'allow', { from: ['role:beta'], to: ['docs.example.com'], on: ['tcp/443'] }),
]);
const result = exportCilium(input(p, t));
const objects = parseYamlStream(result.files[0]!.content);

function named(name: string): Obj {
  return objects.find((o) => (o.metadata as Obj).name === name)!;
}

function fqdnNames(o: Obj): string[] {
  const egress = ((o.spec as Obj).egress as Obj[] | undefined) ?? [];
  return egress.flatMap((r) =>
    ((r.toFQDNs as Obj[] | undefined) ?? []).map((f) => f.matchName as string),
  );
}

describe('cilium: names every role may reach', () => {
  it('are written once, in a policy selecting every role', () => {
    const shared = named('egress-studio-all-roles');
    expect(fqdnNames(shared)).toEqual(['api.example.com']);
    expect((shared.spec as Obj).endpointSelector).toEqual({
      matchExpressions: [{ key: ROLE, operator: 'In', values: ['alpha', 'beta'] }],
    });
    // A name only one role may reach stays in that role's policy.
    expect(fqdnNames(named('egress-studio-role-beta'))).toEqual(['docs.example.com']);
    expect(fqdnNames(named('egress-studio-role-alpha'))).toEqual([]);
  });

  it("still meet each role's own denies, as the simulator decides", () => {
    const matcher = compileMatcher(p, t);
    const cases: [string, string, string][] = [
      ['a1', 'alpha', '203.0.113.7'],
      ['a1', 'alpha', '198.51.100.7'],
      ['b1', 'beta', '203.0.113.7'],
    ];
    for (const [src, role, ip] of cases) {
      const flow = { src, host: 'api.example.com', ip, proto: 'tcp' as const, port: 443 };
      const verdict = matcher.evaluate(flow).verdict;
      const c: Connection = { src: { [ROLE]: role }, ip, dstPod: null, proto: 'tcp', port: 443 };
      expect({ src, ip, allowed: ciliumAllows(objects, { ...c, host: flow.host }) }).toEqual({
        src,
        ip,
        allowed: verdict === 'allow',
      });
    }
    // The first case is the deny: the comparison must have bitten.
    expect(
      matcher.evaluate({
        src: 'a1',
        host: 'api.example.com',
        ip: '203.0.113.7',
        proto: 'tcp',
        port: 443,
      }).verdict,
    ).toBe('deny');
  });
});
