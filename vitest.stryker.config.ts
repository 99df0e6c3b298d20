import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// Mutation runs re-run the tests hundreds of times: keep the suites that judge policy and
// service behaviour, leave out the ones that build the package or start a database.
// fast-check keeps its fixed seed (test/setup/fast-check.ts), so a mutant's fate is repeatable.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["test/rules/**/*.test.ts", "test/policy/**/*.test.ts", "test/service/**/*.test.ts", "test/properties/**/*.test.ts", "test/model/**/*.test.ts", "test/races/**/*.test.ts"],
      coverage: { enabled: false },
    },
  }),
);
