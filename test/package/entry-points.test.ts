// The package as a user installs it: built by tsup, resolved through the `exports` map by
// package name (self-reference), loaded by plain `node` as ESM and as CommonJS. It is built into
// a temporary copy of the package so that a concurrent `npm run build` in the checkout cannot
// race with it, and so the main entry can be loaded where fast-check and the database clients
// are not installed at all.

import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string) => join(repo, "node_modules", ".bin", name);

/** Peer dependencies the main entry needs; everything else (fast-check, pg, pglite) is absent in the lean copy. */
const REQUIRED_PEERS = ["zod", "neverthrow"];
const OPTIONAL_PEERS = ["fast-check", "pg", "@electric-sql/pglite"];

/** What the child processes report: the export names of an entry, and a tiny end-to-end run. */
const PROBE_BODY = `
const names = Object.keys(lib).sort();
const store = lib.createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
const sharing = lib.createImageSharing({ store, regions: ["IAD"] });
const alice = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
const image = await sharing.createImage(alice, { name: "golden", region: "IAD" });
const member = await sharing.shareImage(alice, { imageId: image._unsafeUnwrap().id, consumerAccountId: "100002" });
const invalid = await sharing.getImage(alice, { imageId: "" });
process.stdout.write(JSON.stringify({ names, status: member._unsafeUnwrap().status, invalid: invalid._unsafeUnwrapErr().type }));
`;
const ESM_PROBE = `import * as lib from "cloud-image-sharing";\n${PROBE_BODY}`;
const CJS_PROBE = `const lib = require("cloud-image-sharing");\n(async () => {${PROBE_BODY}})().catch((e) => { console.error(e); process.exit(1); });`;

type Probe = { names: string[]; status: string; invalid: string };

let root = "";
/** A package with only the required peers installed. */
let lean = "";
/** A package with every dev dependency reachable (for the sub-paths and the package linters). */
let full = "";

async function makePackageDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await cp(join(repo, "package.json"), join(dir, "package.json"));
  await cp(join(repo, "README.md"), join(dir, "README.md"));
}

async function node(cwd: string, file: string): Promise<Probe> {
  const { stdout } = await run(process.execPath, [file], { cwd });
  return JSON.parse(stdout) as Probe;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "cloud-image-sharing-package-"));
  lean = join(root, "lean");
  full = join(root, "full");
  await makePackageDir(lean);
  await makePackageDir(full);
  await run(bin("tsup"), ["--out-dir", join(lean, "dist")], { cwd: repo });
  await cp(join(lean, "dist"), join(full, "dist"), { recursive: true });
  await mkdir(join(lean, "node_modules"));
  for (const peer of REQUIRED_PEERS) await symlink(join(repo, "node_modules", peer), join(lean, "node_modules", peer), "dir");
  await symlink(join(repo, "node_modules"), join(full, "node_modules"), "dir");
  for (const dir of [lean, full]) {
    await writeFile(join(dir, "probe.mjs"), ESM_PROBE);
    await writeFile(join(dir, "probe.cjs"), CJS_PROBE);
  }
});

afterAll(async () => {
  if (root !== "") await rm(root, { recursive: true, force: true });
});

describe("the built package, resolved by name through its exports map", () => {
  it("ESM import and CJS require of the main entry expose the same API, and it works", async () => {
    const [esm, cjs] = await Promise.all([node(lean, "probe.mjs"), node(lean, "probe.cjs")]);
    for (const probe of [esm, cjs]) {
      expect(probe.names).toEqual(
        expect.arrayContaining(["createImageSharing", "createInMemoryStore", "SharingErrors", "PrincipalSchema", "decideShare", "ERROR_TYPES"]),
      );
      expect(probe.status).toBe("pending");
      expect(probe.invalid).toBe("ValidationError");
    }
    expect(cjs.names).toEqual(esm.names);
  });

  it("the main entry loads without fast-check, pg or pglite installed, and never names them", async () => {
    // The lean copy has no node_modules entry for the optional peers: the probes above would fail to load otherwise.
    for (const peer of OPTIONAL_PEERS)
      await expect(run(process.execPath, ["-e", `require.resolve(${JSON.stringify(peer)})`], { cwd: lean })).rejects.toThrow();
    for (const file of ["index.js", "index.cjs"]) {
      const code = await readFile(join(lean, "dist", file), "utf8");
      for (const peer of OPTIONAL_PEERS) expect(code, `${file} references ${peer}`).not.toContain(`"${peer}`);
    }
  });

  it("the ./testing and ./postgres sub-paths load by name as ESM and CJS", async () => {
    for (const sub of ["testing", "postgres"]) {
      const target = `cloud-image-sharing/${sub}`;
      const esm = await run(
        process.execPath,
        ["--input-type=module", "-e", `const m = await import(${JSON.stringify(target)}); console.log(typeof m);`],
        { cwd: full },
      );
      const cjs = await run(process.execPath, ["-e", `console.log(typeof require(${JSON.stringify(target)}));`], { cwd: full });
      expect([esm.stdout.trim(), cjs.stdout.trim()]).toEqual(["object", "object"]);
    }
  });

  it("publint --strict and attw --profile node16 find no problem (npm run check:package)", async () => {
    // Both exit non-zero on any finding (publint: warnings included, with --strict).
    const checks = [run(bin("publint"), ["--strict"], { cwd: full }), run(bin("attw"), ["--pack", ".", "--profile", "node16"], { cwd: full })];
    await expect(Promise.all(checks)).resolves.toHaveLength(2);
  });
});
