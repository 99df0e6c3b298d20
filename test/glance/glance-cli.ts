// Drives Debian's stock `glance` command (python3-glanceclient) against a facade on loopback:
// OS_IMAGE_URL + OS_AUTH_TOKEN, no identity service, a throw-away HOME for the schema cache the
// client keeps in ~/.glanceclient. The suites using this run only with GLANCE_CLI=1 (.ci/glance.sh).

import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Principal } from "cloud-image-sharing";
import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
import { createGlanceApi } from "cloud-image-sharing/glance";

/** True when the real-client suites should run (`GLANCE_CLI=1`, set by .ci/glance.sh). */
export const GLANCE_CLI_ENABLED = process.env.GLANCE_CLI === "1";

/** What one `glance` invocation did. */
export type GlanceRun = { readonly code: number; readonly stdout: string; readonly stderr: string };

/** A facade on 127.0.0.1 over a fresh in-memory store, and a way to run `glance` against it. */
export type GlanceCliWorld = {
  /** Runs `glance <args>` with `token` as OS_AUTH_TOKEN. */
  readonly glance: (token: string, ...args: string[]) => Promise<GlanceRun>;
  /** Every request that reached the facade, as `METHOD /path?query`, in order. */
  readonly requests: string[];
  readonly url: string;
  readonly close: () => Promise<void>;
};

/** The token of a principal: `<account>:<user>` (the client sends it percent-encoded). */
export const tokenOf = (principal: Principal): string => `${principal.accountId}:${principal.userId}`;

/**
 * Starts the facade (endpoint region `IAD`, catalog IAD/DFW/LON) for `principals`, whose
 * accounts the store knows, authenticated by {@link tokenOf}.
 */
export async function startGlanceCliWorld(principals: readonly Principal[]): Promise<GlanceCliWorld> {
  const accounts = [...new Set(principals.map((p) => p.accountId))].map((id) => ({ id }));
  const sharing = createImageSharing({ store: createInMemoryStore({ accounts }), regions: ["IAD", "DFW", "LON"] });
  const byToken = new Map(principals.map((p) => [tokenOf(p), p]));
  const requests: string[] = [];
  const api = createGlanceApi({
    sharing,
    region: "IAD",
    authenticate: (request) => {
      const token = request.headers.get("x-auth-token") ?? "";
      return byToken.get(decodeURIComponent(token)) ?? null;
    },
  });
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    api.listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const home = await mkdtemp(join(tmpdir(), "glance-cli-home-"));
  const glance = (token: string, ...args: string[]) => runGlance(url, token, home, args);
  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await rm(home, { recursive: true, force: true });
  };
  return { glance, requests, url, close };
}

/**
 * One `glance` run. Standard input is closed (`0<&-`), as in a cron job: with an open stdin
 * that is not a terminal, `image-create` would take it for image data and try to upload it.
 */
function runGlance(url: string, token: string, home: string, args: readonly string[]): Promise<GlanceRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    OS_IMAGE_URL: url,
    OS_AUTH_TOKEN: token,
  };
  return new Promise((resolve) => {
    execFile(
      "sh",
      ["-c", 'exec glance "$@" 0<&-', "glance", ...args],
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The data rows of a prettytable the client printed, each a list of trimmed cells. */
export function tableRows(stdout: string): string[][] {
  const rows = stdout
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
  return rows.slice(1);
}

/** A `Property | Value` table (image-show, image-create) as a record. */
export function propertyTable(stdout: string): Record<string, string> {
  return Object.fromEntries(tableRows(stdout).map(([key = "", value = ""]) => [key, value]));
}
