// The server side of bench/glance.ts, in a child process of its own so that its CPU time is
// measured apart from the client's: the Glance facade over node:http on 127.0.0.1, on an
// in-memory store seeded through the core (fast) with what the benchmark asks for.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createImageSharing, createInMemoryStore, type Principal } from "cloud-image-sharing";
import { createGlanceApi } from "cloud-image-sharing/glance";

/** What the child tells the driver once it listens. */
export type BenchServerReady = {
  readonly type: "ready";
  readonly port: number;
  /** A bare node:http server answering a fixed small JSON body: the floor under any handler. */
  readonly floorPort: number;
  /** Images shared with the consumer (accepted), in the endpoint's region. */
  readonly sharedImageIds: readonly string[];
  /** One producer image per concurrent lane of the add + delete member loop. */
  readonly laneImageIds: readonly string[];
};

/** The server's CPU time so far, in microseconds (user + system). */
export type BenchServerCpu = { readonly type: "cpu"; readonly micros: number };

export const BENCH_ACCOUNTS = { producer: "100001", consumer: "100002", spare: "100003" } as const;
export const BENCH_TOKENS = { producer: "alice", consumer: "bob" } as const;

const alice: Principal = { userId: "alice", accountId: BENCH_ACCOUNTS.producer, roles: ["cloudImages:admin"] };
const bob: Principal = { userId: "bob", accountId: BENCH_ACCOUNTS.consumer, roles: ["cloudImages:admin"] };

async function main(): Promise<void> {
  const sharedCount = Number(process.argv[2] ?? "1000");
  const lanes = Number(process.argv[3] ?? "8");
  const store = createInMemoryStore({ accounts: Object.values(BENCH_ACCOUNTS).map((id) => ({ id })) });
  const sharing = createImageSharing({ store, regions: ["IAD", "DFW"] });
  const must = <T>(result: { isOk(): boolean; _unsafeUnwrap(): T }): T => result._unsafeUnwrap();
  const sharedImageIds: string[] = [];
  for (let i = 0; i < sharedCount; i += 1) {
    const image = must(
      await sharing.createImage(alice, { name: `image-${String(i).padStart(4, "0")}`, region: "IAD" }),
    );
    must(await sharing.shareImage(alice, { imageId: image.id, consumerAccountId: BENCH_ACCOUNTS.consumer }));
    must(await sharing.acceptImage(bob, { imageId: image.id }));
    sharedImageIds.push(image.id);
  }
  const laneImageIds: string[] = [];
  for (let i = 0; i < lanes; i += 1)
    laneImageIds.push(must(await sharing.createImage(alice, { name: `lane-${i}`, region: "IAD" })).id);
  const principals = new Map<string, Principal>([
    [BENCH_TOKENS.producer, alice],
    [BENCH_TOKENS.consumer, bob],
  ]);
  const api = createGlanceApi({
    sharing,
    region: "IAD",
    authenticate: (request) => principals.get(request.headers.get("x-auth-token") ?? "") ?? null,
  });
  const server = createServer({ keepAliveTimeout: 60_000 }, api.listener);
  const floor = createServer({ keepAliveTimeout: 60_000 }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"image_id":"x","member_id":"100002","status":"accepted"}');
  });
  await new Promise<void>((resolve) => floor.listen(0, "127.0.0.1", resolve));
  server.listen(0, "127.0.0.1", () => {
    const port = (server.address() as AddressInfo).port;
    const ready: BenchServerReady = {
      type: "ready",
      port,
      floorPort: (floor.address() as AddressInfo).port,
      sharedImageIds,
      laneImageIds,
    };
    process.send?.(ready);
  });
  process.on("message", (message) => {
    if (message === "cpu") {
      const used = process.cpuUsage();
      const reply: BenchServerCpu = { type: "cpu", micros: used.user + used.system };
      process.send?.(reply);
    } else if (message === "stop") {
      for (const s of [server, floor]) {
        s.close();
        s.closeAllConnections();
      }
      process.disconnect?.();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
