// The README's quick start is code users copy first: it must run as printed. The snippet is
// taken from README.md, pointed at the sources instead of the built package, and run by tsx.

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../", import.meta.url));

/** The first `ts` code block after the "## Quick start" heading of README.md. */
async function readmeQuickStart(): Promise<string> {
  const readme = await readFile(join(repo, "README.md"), "utf8");
  const block = /## Quick start\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error("README.md has no quick start code block");
  return block;
}

it("the README quick start runs as printed, and R6's RegionMismatch reaches the error switch", async () => {
  const snippet = (await readmeQuickStart()).replace(
    'from "cloud-image-sharing"',
    `from ${JSON.stringify(join(repo, "src/index.ts"))}`,
  );
  const dir = await mkdtemp(join(tmpdir(), "readme-quick-start-"));
  try {
    const file = join(dir, "quick-start.mts");
    await writeFile(file, snippet);
    const { stdout } = await run(join(repo, "node_modules", ".bin", "tsx"), [file], { cwd: repo });
    expect(stdout.trim()).toBe("use IAD, not DFW");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
