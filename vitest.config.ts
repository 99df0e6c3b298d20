import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import the library by its package name. Here that name resolves to the sources, so
// coverage maps to `src/`; test/package/ checks the built exports map itself.
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^cloud-image-sharing\/testing$/, replacement: src("testing/index.ts") },
      { find: /^cloud-image-sharing\/policy$/, replacement: src("policy/index.ts") },
      { find: /^cloud-image-sharing\/postgres$/, replacement: src("postgres/index.ts") },
      { find: /^cloud-image-sharing\/glance$/, replacement: src("glance/index.ts") },
      { find: /^cloud-image-sharing$/, replacement: src("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    setupFiles: ["test/setup/fast-check.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "text"],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
