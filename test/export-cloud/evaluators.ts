/**
 * Evaluators of exported objects, written from each target's documented semantics and
 * independent of the exporters' planning code: "do these objects let this connection
 * through?". The differential tests compare them with the simulator.
 */
import { parseAllDocuments } from 'yaml';
import { cidrContainsIp, parseCidr, parseIp } from '../../simulator/net/ip.js';
import type { Protocol } from '../../simulator/core/model.js';

export type Obj = Record<string, unknown>;

export function parseYamlStream(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('\n'));
    return d.toJSON() as Obj;
  });
}

function get(o: unknown, ...keys: string[]): unknown {
  let v: unknown = o;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Obj)[k] : undefined;
  return v;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? (v as Obj[]) : [];
}

export type Labels = Record<string, string>;

/** A label selector (matchLabels / matchExpressions); `{}` selects everything. */
export function selects(selector: unknown, labels: Labels): boolean {
  const matchLabels = (get(selector, 'matchLabels') ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of list(get(selector, 'matchExpressions'))) {
    const key = e.key as string;
    const values = (e.values as string[] | undefined) ?? [];
    const has = key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown operator ${String(e.operator)}`);
    }
  }
  return true;
}

export function inCidrText(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const a = parseIp(ip);
  return c !== null && a !== null && c.hostBitsSet === false && cidrContainsIp(c.cidr, a);
}

export interface Connection {
  src: Labels;
  ip: string;
  /** Labels of the destination pod, when the address is a pod of the namespace. */
  dstPod: Labels | null;
  proto: Protocol;
  port?: number;
  host?: string;
}

// ---------------------------------------------------------------------------------------
// Kubernetes NetworkPolicy (networking.k8s.io/v1)
// ---------------------------------------------------------------------------------------

function npPortMatches(ports: Obj[] | undefined, c: Connection): boolean {
  if (ports === undefined || ports.length === 0) return true;
  if (c.proto === 'icmp' || c.port === undefined) return false;
  return ports.some((p) => {
    const protocol = (p.protocol as string | undefined) ?? 'TCP';
    if (protocol !== c.proto.toUpperCase()) return false;
    if (p.port === undefined) return true;
    const lo = p.port as number;
    const hi = (p.endPort as number | undefined) ?? lo;
    return lo <= c.port! && c.port! <= hi;
  });
}

function npPeerMatches(peer: Obj, ip: string, pod: Labels | null): boolean {
  const block = peer.ipBlock as Obj | undefined;
  if (block !== undefined) {
    if (!inCidrText(block.cidr as string, ip)) return false;
    return !((block.except as string[] | undefined) ?? []).some((e) => inCidrText(e, ip));
  }
  if (peer.namespaceSelector !== undefined) throw new Error('namespaceSelector not expected');
  if (peer.podSelector !== undefined) return pod !== null && selects(peer.podSelector, pod);
  throw new Error(`unknown peer ${JSON.stringify(peer)}`);
}

function npHasType(policy: Obj, type: 'Ingress' | 'Egress'): boolean {
  const types = get(policy, 'spec', 'policyTypes') as string[] | undefined;
  if (types !== undefined) return types.includes(type);
  return type === 'Ingress' || get(policy, 'spec', 'egress') !== undefined;
}

/** Egress of the source, and ingress of the destination pod when it is one. */
export function networkPolicyAllows(policies: readonly Obj[], c: Connection): boolean {
  const egress = policies.filter(
    (p) => npHasType(p, 'Egress') && selects(get(p, 'spec', 'podSelector'), c.src),
  );
  if (egress.length > 0) {
    const allowed = egress.some((p) =>
      list(get(p, 'spec', 'egress')).some((rule) => {
        const to = rule.to as Obj[] | undefined;
        const peerOk =
          to === undefined ||
          to.length === 0 ||
          to.some((peer) => npPeerMatches(peer, c.ip, c.dstPod));
        return peerOk && npPortMatches(rule.ports as Obj[] | undefined, c);
      }),
    );
    if (!allowed) return false;
  }
  if (c.dstPod === null) return true;
  const ingress = policies.filter(
    (p) => npHasType(p, 'Ingress') && selects(get(p, 'spec', 'podSelector'), c.dstPod!),
  );
  if (ingress.length === 0) return true;
  return ingress.some((p) =>
    list(get(p, 'spec', 'ingress')).some((rule) => {
      const from = rule.from as Obj[] | undefined;
      const peerOk =
        from === undefined ||
        from.length === 0 ||
        from.some((peer) => peer.podSelector !== undefined && selects(peer.podSelector, c.src));
      return peerOk && npPortMatches(rule.ports as Obj[] | undefined, c);
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Cilium (cilium.io/v2), with the matchPattern semantics of the schema's Cilium version:
// `*` matches DNS characters but never a dot.
// ---------------------------------------------------------------------------------------

export function ciliumPatternMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (p === '*') return true;
  const re = new RegExp(
    '^' +
      p
        .split('')
        .map((ch) =>
          ch === '*' ? '[-a-z0-9_]*' : ch === '.' ? '[.]' : ch.replace(/[^a-z0-9_-]/g, '\\$&'),
        )
        .join('') +
      '$',
  );
  return re.test(host.toLowerCase());
}

function ciliumPortMatches(toPorts: Obj[] | undefined, c: Connection): boolean {
  if (toPorts === undefined || toPorts.length === 0) return true;
  if (c.proto === 'icmp' || c.port === undefined) return false;
  return toPorts.some((tp) =>
    list(tp.ports).some((p) => {
      const protocol = (p.protocol as string | undefined) ?? 'ANY';
      if (protocol !== 'ANY' && protocol !== c.proto.toUpperCase()) return false;
      const lo = Number(p.port);
      if (lo === 0) return true;
      const hi = (p.endPort as number | undefined) ?? lo;
      return lo <= c.port! && c.port! <= hi;
    }),
  );
}

function ciliumL3Matches(rule: Obj, c: Connection): boolean {
  if (rule.toCIDRSet !== undefined) {
    // CIDR rules never select endpoints Cilium manages.
    if (c.dstPod !== null) return false;
    return list(rule.toCIDRSet).some(
      (s) =>
        inCidrText(s.cidr as string, c.ip) &&
        !((s.except as string[] | undefined) ?? []).some((e) => inCidrText(e, c.ip)),
    );
  }
  if (rule.toEndpoints !== undefined) {
    return c.dstPod !== null && list(rule.toEndpoints).some((sel) => selects(sel, c.dstPod!));
  }
  if (rule.toEntities !== undefined) return (rule.toEntities as string[]).includes('all');
  if (rule.toFQDNs !== undefined) {
    if (c.dstPod !== null || c.host === undefined) return false;
    // DNS-consistent connection: the pod resolved `host` to `ip` through the DNS proxy.
    return list(rule.toFQDNs).some((f) =>
      f.matchName !== undefined
        ? (f.matchName as string).toLowerCase().replace(/\.$/, '') === c.host!.toLowerCase()
        : ciliumPatternMatches(f.matchPattern as string, c.host!),
    );
  }
  return true;
}

export function ciliumAllows(policies: readonly Obj[], c: Connection): boolean {
  const selecting = policies.filter((p) => selects(get(p, 'spec', 'endpointSelector'), c.src));
  const enforced = selecting.some(
    (p) =>
      get(p, 'spec', 'enableDefaultDeny', 'egress') === true ||
      get(p, 'spec', 'egress') !== undefined,
  );
  const matches = (rule: Obj) =>
    ciliumL3Matches(rule, c) && ciliumPortMatches(rule.toPorts as Obj[] | undefined, c);
  if (selecting.some((p) => list(get(p, 'spec', 'egressDeny')).some(matches))) return false;
  if (enforced && !selecting.some((p) => list(get(p, 'spec', 'egress')).some(matches)))
    return false;
  if (c.dstPod === null) return true;
  const receiving = policies.filter((p) => selects(get(p, 'spec', 'endpointSelector'), c.dstPod!));
  const ingressEnforced = receiving.some(
    (p) =>
      get(p, 'spec', 'enableDefaultDeny', 'ingress') === true ||
      get(p, 'spec', 'ingress') !== undefined,
  );
  if (!ingressEnforced) return true;
  return receiving.some((p) =>
    list(get(p, 'spec', 'ingress')).some((rule) =>
      list(rule.fromEndpoints).some((sel) => selects(sel, c.src)),
    ),
  );
}
