/**
 * The closed loop of the Squid runs: the access.log the real Squid wrote in its native format
 * (`logformat=squid`) is read by the importer (simulator/flows/formats/squid-access.ts), and
 * every attempt read back from it must, simulated, give the verdict and deciding rule the
 * simulator gave the request that was sent, and the proxy's logged action must agree.
 *
 * Squid logs no server address for a request it denied (`HIER_NONE/-`); the test's
 * hosts_file is the static DNS it would have used, so a name read back without an address gets
 * that address, as the topology gives a host its address in the simulator.
 *
 * One known divergence is counted, not failed: the importer reads a CONNECT line as a flow
 * without a method (the tunnel hides the requests inside it), while the simulator, the
 * exporter and Squid itself treat the tunnel as a request with method CONNECT, so a rule with
 * `methods CONNECT` allows the tunnel in Squid and not its read-back flow. Such lines must
 * give the simulator's verdict once the method is put back; the count is printed.
 */
import type { Flow, Verdict } from '../../../simulator/core/model.js';
import { compileMatcher } from '../../../simulator/engine/index.js';
import { SQUID_ACCESS_FORMAT } from '../../../simulator/flows/formats/squid-access.js';
import type { SquidCaseInput } from './squid-run.js';
import type { SquidRequest } from './random-squid.js';

function requestKey(
  src: string,
  method: string | undefined,
  host: string,
  port: number,
  path: string | undefined,
): string {
  return `${src} ${method ?? 'CONNECT'} ${host.toLowerCase()}:${port}${path ?? ''}`;
}

function keyOfRequest(req: SquidRequest): string {
  // Squid logs a path without its query: the importer drops it as well.
  const path = req.kind === 'http' ? req.path.split('?')[0] : undefined;
  return requestKey(
    req.src,
    req.kind === 'http' ? req.method : undefined,
    req.host,
    req.port,
    path,
  );
}

function keyOfFlow(flow: Flow): string {
  return requestKey(flow.src, flow.method, flow.host ?? flow.ip ?? '', flow.port ?? 0, flow.path);
}

/**
 * Problems found reading `nativeLog` back; `verdictOf` gives the simulator's verdict of a sent
 * request, or undefined when the request is not held to it (see comparable.ts).
 */
export function readBackNativeLog(
  nativeLog: string,
  c: SquidCaseInput,
  verdictOf: (req: SquidRequest) => Verdict | undefined,
): { problems: string[]; compared: number; connectMethod: number } {
  const problems: string[] = [];
  let compared = 0;
  let connectMethod = 0;
  const matcher = compileMatcher(c.policy, c.topology);
  const sent = new Map<string, SquidRequest[]>();
  for (const req of c.requests) {
    const key = keyOfRequest(req);
    sent.set(key, [...(sent.get(key) ?? []), req]);
  }
  const parser = SQUID_ACCESS_FORMAT.open('native.log');
  let read = 0;
  nativeLog.split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    for (const outcome of parser.push(text, i + 1)) {
      if (outcome.kind === 'malformed' || outcome.kind === 'unreadable') {
        problems.push(`native.log:${outcome.line}: the importer cannot read it: ${outcome.reason}`);
        continue;
      }
      if (outcome.kind !== 'flow') continue;
      read++;
      const { flow, logged } = outcome.observed;
      const req = sent.get(keyOfFlow(flow))?.[0];
      if (req === undefined) {
        problems.push(
          `native.log:${i + 1}: read back ${JSON.stringify(flow)}, which was never sent`,
        );
        continue;
      }
      const expected = verdictOf(req);
      if (expected === undefined) continue;
      const withAddress: Flow =
        flow.ip === undefined && flow.host !== undefined && c.hosts.has(flow.host)
          ? { ...flow, ip: c.hosts.get(flow.host)! }
          : flow;
      compared++;
      let again = matcher.evaluate(withAddress);
      if (again.rule !== expected.rule && req.kind === 'connect') {
        const tunnel = matcher.evaluate({ ...withAddress, method: 'CONNECT' });
        if (tunnel.rule === expected.rule) {
          connectMethod++;
          again = tunnel;
        }
      }
      // In audit mode Squid lets every request through, and its native log says so.
      const loggedExpected = c.mode === 'audit' ? 'allow' : expected.verdict;
      if (
        again.verdict !== expected.verdict ||
        again.rule !== expected.rule ||
        logged !== loggedExpected
      ) {
        problems.push(
          `native.log:${i + 1}: read back ${JSON.stringify(withAddress)} (squid logged ${logged}): ` +
            `simulated ${again.verdict} by ${again.rule}, the request sent was ${expected.verdict} by ${expected.rule}`,
        );
      }
    }
  });
  if (read !== c.requests.length) {
    problems.push(`native.log: ${read} attempts read back, ${c.requests.length} requests sent`);
  }
  return { problems, compared, connectMethod };
}
