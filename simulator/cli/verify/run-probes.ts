/**
 * Runs a list of probes from this host and reports on them with the self-test's rule
 * (docs/cli.md, `egress verify`): only probes whose source is an address of this host run;
 * the verdict is "match" when at least one ran and all got the policy's verdict (or went
 * unanswered, for UDP), "difference" when any did not, and "cannot-probe" when none could run
 * or none got an answer (every connection timed out, every datagram went unanswered, or the
 * proxy never answered).
 */
import { networkInterfaces } from 'node:os';
import type { Observation } from './tcp-probe.js';

export interface VerifyProbe {
  /** One line for people: `tcp 10.0.0.1 -> 1.2.3.4:443`. */
  flow: string;
  src: string;
  expected: 'allow' | 'deny';
  rule: string;
  why: string;
  run: (timeoutMs: number) => Promise<Observation>;
}

export interface VerifyResult {
  flow: string;
  expected: 'allow' | 'deny';
  observed: 'allow' | 'deny' | 'none';
  how: string;
  ok: boolean;
  silent: boolean;
  /** Nothing came back from a UDP send: neither ok nor a difference. */
  unproven: boolean;
  rule: string;
  why: string;
}

export type VerifyVerdict = 'match' | 'difference' | 'cannot-probe';

export interface VerifyReport {
  verdict: VerifyVerdict;
  /** Why nothing is proven, when the verdict is cannot-probe. */
  reason?: string;
  probed: number;
  skipped: number;
  failed: number;
  unproven: number;
  results: VerifyResult[];
}

/** Probes run this many at a time: a self-test takes seconds, and order is kept in the report. */
const CONCURRENCY = 8;

export function localAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) out.add(a.address);
  }
  return out;
}

export async function runProbes(
  probes: readonly VerifyProbe[],
  timeoutMs: number,
  isLocal: (src: string) => boolean,
): Promise<VerifyReport> {
  const here = probes.filter((p) => isLocal(p.src));
  const results: VerifyResult[] = new Array(here.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < here.length) {
      const i = next++;
      const p = here[i]!;
      const o = await p.run(timeoutMs);
      const unproven = o.unproven === true;
      results[i] = {
        flow: p.flow,
        expected: p.expected,
        observed: o.observed,
        how: o.how,
        ok: o.observed === p.expected,
        silent: o.silent,
        unproven,
        rule: p.rule,
        why: p.why,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, here.length) }, worker));
  const failed = results.filter((r) => !r.ok && !r.unproven).length;
  const unproven = results.filter((r) => r.unproven).length;
  const base = {
    probed: here.length,
    skipped: probes.length - here.length,
    failed,
    unproven,
    results,
  };
  if (here.length === 0) {
    return {
      verdict: 'cannot-probe',
      reason: "no probe's source is an address of this host",
      ...base,
    };
  }
  if (results.every((r) => r.silent)) {
    return {
      verdict: 'cannot-probe',
      reason:
        'no probe got an answer (each timed out, went unanswered or had no route): nothing is proven',
      ...base,
    };
  }
  return { verdict: failed > 0 ? 'difference' : 'match', ...base };
}
