/**
 * Validators for exported Kubernetes-family objects:
 * - NetworkPolicy with kubernetes-models (the published OpenAPI schema), plus what the
 *   API server adds: unknown fields are rejected (`kubectl --validate=strict`, the default)
 *   and an ipBlock's `except` entries lie strictly inside its `cidr`;
 * - CiliumNetworkPolicy, Istio Sidecar and ServiceEntry with ajv against the CRD schemas in
 *   test/fixtures/schemas (their openAPIV3Schema documents). CRD schemas prune unknown fields
 *   where the server is lenient; here every object schema is closed, so a misspelt field —
 *   which the cluster would silently drop, widening the policy — fails.
 * `x-kubernetes-validations` (CEL) are not evaluated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { cidrContainsCidr, parseCidr } from '../../simulator/net/ip.js';
import { isDomainProblem, parseDomainPattern } from '../../simulator/util/domain.js';

/** The published CRD schemas, kept in the repository. */
export const SCHEMAS_DIR = resolve(import.meta.dirname, '../fixtures/schemas');

export const SCHEMA_FILES = {
  cilium: 'ciliumnetworkpolicy_v2.json',
  sidecar: 'istio-sidecar_v1.json',
  serviceEntry: 'istio-serviceentry_v1.json',
} as const;

type Json = Record<string, unknown>;

/**
 * Adds `additionalProperties: false` to every object schema that lists its properties
 * (not to `anyOf`/`oneOf` branches, which name properties only to require them).
 */
