/** fast-check parameters for the learn properties: always seeded, the seed printed to replay. */
import type fc from 'fast-check';
import { fcParameters } from '../engine/arbitraries.js';

const DEFAULT_SEED = 20261206;

export function seededParameters(name: string, runs: number): fc.Parameters<unknown> {
  const params = fcParameters(runs);
  params.seed ??= DEFAULT_SEED;
  console.log(`${name}: seed ${params.seed} (EGRESS_FC_SEED replays it)`);
  return params;
}
