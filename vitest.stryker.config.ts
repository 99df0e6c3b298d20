import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// Mutation runs re-run the tests hundreds of times: keep the suites that judge policy and
// service behaviour, leave out the ones that build the package or start a database, and the
// property, model and race suites (they judge the same code through the same rules, but
// re-running them for each of ~600 mutants would take hours on two cores).
// fast-check keeps its fixed seed (test/setup/fast-check.ts), so a mutant's fate is repeatable.
// Spread, not mergeConfig: mergeConfig would concatenate `include` with the base's.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "test/rules/**/*.test.ts",
      "test/policy/**/*.test.ts",
      "test/service/**/*.test.ts",
      "test/domain/**/*.test.ts",
    ],
    // Fewer runs per property (same fixed seed): each mutant re-runs the tests that cover it.
    env: { FC_NUM_RUNS: "20" },
    coverage: { enabled: false },
  },
});