export function closeSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    // Property names are data, not schemas: close their values, not the map itself.
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, closeSchema(s)]))
        : closeSchema(v);
  }
  if (
    out.type === 'object' &&
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** A CRD's openAPIV3Schema, with the object envelope every resource has. */
function resourceSchema(file: string): Json {
  const path = join(SCHEMAS_DIR, file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: see test/fixtures/schemas/README.md`);
  }
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Json;
  const properties = { ...(raw.properties as Json) };
  properties.apiVersion ??= { type: 'string' };
  properties.kind ??= { type: 'string' };
  properties.metadata ??= { type: 'object' };
  return closeSchema({ ...raw, properties }) as Json;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** CRD patterns are Go (RE2) syntax: `\\PC` is JavaScript's `\\P{C}`. */
function goRegExp(pattern: string, flags: string): RegExp {
  return new RegExp(pattern.replace(/\\([pP])([A-Z])/g, '\\$1{$2}'), flags);
}
goRegExp.code = 'goRegExp';

function makeAjv(): Ajv {
  // strict: false — CRD schemas carry x-kubernetes-* keywords ajv does not know.
  const ajv = addFormats(
    new Ajv({ allErrors: true, strict: false, unicodeRegExp: true, code: { regExp: goRegExp } }),
  );
  ajv.addFormat('cidr', (text: string) => parseCidr(text) !== null);
  ajv.addFormat('idn-hostname', (text: string) => {
    const p = parseDomainPattern(text);
    return !isDomainProblem(p) && !p.wildcard;
  });
  ajv.addFormat('int32', true);
  ajv.addFormat('int64', true);
  return ajv;
}

let compiled: Record<keyof typeof SCHEMA_FILES, ValidateFunction> | undefined;

function validators(): Record<keyof typeof SCHEMA_FILES, ValidateFunction> {
  if (compiled === undefined) {
    const ajv = makeAjv();
    compiled = {
      cilium: ajv.compile(resourceSchema(SCHEMA_FILES.cilium)),
      sidecar: ajv.compile(resourceSchema(SCHEMA_FILES.sidecar)),
      serviceEntry: ajv.compile(resourceSchema(SCHEMA_FILES.serviceEntry)),
    };
  }
  return compiled;
}

function ajvErrors(validate: ValidateFunction, obj: unknown): string[] {
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

// ---------------------------------------------------------------------------------------
// NetworkPolicy: fields of networking.k8s.io/v1 (and the object metadata this tool sets).
// ---------------------------------------------------------------------------------------

const SELECTOR = ['matchLabels', 'matchExpressions'];
const NP_FIELDS: Record<string, readonly string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  metadata: ['name', 'namespace', 'labels', 'annotations'],
  spec: ['podSelector', 'policyTypes', 'ingress', 'egress'],
  'spec.podSelector': SELECTOR,
  'spec.egress[]': ['to', 'ports'],
  'spec.ingress[]': ['from', 'ports'],
  'spec.egress[].to[]': ['ipBlock', 'podSelector', 'namespaceSelector'],
  'spec.ingress[].from[]': ['ipBlock', 'podSelector', 'namespaceSelector'],
  'spec.egress[].ports[]': ['protocol', 'port', 'endPort'],
  'spec.ingress[].ports[]': ['protocol', 'port', 'endPort'],
};
const NP_OPEN = new Set(['metadata.labels', 'metadata.annotations']);

function unknownFields(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) unknownFields(v, `${path}[]`, out);
    return;
  }
  if (value === null || typeof value !== 'object' || NP_OPEN.has(path)) return;
  const known = NP_FIELDS[path] ?? (/(Selector)$/.test(path) ? SELECTOR : null);
  for (const [k, v] of Object.entries(value)) {
    const child = path === '' ? k : `${path}.${k}`;
    if (known !== null && !known.includes(k)) out.push(`${child}: unknown field`);
    else if (!/matchLabels$/.test(child)) unknownFields(v, child, out);
  }
}

function ipBlockErrors(spec: Json): string[] {
  const out: string[] = [];
  for (const dir of ['egress', 'ingress'] as const) {
    for (const rule of (spec[dir] as Json[] | undefined) ?? []) {
      for (const peer of (rule[dir === 'egress' ? 'to' : 'from'] as Json[] | undefined) ?? []) {
        const block = peer.ipBlock as Json | undefined;
        if (block === undefined) continue;
        const cidr = parseCidr(String(block.cidr));
        if (cidr === null || cidr.hostBitsSet) {
          out.push(`ipBlock.cidr ${String(block.cidr)} is not a network address`);
          continue;
        }
        for (const e of (block.except as string[] | undefined) ?? []) {
          const x = parseCidr(e);
          const inside =
            x !== null && x.cidr.prefix > cidr.cidr.prefix && cidrContainsCidr(cidr.cidr, x.cidr);
          if (!inside) out.push(`ipBlock.except ${e} is not strictly inside ${String(block.cidr)}`);
        }
      }
    }
  }
  return out;
}

/** Errors of an object the kubernetes exporter writes (NetworkPolicy only). */
export function networkPolicyErrors(obj: Json): string[] {
  if (obj.apiVersion !== 'networking.k8s.io/v1' || obj.kind !== 'NetworkPolicy')
    return [`unexpected object ${String(obj.apiVersion)}/${String(obj.kind)}`];
  const out: string[] = [];
  try {
    new NetworkPolicy(obj as ConstructorParameters<typeof NetworkPolicy>[0]).validate();
  } catch (e) {
    out.push((e as Error).message);
  }
  unknownFields(obj, '', out);
  out.push(...ipBlockErrors((obj.spec ?? {}) as Json));
  return out;
}

export function ciliumErrors(obj: Json): string[] {
  if (obj.apiVersion !== 'cilium.io/v2' || obj.kind !== 'CiliumNetworkPolicy')
    return [`unexpected object ${String(obj.apiVersion)}/${String(obj.kind)}`];
  return ajvErrors(validators().cilium, obj);
}

export function istioErrors(obj: Json): string[] {
  if (obj.apiVersion !== 'networking.istio.io/v1')
    return [`unexpected apiVersion ${String(obj.apiVersion)}`];
  if (obj.kind === 'Sidecar') return ajvErrors(validators().sidecar, obj);
  if (obj.kind === 'ServiceEntry') return ajvErrors(validators().serviceEntry, obj);
  return [`unexpected kind ${String(obj.kind)}`];
}
