/**
 * Seeds for the engine differential tests: every seed kept in
 * test/fixtures/engines/regression-seeds.json first, then fresh random seeds (each printed as
 * it is used, so that a failure can be replayed). `EGS_ENGINE_SEED=123` (or `=123,456`)
 * replays exactly those seeds instead.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freshSeed } from './prng.js';

interface RegressionFile {
  seeds: { test: string; seed: number; note: string }[];
}

const REGRESSION_FILE = fileURLToPath(
  new URL('../../fixtures/engines/regression-seeds.json', import.meta.url),
);

export function regressionSeeds(test: string): number[] {
  const file = JSON.parse(readFileSync(REGRESSION_FILE, 'utf8')) as RegressionFile;
  return file.seeds.filter((s) => s.test === test).map((s) => s.seed);
}

/** True when the run replays given seeds (then volume targets do not apply). */
export function replaying(): boolean {
  return Boolean(process.env.EGS_ENGINE_SEED);
}

/**
 * The seeds to run for `test`: regression seeds, then fresh ones until `enough()` says the
 * run has done its share or `max` seeds ran.
 */
export function* seedsFor(test: string, enough: () => boolean, max: number): Generator<number> {
  const replay = process.env.EGS_ENGINE_SEED;
  if (replay) {
    for (const s of replay.split(',')) yield Number(s.trim()) >>> 0;
    return;
  }
  let ran = 0;
  for (const seed of regressionSeeds(test)) {
    console.log(`${test}: regression seed ${seed}`);
    ran++;
    yield seed;
  }
  while (ran < max && !enough()) {
    const seed = freshSeed();
    console.log(`${test}: seed ${seed} (replay with EGS_ENGINE_SEED=${seed})`);
    ran++;
    yield seed;
  }
}
