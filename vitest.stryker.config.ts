import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// Mutation runs re-run the tests hundreds of times: keep the suites that judge policy and
// service behaviour, leave out the ones that build the package or start a database, and the
// long model and race runs (they judge the same code through the same rules, 30x slower).
// fast-check keeps its fixed seed (test/setup/fast-check.ts), so a mutant's fate is repeatable.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["test/rules/**/*.test.ts", "test/policy/**/*.test.ts", "test/service/**/*.test.ts", "test/properties/**/*.test.ts"],
      // Fewer runs per property (same fixed seed): each mutant re-runs the tests that cover it.
      env: { FC_NUM_RUNS: "30" },
      coverage: { enabled: false },
    },
  }),
);
