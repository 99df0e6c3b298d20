// `npx tsx bench/glance.ts [--quick]`: the Glance facade's throughput over node:http on loopback.
// The server runs in a child process (bench/glance-server.ts) so its CPU time per request is
// measured apart from this client's. Every phase is a fixed number of requests (bounded loops)
// spread over a few concurrent keep-alive connections:
//   - the floor: a bare node:http server answering a fixed JSON body (what HTTP alone costs);
//   - member lookups: GET /v2/images/{id}/members/{member}, as the consumer;
//   - add + delete member pairs: POST then DELETE /v2/images/{id}/members/{member}, as the producer;
//   - a consumer's image list with 1,000 accepted shares: one page of 1,000, and the whole list
//     paged as the glance client pages it (limit=200, sorted by name, following `next`).
// For scale: real Glance (Debian glance-api 25.1, measured on this kind of machine) spends
// 20–45 ms of CPU per request, about 40 member lookups per second per core.

import { fork } from "node:child_process";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { BENCH_ACCOUNTS, BENCH_TOKENS, type BenchServerCpu, type BenchServerReady } from "./glance-server.js";

const quick = process.argv.includes("--quick");
const scale = quick ? 0.1 : 1;
const LANES = 8;
const SHARED_IMAGES = 1000;

type PhaseResult = {
  name: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuMsPerRequest: number;
};

const server = fork(
  fileURLToPath(new URL("./glance-server.ts", import.meta.url)),
  [String(SHARED_IMAGES), String(LANES)],
  {
    execArgv: process.execArgv,
  },
);
const messages: ((message: unknown) => void)[] = [];
server.on("message", (message) => messages.shift()?.(message));
const nextMessage = () => new Promise<unknown>((resolve) => messages.push(resolve));

async function serverCpuMicros(): Promise<number> {
  const reply = nextMessage();
  server.send("cpu");
  return ((await reply) as BenchServerCpu).micros;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

/** Runs `operations` calls of `operation` over {@link LANES} concurrent lanes; each call makes `requestsPerOperation` requests. */
async function phase(
  name: string,
  operations: number,
  requestsPerOperation: number,
  operation: (lane: number, k: number) => Promise<void>,
): Promise<PhaseResult> {
  for (let lane = 0; lane < LANES; lane += 1) await operation(lane, lane); // warm-up: connections, JIT
  const latencies: number[] = [];
  const cpuBefore = await serverCpuMicros();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let k = lane; k < operations; k += LANES) {
        const t = performance.now();
        await operation(lane, k);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMicros = (await serverCpuMicros()) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const requests = operations * requestsPerOperation;
  return {
    name,
    requests,
    seconds,
    perSecond: operations / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    serverCpuMsPerRequest: cpuMicros / 1000 / requests,
  };
}

async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  expected: number,
  body?: string,
): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      "x-auth-token": token,
      "content-type": body === undefined ? "application/octet-stream" : "application/json",
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return text === "" ? null : JSON.parse(text);
}

async function main(): Promise<void> {
  const readyMessage = nextMessage();
  const ready = (await readyMessage) as BenchServerReady;
  const base = `http://127.0.0.1:${ready.port}`;
  const { sharedImageIds, laneImageIds } = ready;
  const { consumer, spare } = BENCH_ACCOUNTS;
  const results: PhaseResult[] = [];

  const floor = `http://127.0.0.1:${ready.floorPort}`;
  results.push(
    await phase("floor: bare node:http, fixed JSON (no facade)", Math.round(20_000 * scale), 1, async () => {
      await call(floor, "", "GET", "/", 200);
    }),
  );
  results.push(
    await phase("member lookup (GET .../members/{member})", Math.round(20_000 * scale), 1, async (_lane, k) => {
      await call(
        base,
        BENCH_TOKENS.consumer,
        "GET",
        `/v2/images/${sharedImageIds[k % sharedImageIds.length]}/members/${consumer}`,
        200,
      );
    }),
  );
  results.push(
    await phase("add + delete member pair (POST + DELETE)", Math.round(4_000 * scale), 2, async (lane) => {
      const members = `/v2/images/${laneImageIds[lane]}/members`;
      await call(base, BENCH_TOKENS.producer, "POST", members, 200, JSON.stringify({ member: spare }));
      await call(base, BENCH_TOKENS.producer, "DELETE", `${members}/${spare}`, 204);
    }),
  );
  results.push(
    await phase("consumer list, 1,000 images, one page (limit=1000)", Math.round(400 * scale), 1, async () => {
      const page = (await call(base, BENCH_TOKENS.consumer, "GET", "/v2/images?limit=1000", 200)) as {
        images: unknown[];
      };
      if (page.images.length !== SHARED_IMAGES) throw new Error(`listed ${page.images.length} images`);
    }),
  );
  results.push(
    await phase(
      "consumer list, 1,000 images, as glance pages it (5 x 200 by name)",
      Math.round(100 * scale),
      5,
      async () => {
        let next: string | undefined = "/v2/images?limit=200&sort_key=name&sort_dir=asc";
        let count = 0;
        while (next !== undefined) {
          const page = (await call(base, BENCH_TOKENS.consumer, "GET", next, 200)) as {
            images: unknown[];
            next?: string;
          };
          count += page.images.length;
          next = page.next;
        }
        if (count !== SHARED_IMAGES) throw new Error(`listed ${count} images`);
      },
    ),
  );

  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.send("stop");
  await exited;
  console.log(
    `Glance facade over node:http on loopback — Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} x ${cpus().length}`,
  );
  console.log(
    `${LANES} concurrent keep-alive connections; server in its own process${quick ? " (--quick: a tenth of the requests)" : ""}\n`,
  );
  console.log("| phase | requests | ops/s | p50 ms | p99 ms | server CPU ms/request |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.serverCpuMsPerRequest.toFixed(3)} |`,
    );
  }
}

// Exits explicitly: tsx's loader, inherited by the forked server, leaves an IPC handle open in
// this process after the child has exited (measured with process._getActiveHandles()).
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    server.kill();
    process.exit(1);
  },
);
