// The package as a user installs it: built with the project's tsup config, resolved through the
// `exports` map by package name (self-reference), loaded by plain `node` as ESM and as CommonJS,
// with only the required peers installed, then with fast-check added for `./testing`.
//
// One JavaScript build (no .d.ts: the declaration build is what used to make this file take a
// minute and more on a busy machine, and the types are proven by .ci/consumers.sh, which compiles
// real projects against the packed tarball, and by `npm run check:package`). The build goes to a
// temporary directory, so a concurrent `npm run build` in the checkout cannot race with it.

import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../", import.meta.url));

/** Peer dependencies the main entry needs; everything else is absent from the lean install. */
const REQUIRED_PEERS = ["zod", "neverthrow"];
const OPTIONAL_PEERS = ["fast-check", "pg", "@electric-sql/pglite"];

type ExportsMap = Record<
  string,
  string | { import: { types: string; default: string }; require: { types: string; default: string } }
>;
type Manifest = { name: string; files: string[]; exports: ExportsMap };

/** What a probe reports per sub-path: its export names, or the message it failed to load with. */
type Loaded = { names: string[] } | { error: string };
type Report = {
  entries: Record<string, Loaded>;
  scenario?: { status: string; invalid: string; problem: { status: number; errorType: string; type: string } };
};

/**
 * Loads every entry of the exports map by name, then runs a tiny scenario on the main entry,
 * mapping an error with `toProblemDetails` as a host would. `LOAD` is `await import` or `require`.
 */
const probeBody = (specifiers: string[], load: (s: string) => string) => `
const entries = {};
for (const specifier of ${JSON.stringify(specifiers)}) {
  try {
    entries[specifier] = { names: Object.keys(${load("specifier")}).sort() };
  } catch (error) {
    entries[specifier] = { error: String(error && error.message) };
  }
}
let scenario;
if (entries["cloud-image-sharing"].names) {
  const lib = ${load('"cloud-image-sharing"')};
  const store = lib.createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
  const sharing = lib.createImageSharing({ store, regions: ["IAD"] });
  const alice = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
  const image = await sharing.createImage(alice, { name: "golden", region: "IAD" });
  const member = await sharing.shareImage(alice, { imageId: image._unsafeUnwrap().id, consumerAccountId: "100002" });
  const invalid = (await sharing.getImage(alice, { imageId: "" }))._unsafeUnwrapErr();
  scenario = { status: member._unsafeUnwrap().status, invalid: invalid.type, problem: lib.toProblemDetails(invalid) };
}
process.stdout.write(JSON.stringify({ entries, scenario }));
`;

let root = "";
let built = "";
let manifest: Manifest;
/** Package names of every entry of the exports map: `cloud-image-sharing`, `cloud-image-sharing/testing`, … */
let specifiers: string[] = [];
/** Only zod and neverthrow installed. */
let lean: { esm: Report; cjs: Report };
/** fast-check added. */
let kit: { esm: Report; cjs: Report };

async function makePackage(dir: string, peers: string[]): Promise<void> {
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await cp(join(repo, "package.json"), join(dir, "package.json"));
  await cp(built, join(dir, "dist"), { recursive: true });
  for (const peer of peers) {
    await mkdir(dirname(join(dir, "node_modules", peer)), { recursive: true });
    await symlink(join(repo, "node_modules", peer), join(dir, "node_modules", peer), "dir");
  }
  await writeFile(
    join(dir, "probe.mjs"),
    probeBody(specifiers, (s) => `await import(${s})`),
  );
  await writeFile(
    join(dir, "probe.cjs"),
    `(async () => {${probeBody(specifiers, (s) => `require(${s})`)}})().catch((e) => { console.error(e); process.exit(1); });`,
  );
}

async function probe(dir: string, file: string): Promise<Report> {
  const { stdout } = await run(process.execPath, [file], { cwd: dir });
  return JSON.parse(stdout) as Report;
}

