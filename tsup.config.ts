import { existsSync } from "node:fs";
import { defineConfig, type Options } from "tsup";
import { FAST_CHECK_MISSING } from "./src/testing/fast-check-peer.js";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/** The sub-paths that exist in this checkout (`./policy` and `./glance` arrive with their folders). */
const SUB_PATHS = ["testing", "postgres", "policy", "glance"].filter((sub) => existsSync(`src/${sub}/index.ts`));

/** What `cloud-image-sharing/testing` says when fast-check, its optional peer, is not installed. */
const MISSING_FAST_CHECK = FAST_CHECK_MISSING;

/**
 * `cloud-image-sharing/testing` without fast-check should say so, instead of Node's "Cannot find
 * package 'fast-check'". A static import fails before any code of the module runs, so the kit's
 * `import fc from "fast-check"` is pointed at a stand-in that loads fast-check where a failure can
 * be caught: a top-level `await import()` in the ESM build, a `require()` in the CommonJS build
 * (the same copy of fast-check a plain import would load in each). The kit imports fast-check
 * only as a default import; a named value import fails this build, loudly.
 */
const fastCheckGuard: EsbuildPlugin = {
  name: "fast-check-guard",
  setup(build) {
    const cjs = build.initialOptions.define?.TSUP_FORMAT === JSON.stringify("cjs");
    const fail = `(cause) => { throw cause?.code === "ERR_MODULE_NOT_FOUND" || cause?.code === "MODULE_NOT_FOUND" ? new Error(${JSON.stringify(MISSING_FAST_CHECK)}, { cause }) : cause; }`;
    build.onResolve({ filter: /^fast-check$/ }, (args) =>
      args.namespace === "fast-check-guard"
        ? { path: "fast-check", external: true }
        : { path: "fast-check", namespace: "fast-check-guard" },
    );
    build.onLoad({ filter: /.*/, namespace: "fast-check-guard" }, () => ({
      loader: "js",
      contents: cjs
        ? `let fc; try { fc = require("fast-check"); } catch (cause) { (${fail})(cause); }\nexport default fc.__esModule ? fc.default : fc;\n`
        : `const fc = await import("fast-check").catch(${fail});\nexport default fc.default;\n`,
    }));
  },
};

// One build for every entry point: ESM + CJS + .d.ts/.d.cts side by side, so the
// `exports` map can point each condition at a file of its own format.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    ...Object.fromEntries(SUB_PATHS.map((sub) => [`${sub}/index`, `src/${sub}/index.ts`])),
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  // Source maps name `src/…` files, and the package ships `src/` ("files" in package.json): a
  // source-mapped stack trace (vitest, Node's --enable-source-maps) then points at a TypeScript file
  // the user can open, and the maps need not embed the sources a second time.
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  target: "node20",
  splitting: false,
  treeshake: true,
  // Peer dependencies stay imports: the host application holds the one copy. The sub-paths
  // import the main entry by name too, so they share its one copy of the core.
  external: ["cloud-image-sharing", "zod", "neverthrow", "pg", "@electric-sql/pglite"],
  // fast-check stays an import too, through the guard above (which marks it external itself).
  noExternal: ["fast-check"],
  esbuildPlugins: [fastCheckGuard],
});
