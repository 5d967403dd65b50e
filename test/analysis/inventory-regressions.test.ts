/**
 * Named cases of the inventory: the examples' universes, and every failing seed of
 * exactness.test.ts, each checked by the same brute force.
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../simulator/core/model.js';
import { buildInventory } from '../../simulator/analysis/inventory.js';
import { mlPlatform, policy, rule } from '../engine/builders.js';
import { exampleInput, exampleNames } from '../export-cloud/cloud-exports.js';
import { checkInventory, universe } from './check-inventory.js';

const f = (fields: Partial<Flow>): Flow => ({ src: 'x', proto: 'tcp', ...fields });

describe('inventory regressions', () => {
  it('a default that allows is in the inventory, as the default (found by the property test)', () => {
    const p = policy(
      [rule('no-pypi', 'deny', { from: ['any'], to: ['pypi.org'], on: ['tcp/443'] })],
      { action: 'allow' },
    );
    const t = mlPlatform();
    const inventory = buildInventory(p, t);
    expect(new Set(inventory.allowed.map((c) => c.rule))).toEqual(new Set(['default']));
    expect(inventory.findings.map((x) => x.kind)).toContain('any-destination');
    checkInventory(
      t,
      p,
      universe(
        [f({ src: 'notebook' }), f({ src: '10.0.1.5' }), f({ src: '8.8.8.8' })],
        [f({ host: 'pypi.org' }), f({ host: 'unknown.example' })],
        [f({ ip: '10.0.1.5' }), f({ ip: '169.254.169.254' })],
        [f({ port: 443 }), f({ port: 80 }), { src: 'x', proto: 'icmp' }],
        [f({})],
        [f({}), f({ path: '/' })],
      ),
    );
  });

  for (const name of exampleNames()) {
    it(`${name}: every flow of the example's universe lies in the class of its allowing rule`, () => {
      const { policy: p, topology: t } = exampleInput(name);
      const sources = (t?.nodes ?? []).map((n) => f({ src: n.id }));
      const hosts = (t?.nodes ?? []).flatMap((n) => n.hosts.map((h) => f({ host: h })));
      const ips = [
        ...(t?.nodes ?? []).flatMap((n) => n.addresses.map((a) => f({ ip: a.split('/')[0]! }))),
        f({ ip: '169.254.169.254' }),
        f({ ip: '8.8.8.8' }),
      ];
      const services = [
        'tcp/443',
        'tcp/53',
        'udp/53',
        'tcp/3128',
        'tcp/6333',
        'tcp/8443',
        'tcp/80',
      ].map((s) => f({ proto: s.split('/')[0] as 'tcp' | 'udp', port: Number(s.split('/')[1]) }));
      const methods = [f({}), f({ method: 'POST' }), f({ method: 'GET' })];
      const paths = [
        f({}),
        f({ path: '/v1/embed' }),
        f({ path: '/v1/models/x' }),
        f({ path: '/v2/chat' }),
      ];
      checkInventory(
        t,
        p,
        universe(
          sources,
          [...hosts, f({ host: 'x.huggingface.co' })],
          ips,
          services,
          methods,
          paths,
        ),
      );
    });
  }
});
