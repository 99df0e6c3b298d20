import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { createImageSharing, type Image, type ImageSharing, type Member, type Principal } from "cloud-image-sharing";
import {
  createPostgresStore,
  fromPGlite,
  fromPgPool,
  importCatalog,
  migrate,
  type SqlClient,
} from "cloud-image-sharing/postgres";
import pg from "pg";
import { bootRequests } from "../ours.js";
import { bootQuestions } from "../questions.js";
import {
  accountId,
  adminOf,
  at,
  buildWorld,
  imageAt,
  imageId,
  memberAt,
  REGIONS,
  readerOf,
  SUBJECT,
  type World,
} from "../world.js";
import { type Baseline, handWritten } from "./baseline.js";

// `npx tsx bench/pglite/run.ts` (issue 10): the Postgres store through the public service next to
// a hand-written baseline that answers the same questions with one indexed statement each
// (baseline.ts), over the same client, interleaved in one run: BENCH_PG_ROUNDS rounds (default 6)
// of one window each, the order swapped every round (library first, then baseline first), and the
// ratio is the median of the rounds' ratios — so a slow stretch of a shared VM hits both sides of
// a round, and neither side always runs after the other's garbage. On PGlite always, and on a real PostgreSQL when DATABASE_URL is set.
// Rows: boot check, lists, share + accept pairs sequential and 32 in flight, and 32 writers on
// one owner. Prints the ratios (library ÷ baseline throughput) and writes bench/results-postgres.json.
// Size: BENCH_PG_SIZE (images; default 1e5 on a server, 2e4 on PGlite).

const WINDOW_MS = Number(process.env.BENCH_PG_WINDOW_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_PG_ROUNDS ?? 6);
const log = (line: string) => process.stderr.write(`bench/postgres: ${line}\n`);

type Target = { name: string; client: SqlClient; schema: string | undefined; close(): Promise<void> };

async function openTargets(): Promise<Target[]> {
  const lite = new PGlite();
  await lite.waitReady;
  const targets: Target[] = [
    { name: "PGlite", client: fromPGlite(lite), schema: undefined, close: () => lite.close() },
  ];
  const url = process.env.DATABASE_URL;
  if (url !== undefined) {
    const pool = new pg.Pool({ connectionString: url, max: 32 });
    pool.on("error", () => undefined);
    const schema = `bench_${Date.now().toString(36)}`;
    targets.push({
      name: `PostgreSQL ${(await pool.query("SHOW server_version")).rows[0]?.server_version}`,
      client: fromPgPool(pool),
      schema,
      close: async () => {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    });
  }
  return targets;
}

/** The world as a catalog for importCatalog. */
function catalogOf(world: World): { accounts: { id: string }[]; images: Image[]; members: Member[] } {
  const images = Array.from({ length: world.images }, (_, i) => imageAt(world, i));
  const members = Array.from({ length: world.members }, (_, j) =>
    memberAt(world, j, { id: imageId(at(world.memberImage, j)) }),
  );
  return { accounts: Array.from({ length: world.accounts }, (_, a) => ({ id: accountId(a) })), images, members };
}

/** Ops per second of `op` with `lanes` calls in flight for `ms`. */
async function rate(op: (k: number) => Promise<void>, lanes: number, ms: number): Promise<number> {
  let next = 0;
  const deadline = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (performance.now() < deadline) await op(next++);
    }),
  );
  return next / ((performance.now() - started) / 1000);
}

/** The median (the mean of the middle two for an even count). */
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
};

/** Library and baseline, interleaved window by window, order swapped every round; medians of the rounds. */
async function compare(library: (k: number) => Promise<void>, baseline: (k: number) => Promise<void>, lanes: number) {
  await rate(library, lanes, WINDOW_MS / 4);
  await rate(baseline, lanes, WINDOW_MS / 4);
  const lib: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const libraryFirst = round % 2 === 0;
    const first = await rate(libraryFirst ? library : baseline, lanes, WINDOW_MS);
    const second = await rate(libraryFirst ? baseline : library, lanes, WINDOW_MS);
    const [l, b] = libraryFirst ? [first, second] : [second, first];
    lib.push(l);
    base.push(b);
    ratios.push(l / b);
  }
  return { library: Math.round(median(lib)), baseline: Math.round(median(base)), ratio: +median(ratios).toFixed(2) };
}

const ok = async <T>(call: PromiseLike<{ isErr(): boolean; error?: { message: string } } & T>): Promise<void> => {
  const result = await call;
  if (result.isErr()) throw new Error(`library call failed: ${result.error?.message}`);
};

