import { defineConfig } from "tsup";

// One build for every entry point: ESM + CJS + .d.ts/.d.cts side by side, so the
// `exports` map can point each condition at a file of its own format.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "policy/index": "src/policy/index.ts",
    "testing/index": "src/testing/index.ts",
    "postgres/index": "src/postgres/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  splitting: false,
  treeshake: true,
  // Peer dependencies stay imports: the host application holds the one copy. The sub-paths
  // import the main entry by name too, so `./testing` and `./postgres` share its one copy of the core.
  external: ["cloud-image-sharing", "zod", "neverthrow", "fast-check", "pg", "@electric-sql/pglite"],
});