function namesOf(loaded: Loaded | undefined): string[] {
  if (loaded === undefined || "error" in loaded) throw new Error(`did not load: ${loaded?.error ?? "not probed"}`);
  return loaded.names;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

beforeAll(async () => {
  manifest = JSON.parse(await readFile(join(repo, "package.json"), "utf8")) as Manifest;
  specifiers = Object.keys(manifest.exports)
    .filter((key) => key !== "./package.json")
    .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`));
  root = await mkdtemp(join(tmpdir(), "cloud-image-sharing-package-"));
  built = join(root, "dist");
  await run(join(repo, "node_modules", ".bin", "tsup"), ["--no-dts", "--silent", "--out-dir", built], { cwd: repo });
  await Promise.all([
    makePackage(join(root, "lean"), REQUIRED_PEERS),
    makePackage(join(root, "kit"), [...REQUIRED_PEERS, "fast-check"]),
  ]);
  const [leanEsm, leanCjs, kitEsm, kitCjs] = await Promise.all([
    probe(join(root, "lean"), "probe.mjs"),
    probe(join(root, "lean"), "probe.cjs"),
    probe(join(root, "kit"), "probe.mjs"),
    probe(join(root, "kit"), "probe.cjs"),
  ]);
  lean = { esm: leanEsm, cjs: leanCjs };
  kit = { esm: kitEsm, cjs: kitCjs };
});

afterAll(async () => {
  if (root !== "") await rm(root, { recursive: true, force: true });
});

describe("the built package, resolved by name through its exports map", () => {
  it("ESM import and CJS require of the main entry expose the same API, and it works, errors mapped to HTTP included", () => {
    const esm = namesOf(lean.esm.entries["cloud-image-sharing"]);
    expect(esm).toEqual(
      expect.arrayContaining([
        "createImageSharing",
        "createInMemoryStore",
        "PrincipalSchema",
        "httpStatusOf",
        "toProblemDetails",
      ]),
    );
    expect(namesOf(lean.cjs.entries["cloud-image-sharing"])).toEqual(esm);
    for (const report of [lean.esm, lean.cjs]) {
      expect(report.scenario).toEqual({
        status: "pending",
        invalid: "ValidationError",
        problem: expect.objectContaining({
          status: 400,
          errorType: "ValidationError",
          type: expect.stringMatching(/ValidationError$/),
        }),
      });
    }
  });

  it("the main entry loads without fast-check, pg or pglite installed, and never names them", async () => {
    // The lean install has no node_modules entry for the optional peers: the probes would fail to load otherwise.
    for (const peer of OPTIONAL_PEERS)
      await expect(
        run(process.execPath, ["-e", `require.resolve(${JSON.stringify(peer)})`], { cwd: join(root, "lean") }),
      ).rejects.toThrow();
    for (const file of ["index.js", "index.cjs"]) {
      const code = await readFile(join(built, file), "utf8");
      for (const peer of OPTIONAL_PEERS) expect(code, `${file} references ${peer}`).not.toContain(`"${peer}`);
    }
  });

  it("every sub-path loads as ESM and CJS without the optional peers, with the same names in both", () => {
    const subPaths = specifiers.filter((s) => s !== manifest.name && s !== `${manifest.name}/testing`);
    expect(subPaths).toEqual(expect.arrayContaining([`${manifest.name}/postgres`, `${manifest.name}/policy`]));
    for (const specifier of subPaths) {
      const esm = namesOf(lean.esm.entries[specifier]);
      expect(esm.length, specifier).toBeGreaterThan(0);
      expect(namesOf(lean.cjs.entries[specifier]), specifier).toEqual(esm);
    }
  });

  it("./testing without fast-check says to install it, as ESM and as CJS", () => {
    for (const report of [lean.esm, lean.cjs]) {
      expect(report.entries["cloud-image-sharing/testing"]).toEqual({
        error: expect.stringMatching(
          /^cloud-image-sharing\/testing needs fast-check, an optional peer dependency that is not installed: run `npm install --save-dev fast-check@\^4`/,
        ),
      });
    }
  });

  it("./testing loads with fast-check installed, with the same names as ESM and CJS", () => {
    const esm = namesOf(kit.esm.entries["cloud-image-sharing/testing"]);
    expect(esm).toEqual(expect.arrayContaining(["runStoreConformance", "worldArb", "materialiseWorld"]));
    expect(namesOf(kit.cjs.entries["cloud-image-sharing/testing"])).toEqual(esm);
  });

  it("the exports map and the build agree: every entry built is exported, every export points at a built file of its format", async () => {
    const files = new Set(await filesUnder(built));
    const exported = new Set<string>();
    for (const [key, target] of Object.entries(manifest.exports)) {
      if (typeof target === "string") continue;
      const base = key === "." ? "index" : `${key.slice(2)}/index`;
      expect(target.import).toEqual({ types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` });
      expect(target.require).toEqual({ types: `./dist/${base}.d.cts`, default: `./dist/${base}.cjs` });
      exported.add(`${base}.js`).add(`${base}.cjs`);
    }
    expect(new Set([...files].filter((f) => /\.c?js$/.test(f)))).toEqual(exported);
  });

  it("source maps name only sources the package ships, and do not embed them a second time", async () => {
    expect(manifest.files).toEqual(expect.arrayContaining(["dist", "src"]));
    const maps = (await filesUnder(built)).filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(await readFile(join(built, map), "utf8")) as {
        sources: string[];
        sourcesContent?: unknown;
      };
      expect(sourcesContent, map).toBeUndefined();
      // The fast-check guard of tsup.config.ts is generated code with no file of its own.
      for (const source of sources.filter((s) => s !== "fast-check-guard:fast-check")) {
        // Built outside the checkout, the maps name the checkout's files; each must be under src/,
        // which the package ships beside dist/, so in the package the same relative path resolves.
        const named = relative(repo, resolve(dirname(join(built, map)), source));
        expect(named, `${map} names ${source}`).toMatch(/^src\/.+\.ts$/);
      }
    }
  });
});
