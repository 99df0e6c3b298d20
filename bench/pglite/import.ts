import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { Image, Member } from "cloud-image-sharing";
import { fromPGlite, fromPgPool, importCatalog, migrate, type SqlClient } from "cloud-image-sharing/postgres";
import pg from "pg";
import { createPrng } from "../prng.js";

// `npx tsx bench/pglite/import.ts` (issue 10): bulk import of a catalog through importCatalog —
// every rule checked, every documented event written — timed. Against a real PostgreSQL when
// DATABASE_URL is set (default 1e6 images, 3e6 members; target < 3 minutes), else PGlite (default
// 1e5 images, 3e5 members: the same work at a tenth). IMPORT_IMAGES sets the size. The catalog is
// imported in chunks of CHUNK images with their members, one importCatalog call (one
// transaction) each, as a host moving a Glance database would. Writes bench/results-import-<target>.json.

const url = process.env.DATABASE_URL;
const target = url === undefined ? "pglite" : "postgres";
const images = Number(process.env.IMPORT_IMAGES ?? (url === undefined ? 1e5 : 1e6));
const chunk = Number(process.env.IMPORT_CHUNK ?? 100_000);
// Chunks in flight, each an importCatalog call of its own (its own transaction, its own connection).
const parallel = url === undefined ? 1 : Number(process.env.IMPORT_PARALLEL ?? 2);
const accounts = Math.max(1000, Math.floor(images / 10));
const REGIONS = ["DFW", "ORD", "IAD", "LON", "HKG", "SYD"];
const log = (line: string) => process.stderr.write(`bench/import: ${line}\n`);

let close: () => Promise<void>;
let client: SqlClient;
let serverVersion = "PGlite";
if (url === undefined) {
  const db = new PGlite();
  await db.waitReady;
  client = fromPGlite(db);
  close = () => db.close();
} else {
  const pool = new pg.Pool({ connectionString: url, max: Math.max(2, Number(process.env.IMPORT_PARALLEL ?? 2)) });
  pool.on("error", () => undefined);
  client = fromPgPool(pool);
  serverVersion = String((await pool.query("SHOW server_version")).rows[0]?.server_version);
  close = () => pool.end();
}
const schema = `import_${Date.now().toString(36)}`;
(await migrate(client, { schema }))._unsafeUnwrap();

const at = (ms: number) => new Date(Date.UTC(2024, 0, 1) + ms).toISOString();
const account = (n: number) => `acc-${n}`;

/** Images [from, to) and three members each (distinct consumers, never the owner), deterministic per chunk. */
function catalogChunk(from: number, to: number): { images: Image[]; members: Member[] } {
  const random = createPrng(7 + from);
  const imageRows: Image[] = [];
  const memberRows: Member[] = [];
  for (let n = from; n < to; n += 1) {
    const owner = n % accounts;
    const created = at(n * 1000);
    imageRows.push({
      id: `img-${n}`,
      ownerAccountId: account(owner),
      name: `image ${n}`,
      region: REGIONS[n % 6] ?? "IAD",
      sizeBytes: (n % 4096) * 1048576,
      createdAt: created,
      updatedAt: created,
    });
    const taken = new Set([owner]);
    for (let k = 0; k < 3; k += 1) {
      let consumer = random.below(accounts);
      while (taken.has(consumer)) consumer = (consumer + 1) % accounts;
      taken.add(consumer);
      const status = (["pending", "accepted", "rejected"] as const)[random.below(3)] ?? "pending";
      memberRows.push({
        imageId: `img-${n}`,
        consumerAccountId: account(consumer),
        status,
        createdAt: at(n * 1000 + 100 + k),
        updatedAt: at(n * 1000 + 600 + k),
      });
    }
  }
  return { images: imageRows, members: memberRows };
}

const started = performance.now();
let generateMs = 0;
let importMs = 0;
let events = 0;
const first = await importCatalog(
  client,
  { accounts: Array.from({ length: accounts }, (_, a) => ({ id: account(a) })) },
  { schema },
);
if (first.isErr()) throw new Error(first.error.message);
const starts = Array.from({ length: Math.ceil(images / chunk) }, (_, c) => c * chunk);
const importStarted = performance.now();
await Promise.all(
  Array.from({ length: parallel }, async () => {
    for (let from = starts.shift(); from !== undefined; from = starts.shift()) {
      const t0 = performance.now();
      const catalog = catalogChunk(from, Math.min(images, from + chunk));
      const t1 = performance.now();
      const result = await importCatalog(client, catalog, { schema, memberQuota: 128 });
      const t2 = performance.now();
      if (result.isErr()) throw new Error(`chunk at ${from}: ${result.error.message}`);
      events += result.value.events;
      generateMs += t1 - t0;
      log(`images ${from}–${Math.min(images, from + chunk)} imported (${((t2 - t1) / 1000).toFixed(1)} s this chunk)`);
    }
  }),
);
// Wall-clock of the import phase (catalog generation in JS included, which the chunks overlap).
importMs = performance.now() - importStarted;
const totalSeconds = (performance.now() - started) / 1000;
const counts = (
  await client.query(
    `SELECT (SELECT count(*) FROM "${schema}".images)::int AS images, (SELECT count(*) FROM "${schema}".members)::int AS members,
            (SELECT count(*) FROM "${schema}".events)::int AS events`,
  )
).rows[0];
if (process.env.IMPORT_KEEP === undefined) await client.query(`DROP SCHEMA "${schema}" CASCADE`);
await close();

const result = {
  environment: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    target,
    serverVersion,
  },
  catalog: { accounts, images, members: images * 3, chunk, parallel },
  stored: counts,
  eventsWritten: events,
  seconds: { import: importMs / 1000, generateCatalogInJs: generateMs / 1000, total: totalSeconds },
  rowsPerSecond: Math.round((images * 4) / (importMs / 1000)),
};
writeFileSync(
  fileURLToPath(new URL(`../results-import-${target}.json`, import.meta.url)),
  `${JSON.stringify(result, null, 2)}\n`,
);
process.stdout.write(
  `| target | images | members | events | chunks in flight | import (wall) | rows (images + members) / s |\n|---|---:|---:|---:|---:|---:|---:|\n` +
    `| ${target} ${serverVersion} | ${images} | ${images * 3} | ${counts?.events} | ${parallel} | ${(importMs / 1000).toFixed(1)} s | ${result.rowsPerSecond} |\n`,
);
