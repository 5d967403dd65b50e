/**
 * Every object the kubernetes, cilium and istio exporters write validates against the
 * target's published schema (schema-validators.ts), for the example projects and for seeded
 * random projects; and the validators bite: a broken field of a real exported object fails.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Exporter } from '../../simulator/export/types.js';
import { ciliumExporter } from '../../simulator/export/cilium.js';
import { istioExporter } from '../../simulator/export/istio.js';
import { kubernetesExporter } from '../../simulator/export/kubernetes.js';
import { exampleInput, exampleNames, onlyFile, randomInput } from './cloud-exports.js';
import { parseYamlStream } from './evaluators.js';
import type { Obj } from './evaluators.js';
import {
  SCHEMAS_DIR,
  SCHEMA_FILES,
  ciliumErrors,
  istioErrors,
  networkPolicyErrors,
} from './schema-validators.js';

const RANDOM_SEEDS = 40;

interface Target {
  exporter: Exporter;
  errors: (obj: Obj) => string[];
  kinds: string[];
}

const TARGETS: Target[] = [
  { exporter: kubernetesExporter, errors: networkPolicyErrors, kinds: ['NetworkPolicy'] },
  { exporter: ciliumExporter, errors: ciliumErrors, kinds: ['CiliumNetworkPolicy'] },
  { exporter: istioExporter, errors: istioErrors, kinds: ['ServiceEntry', 'Sidecar'] },
];

function invalid(target: Target, objects: Obj[]): string[] {
  return objects.flatMap((o) =>
    target.errors(o).map((e) => `${String(o.kind)} ${String((o.metadata as Obj).name)}: ${e}`),
  );
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

describe('schemas of the shared contract', () => {
  it('are kept in the repository (test/fixtures/schemas)', () => {
    for (const file of Object.values(SCHEMA_FILES)) {
      expect(existsSync(join(SCHEMAS_DIR, file)), `${SCHEMAS_DIR}/${file}`).toBe(true);
    }
  });
});

describe('exported objects validate', () => {
  for (const target of TARGETS) {
    for (const name of exampleNames()) {
      it(`${name} → ${target.exporter.target}`, () => {
        const objects = parseYamlStream(onlyFile(target.exporter, exampleInput(name)));
        expect(objects.length).toBeGreaterThan(0);
        for (const o of objects) expect(target.kinds).toContain(o.kind);
        expect(invalid(target, objects)).toEqual([]);
      });
    }
    it(`${target.exporter.target}: ${RANDOM_SEEDS} seeded random projects, with and without names`, () => {
      let count = 0;
      for (let seed = 1; seed <= RANDOM_SEEDS; seed++) {
        for (const names of [false, true]) {
          const objects = parseYamlStream(onlyFile(target.exporter, randomInput(seed, names)));
          count += objects.length;
          const errors = invalid(target, objects);
          expect(errors, `seed ${seed}${names ? ' with names' : ''}`).toEqual([]);
        }
      }
      expect(count).toBeGreaterThan(RANDOM_SEEDS * 2);
    });
  }
});

describe('the validators reject broken objects', () => {
  const k8s = parseYamlStream(onlyFile(kubernetesExporter, exampleInput('ml-training')));
  const cilium = parseYamlStream(onlyFile(ciliumExporter, exampleInput('ml-training')));
  const istio = parseYamlStream(onlyFile(istioExporter, exampleInput('ml-training')));
  const withEgress = (objects: Obj[]) =>
    clone(objects.find((o) => ((o.spec as Obj).egress as unknown[] | undefined)?.length)!);

  it('NetworkPolicy: a misspelt field, a bad enum, a bad port, an except outside its cidr', () => {
    const base = withEgress(k8s);
    expect(networkPolicyErrors(base)).toEqual([]);
    const misspelt = clone(base);
    ((misspelt.spec as Obj).egress as Obj[])[0]!.too = [];
    expect(networkPolicyErrors(misspelt).join()).toMatch(/egress\[\]\.too: unknown field/);
    const badType = clone(base);
    (badType.spec as Obj).policyTypes = ['Egres'];
    expect(networkPolicyErrors(badType)).not.toEqual([]);
    const badPort = clone(base);
    (((badPort.spec as Obj).egress as Obj[])[0]!.ports as Obj[])[0]!.port = { n: 1 };
    expect(networkPolicyErrors(badPort)).not.toEqual([]);
    const badExcept = clone(base);
    ((badExcept.spec as Obj).egress as Obj[])[0]!.to = [
      { ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } },
    ];
    expect(networkPolicyErrors(badExcept).join()).toMatch(/not strictly inside/);
  });

  it('CiliumNetworkPolicy: a misspelt field, a bad CIDR, a bad protocol', () => {
    const base = withEgress(cilium);
    expect(ciliumErrors(base)).toEqual([]);
    const misspelt = clone(base);
    ((misspelt.spec as Obj).egress as Obj[])[0]!.toFQDN = [{ matchName: 'pypi.org' }];
    expect(ciliumErrors(misspelt)).not.toEqual([]);
    const badCidr = clone(base);
    ((badCidr.spec as Obj).egress as Obj[])[0] = { toCIDRSet: [{ cidr: '10.0.0.300/8' }] };
    expect(ciliumErrors(badCidr)).not.toEqual([]);
    const badProtocol = clone(base);
    ((badProtocol.spec as Obj).egress as Obj[])[0] = {
      toEntities: ['world'],
      toPorts: [{ ports: [{ port: '443', protocol: 'TCPX' }] }],
    };
    expect(ciliumErrors(badProtocol)).not.toEqual([]);
  });

  it('Istio: a Sidecar with a bad mode, ServiceEntries without hosts or with a bad port', () => {
    const sidecar = clone(istio.find((o) => o.kind === 'Sidecar')!);
    const entry = clone(istio.find((o) => o.kind === 'ServiceEntry')!);
    expect([...istioErrors(sidecar), ...istioErrors(entry)]).toEqual([]);
    ((sidecar.spec as Obj).outboundTrafficPolicy as Obj).mode = 'REGISTRY';
    expect(istioErrors(sidecar)).not.toEqual([]);
    const noHosts = clone(entry);
    delete (noHosts.spec as Obj).hosts;
    expect(istioErrors(noHosts)).not.toEqual([]);
    const badPort = clone(entry);
    ((badPort.spec as Obj).ports as Obj[])[0]!.number = 'https';
    expect(istioErrors(badPort)).not.toEqual([]);
    const misspelt = clone(entry);
    (misspelt.spec as Obj).resolutions = 'DNS';
    expect(istioErrors(misspelt)).not.toEqual([]);
  });
});
