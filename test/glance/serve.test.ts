// `npm run serve` (examples/serve.ts): starts the facade on loopback with demo tokens, prints
// how to point the glance client at it, answers as printed, and exits cleanly on SIGINT.

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
});

/** Starts the demo server on a free port; resolves with everything it printed once it is ready. */
function startServe(): Promise<{ output: () => string; exited: Promise<number | null> }> {
  const started = spawn(join(repo, "node_modules", ".bin", "tsx"), ["examples/serve.ts", "--port", "0"], {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = started;
  let output = "";
  const exited = new Promise<number | null>((resolve) => started.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Ctrl-C stops it.")) resolve({ output: () => output, exited });
    };
    started.stdout?.on("data", onData);
    started.stderr?.on("data", onData);
    exited.then(() => reject(new Error(`serve exited early:\n${output}`)), reject);
  });
}

describe("npm run serve", () => {
  it("prints the endpoint and tokens, answers the glance client's requests as printed, and stops on SIGINT with exit 0", {
    timeout: 60_000,
  }, async () => {
    const { output, exited } = await startServe();
    const url = /export OS_IMAGE_URL=(\S+) OS_AUTH_TOKEN=(\S+)/.exec(output());
    expect(url).not.toBeNull();
    const [, endpoint = "", token = ""] = url ?? [];
    expect(output()).toContain("100002:bob");
    const imageId = /Seeded: image (\S+) "golden-web"/.exec(output())?.[1] ?? "";
    // The glance client percent-encodes the token; the demo's authenticate decodes it.
    const headers = { "x-auth-token": encodeURIComponent(token), "content-type": "application/octet-stream" };
    expect((await fetch(`${endpoint}/versions`)).status).toBe(200);
    const listed = (await (
      await fetch(`${endpoint}/v2/images?limit=200&sort_key=name&sort_dir=asc`, { headers })
    ).json()) as {
      images: { id: string }[];
    };
    expect(listed.images.map((i) => i.id)).toEqual([imageId]);
    const shared = await fetch(`${endpoint}/v2/images/${imageId}/members`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: '{"member":"100002"}',
    });
    expect(shared.status).toBe(200);
    child?.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output()).toContain("stopped");
  });
});
