import { defineConfig } from "tsup";

// One build for every entry point: ESM + CJS + .d.ts/.d.cts side by side, so the
// `exports` map can point each condition at a file of its own format.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "testing/index": "src/testing/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  splitting: false,
  treeshake: true,
  // Peer dependencies stay imports: the host application holds the one copy.
  external: ["zod", "neverthrow", "fast-check"],
});
