// `npm run serve [-- --port 9292 --store memory|pglite]`: the Glance facade on loopback over a
// fresh store with the example's two accounts, a few demo tokens and one image, so the stock
// OpenStack `glance` client can drive image sharing without an identity service. Ctrl-C stops it.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createImageSharing, type Principal } from "cloud-image-sharing";
// Inside this repository the sub-path is imported from the sources; in your application:
//   import { createGlanceApi } from "cloud-image-sharing/glance";
import { createGlanceApi } from "cloud-image-sharing/glance";
import { EXAMPLE_ACCOUNTS, isStoreKind, makeExampleStore, STORE_KINDS } from "./stores.js";

const { producer, consumer } = EXAMPLE_ACCOUNTS;
const REGION = "IAD";

const ALICE: Principal = { userId: "alice", accountId: producer, roles: ["cloudImages:admin"] };

/** The demo's tokens. A real host asks its identity service; here a token is `<account>:<user>`. */
const TOKENS: Readonly<Record<string, { principal: Principal; role: string }>> = {
  [`${producer}:alice`]: { principal: ALICE, role: `admin of ${producer} (the producer)` },
  [`${consumer}:bob`]: {
    principal: { userId: "bob", accountId: consumer, roles: ["cloudImages:admin"] },
    role: `admin of ${consumer} (the consumer)`,
  },
  [`${consumer}:carol`]: {
    principal: { userId: "carol", accountId: consumer, roles: ["cloudImages:observer"] },
    role: `observer of ${consumer}: reads only`,
  },
};

/** The value of `--name value` or `--name=value`, or `fallback`. */
function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at === -1) return fallback;
  const arg = args[at] ?? "";
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (args[at + 1] ?? "");
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const kind = option(args, "store", "memory");
  const port = Number(option(args, "port", process.env.PORT ?? "9292"));
  const host = option(args, "host", "127.0.0.1");
  if (!isStoreKind(kind) || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: npm run serve -- [--port 0-65535] [--host 127.0.0.1] [--store ${STORE_KINDS.join(" | ")}]`);
    return 2;
  }
  const { store, close } = await makeExampleStore(kind);
  const sharing = createImageSharing({ store, regions: [REGION, "DFW", "LON"] });
  const seeded = await sharing.createImage(ALICE, { name: "golden-web", region: REGION });
  const api = createGlanceApi({
    sharing,
    region: REGION,
    // The glance client percent-encodes the token (`100001:alice` arrives as `100001%3Aalice`).
    authenticate: (request) => {
      const token = request.headers.get("x-auth-token") ?? "";
      const decoded = /%[0-9A-Fa-f]{2}/.test(token) ? decodeURIComponent(token) : token;
      return TOKENS[decoded]?.principal ?? null;
    },
  });
  const server = createServer(api.listener);
  const listening = await new Promise<AddressInfo | Error>((resolve) => {
    server.once("error", resolve);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
  if (listening instanceof Error) {
    console.error(`cannot listen on ${host}:${port}: ${listening.message}`);
    await close();
    return 1;
  }
  const url = `http://${host}:${listening.port}`;
  console.log(`Glance facade of cloud-image-sharing on ${url} (region ${REGION}, store ${kind})\n`);
  console.log("Tokens (the X-Auth-Token header; the glance client's OS_AUTH_TOKEN):");
  for (const [token, { role }] of Object.entries(TOKENS)) console.log(`  ${token.padEnd(16)} ${role}`);
  const imageId = seeded.isOk() ? seeded.value.id : "<IMAGE_ID>";
  console.log(`\nSeeded: image ${imageId} "golden-web", owned by ${producer}.\n`);
  console.log("Point the glance client at it (no identity service needed):");
  console.log(`  export OS_IMAGE_URL=${url} OS_AUTH_TOKEN=${producer}:alice`);
  console.log(`  glance member-create ${imageId} ${consumer}`);
  console.log(`  OS_AUTH_TOKEN=${consumer}:bob glance image-list --member-status pending`);
  console.log(`  OS_AUTH_TOKEN=${consumer}:bob glance member-update ${imageId} ${consumer} accepted`);
  console.log(`  OS_AUTH_TOKEN=${consumer}:carol glance image-list`);
  console.log("\nCtrl-C stops it.");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await close();
  console.log("stopped");
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
