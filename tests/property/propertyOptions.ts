import type fc from 'fast-check';

/**
 * fast-check options for the property and race tests: `runs` in CI; locally
 * `PROPERTY_RUNS=3000` hunts longer, and `PROPERTY_SEED` + `PROPERTY_PATH` (as a failure reports
 * them) replay one counterexample.
 */
export const propertyOptions = (runs: number): fc.Parameters<unknown> => {
  const { PROPERTY_RUNS, PROPERTY_SEED, PROPERTY_PATH } = process.env;
  return {
    numRuns: Number(PROPERTY_RUNS) || runs,
    ...(PROPERTY_SEED ? { seed: Number(PROPERTY_SEED), ...(PROPERTY_PATH ? { path: PROPERTY_PATH } : {}), endOnFailure: true } : {}),
  };
};
