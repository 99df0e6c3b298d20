import fc from "fast-check";

// Property tests are repeatable in CI (fixed seed) and can run longer locally:
//   FC_NUM_RUNS=5000 npm test        more runs per property
//   FC_SEED=123 npm test             another fixed seed (a failure prints the seed to replay)
const seed = Number(process.env.FC_SEED ?? 20261125);
const numRuns = process.env.FC_NUM_RUNS === undefined ? undefined : Number(process.env.FC_NUM_RUNS);

fc.configureGlobal({ seed, ...(numRuns === undefined ? {} : { numRuns }) });
