/**
 * The brute-force side of the exactness tests: a finite universe of concrete flows built
 * from the same boundaries the random topologies and policies use (every CIDR's edges and
 * neighbours, every domain, a wildcard's apex and names one and two labels below it, ports
 * at and beside every range end, every method and path and their near misses), filtered to
 * the flows the simulator accepts, and decided one by one by the reference interpreter.
 */
import fc from 'fast-check';
import type { Flow, PolicyModel, Protocol, Topology } from '../../simulator/core/model.js';
import { validateFlow } from '../../simulator/engine/index.js';
import { IPS, NODE_IDS } from '../engine/arbitraries.js';

const HOSTS = [
  'pypi.org',
  'files.pythonhosted.org',
  'huggingface.co',
  'cdn.huggingface.co',
  'b.huggingface.co',
  'a.b.huggingface.co',
  'zz.b.huggingface.co',
  'xhuggingface.co',
  'api.openai.com',
  'openai.com',
  's3.amazonaws.com',
  'bucket.s3.amazonaws.com',
  'amazonaws.com',
  'x.amazonaws.com',
  'deep.x.pythonhosted.org',
  'pythonhosted.org',
  'x.openai.com',
  'unknown.example',
];
const SERVICES: { proto: Protocol; port?: number }[] = [
  { proto: 'icmp' },
  ...[1, 52, 53, 54, 79, 80, 81, 442, 443, 444, 7999, 8000, 8001, 8099, 8100, 8101, 65535].flatMap(
    (port) => [
      { proto: 'tcp' as const, port },
      { proto: 'udp' as const, port },
    ],
  ),
];
const METHODS = [undefined, 'GET', 'POST', 'PUT', 'DELETE'];
const PATHS = [
  undefined,
  '/',
  '/v1',
  '/v1/',
  '/v1/chat/',
  '/v1/chatx',
  '/v1/chat/completions',
  '/v1/chat/completionsx',
  '/v1/embeddings',
  '/v2/models',
];

/** A flow of the pools above, as fast-check draws them. */
export const poolFlowArb: fc.Arbitrary<Flow> = fc
  .record({
    src: fc.oneof(fc.constantFrom(...NODE_IDS, 'ghost'), fc.constantFrom(...IPS)),
    host: fc.option(fc.constantFrom(...HOSTS), { nil: undefined }),
    ip: fc.option(fc.constantFrom(...IPS), { nil: undefined }),
    service: fc.constantFrom(...SERVICES),
    method: fc.constantFrom(...METHODS),
    path: fc.constantFrom(...PATHS),
  })
  .map(({ src, host, ip, service, method, path }) => {
    const flow: Flow = { src, proto: service.proto };
    if (host !== undefined) flow.host = host;
    if (ip !== undefined || host === undefined) flow.ip = ip ?? '10.0.1.5';
    if (service.port !== undefined) flow.port = service.port;
    if (method !== undefined) flow.method = method;
    if (path !== undefined) flow.path = path;
    return flow;
  });

/** The flows of a sample that the simulator accepts (a topology rejects unknown sources). */
export function validFlows(flows: readonly Flow[], topology: Topology | undefined): Flow[] {
  return flows.filter((f) => validateFlow(f, topology) === undefined);
}

export function withoutRule(policy: PolicyModel, index: number): PolicyModel {
  return {
    ...policy,
    rules: policy.rules.filter((_, i) => i !== index).map((r, i) => ({ ...r, index: i })),
  };
}