/** Fresh (image, consumer) pairs for share + accept: `images` images of the given owners, each shared with up to 100 consumers. */
function pairs(prefix: string, owners: (i: number) => number, count: number, world: World) {
  const ids = Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, owner: owners(i) }));
  const at = (k: number) => {
    const image = ids[k % count] ?? { id: "", owner: 0 };
    let consumer = (Math.floor(k / count) * 7 + 11) % world.accounts;
    if (consumer === image.owner) consumer = (consumer + 1) % world.accounts;
    return { imageId: image.id, owner: image.owner, consumer };
  };
  return { ids, at };
}

async function benchTarget(target: Target, size: number) {
  const world = buildWorld(size);
  const migrated = await migrate(target.client, target.schema === undefined ? {} : { schema: target.schema });
  if (migrated.isErr()) throw new Error(migrated.error.message);
  const t0 = performance.now();
  const imported = await importCatalog(target.client, catalogOf(world), {
    schema: target.schema,
    regions: [...REGIONS],
    memberQuota: Number.POSITIVE_INFINITY,
  });
  if (imported.isErr()) throw new Error(imported.error.message);
  const loadSeconds = (performance.now() - t0) / 1000;
  const s = target.schema === undefined ? "" : `"${target.schema}".`;
  await target.client.query(`ANALYZE ${s}images, ${s}members, ${s}events, ${s}accounts`);
  log(`${target.name}: ${world.images} images, ${world.members} members imported in ${loadSeconds.toFixed(1)} s`);

  const store = createPostgresStore({
    client: target.client,
    ...(target.schema === undefined ? {} : { schema: target.schema }),
  });
  const sharing: ImageSharing = createImageSharing({ store, regions: [...REGIONS], memberQuota: 1000 });
  const baseline: Baseline = handWritten(target.client, target.schema ?? null);
  const subject = readerOf(SUBJECT);
  const nowMs = Date.now();

  // Images for the write rows: their own, so every share is of a fresh (image, consumer) pair.
  const hotOwner = 1;
  const sets = {
    libSpread: pairs("lib-spread", (i) => 2 + i, 400, world),
    baseSpread: pairs("base-spread", (i) => 2 + i, 400, world),
    libHot: pairs("lib-hot", () => hotOwner, 400, world),
    baseHot: pairs("base-hot", () => hotOwner, 400, world),
  };
  const benchImages: Image[] = Object.values(sets).flatMap((set) =>
    set.ids.map(({ id, owner }) => ({
      id,
      ownerAccountId: accountId(owner),
      name: id,
      region: "IAD",
      sizeBytes: 1,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
    })),
  );
  const created = await importCatalog(
    target.client,
    { images: benchImages },
    { schema: target.schema, regions: [...REGIONS] },
  );
  if (created.isErr()) throw new Error(created.error.message);

  // Boot questions: accepted shares (allowed), checked once against the world before timing.
  const requests = bootRequests(bootQuestions(world, 1000).acceptedShare);
  for (const request of requests.slice(0, 50)) {
    const lib = (await sharing.authorizeBoot(request.principal, request.input)).isOk();
    const base = await baseline.boot(request.principal.accountId, request.input.imageId, request.input.region, nowMs);
    if (lib !== request.allowed || base !== request.allowed)
      throw new Error(`boot answers disagree on ${JSON.stringify(request.input)}`);
  }
  // The lists: library and baseline count the same items (the world's subject: 100 visible, 20 pending).
  for (const region of ["global", "IAD"] as const) {
    const page = await sharing.listImages(subject, { region, limit: 100 });
    const base = await baseline.listImages(accountId(SUBJECT), region === "global" ? null : region, 100, nowMs);
    if (page.isErr() || page.value.items.length !== base) throw new Error(`listImages(${region}) answers disagree`);
  }
  const pending = await sharing.listPendingShares(subject, { region: "global", limit: 100 });
  if (
    pending.isErr() ||
    pending.value.items.length !== (await baseline.listPendingShares(accountId(SUBJECT), 100, nowMs))
  )
    throw new Error("listPendingShares answers disagree");
  const cycle = <T>(list: readonly T[], k: number): T => list[k % list.length] as T;

  const counters = new Map<string, number>();
  const shareAccept = (set: ReturnType<typeof pairs>, name: string, library: boolean) => {
    return async () => {
      const k = counters.get(name) ?? 0;
      counters.set(name, k + 1);
      const pair = set.at(k);
      const consumer = accountId(pair.consumer);
      const owner = accountId(pair.owner);
      if (library) {
        await ok(sharing.shareImage(adminOf(pair.owner), { imageId: pair.imageId, consumerAccountId: consumer }));
        await ok(sharing.acceptImage(adminOf(pair.consumer) as Principal, { imageId: pair.imageId }));
      } else {
        const now = new Date().toISOString();
        await baseline.share(pair.imageId, owner, consumer, now, `bs-${name}-${k}`);
        await baseline.accept(pair.imageId, consumer, now, `ba-${name}-${k}`);
      }
    };
  };

  const rows: { question: string; library: number; baseline: number; ratio: number }[] = [];
  const row = async (
    question: string,
    library: (k: number) => Promise<void>,
    base: (k: number) => Promise<void>,
    lanes = 1,
  ) => {
    const r = await compare(library, base, lanes);
    rows.push({ question, ...r });
    log(`${target.name}: ${question}: library ${r.library}/s, baseline ${r.baseline}/s, ratio ${r.ratio}`);
  };
  await row(
    "authorizeBoot (accepted share), sequential",
    (k) => ok(sharing.authorizeBoot(cycle(requests, k).principal, cycle(requests, k).input)),
    async (k) => {
      const r = cycle(requests, k);
      await baseline.boot(r.principal.accountId, r.input.imageId, r.input.region, nowMs);
    },
  );
  await row(
    "authorizeBoot, 32 in flight",
    (k) => ok(sharing.authorizeBoot(cycle(requests, k).principal, cycle(requests, k).input)),
    async (k) => {
      const r = cycle(requests, k);
      await baseline.boot(r.principal.accountId, r.input.imageId, r.input.region, nowMs);
    },
    32,
  );
  for (const region of ["global", "IAD"] as const) {
    await row(
      `listImages (${region}, 100 items)`,
      () => ok(sharing.listImages(subject, { region, limit: 100 })),
      async () => {
        await baseline.listImages(accountId(SUBJECT), region === "global" ? null : region, 100, Date.now());
      },
    );
  }
  await row(
    "listPendingShares (global, 100 items)",
    () => ok(sharing.listPendingShares(subject, { region: "global", limit: 100 })),
    async () => {
      await baseline.listPendingShares(accountId(SUBJECT), 100, Date.now());
    },
  );
  await row(
    "share + accept pairs, sequential",
    shareAccept(sets.libSpread, "ls", true),
    shareAccept(sets.baseSpread, "bs", false),
  );
  await row(
    "share + accept pairs, 32 in flight",
    shareAccept(sets.libSpread, "ls", true),
    shareAccept(sets.baseSpread, "bs", false),
    32,
  );
  await row(
    "share + accept, 32 in flight, one owner",
    shareAccept(sets.libHot, "lh", true),
    shareAccept(sets.baseHot, "bh", false),
    32,
  );
  return {
    target: target.name,
    images: world.images,
    members: world.members,
    accounts: world.accounts,
    loadSeconds,
    rows,
  };
}

