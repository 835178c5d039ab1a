// How long the property tests run. In `npm test` (and CI) each runs its usual number of cases with a
// fixed seed, so every run tries the same cases; `npm run fuzz` runs FUZZ_SCALE times as many with a
// new seed each time (fast-check prints the seed of a failure: FUZZ_SEED=<it> replays it).
import fc from 'fast-check';

const scale = Number(process.env.FUZZ_SCALE ?? 1);

/** The number of cases for a property that runs `n` in the usual test run. */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * scale));
}

const seed = process.env.FUZZ_SEED ?? (process.env.FUZZ_SCALE ? undefined : '20261206');
fc.configureGlobal({ ...(seed === undefined ? {} : { seed: Number(seed) }), numRuns: runs(100) });