const started = performance.now();
const results = [];
for (const target of await openTargets()) {
  const size = Number(process.env.BENCH_PG_SIZE ?? (target.schema === undefined ? 2e4 : 1e5));
  try {
    results.push(await benchTarget(target, size));
  } finally {
    await target.close();
  }
}
const environment = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  seconds: (performance.now() - started) / 1000,
};
writeFileSync(
  fileURLToPath(new URL("../results-postgres.json", import.meta.url)),
  `${JSON.stringify({ environment, windowMs: WINDOW_MS, rounds: ROUNDS, results }, null, 2)}\n`,
);
const lines = [
  `## The Postgres store next to a hand-written baseline (one indexed statement per question; same client; interleaved, order swapped every round; median of ${ROUNDS} rounds' ratios)`,
  "",
];
for (const r of results) {
  lines.push(
    `### ${r.target}: ${r.images} images, ${r.members} members, ${r.accounts} accounts (imported in ${r.loadSeconds.toFixed(1)} s)`,
    "",
  );
  lines.push("| question | library /s | baseline /s | library ÷ baseline |", "|---|---:|---:|---:|");
  for (const q of r.rows) lines.push(`| ${q.question} | ${q.library} | ${q.baseline} | ${q.ratio} |`);
  lines.push("");
}
lines.push(
  `Node ${environment.node}, ${environment.cpus} × ${environment.cpuModel}; ${environment.seconds.toFixed(0)} s in all.`,
  "",
);
process.stdout.write(lines.join("\n"));
