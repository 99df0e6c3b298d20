import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { createImageSharing } from "cloud-image-sharing";
import { createPostgresStore, fromPgPool, migrate } from "cloud-image-sharing/postgres";
import pg from "pg";
import { CONSUMERS, IMAGES, idsStartingWith, OPERATIONS, OWNER, type WorkerReport } from "./shared.js";

// `DATABASE_URL=… npx tsx bench/contention/run.ts` (issue 8 item 6): PROCESSES processes ×
// IN_FLIGHT calls in flight (default 8 × 8 = 64) on two images of one producer, a mix of
// share, unshare, accept, reject, update, delete and re-create under the same id, all through
// createImageSharing on a real PostgreSQL. Reports the fraction of calls that end in
// ConcurrentModification per operation and overall, writes bench/contention/results.json, and
// exits non-zero when it is 1/1000 or more (or when any call ends in StorageFailure).

const url = process.env.DATABASE_URL;
if (url === undefined) {
  process.stderr.write("contention: DATABASE_URL is not set (bash .ci/postgres.sh sets it)\n");
  process.exit(2);
}
const processes = Number(process.env.CONTENTION_PROCESSES ?? 8);
const inFlight = Number(process.env.CONTENTION_IN_FLIGHT ?? 8);
const seconds = Number(process.env.CONTENTION_SECONDS ?? 20);
const TARGET = 1 / 1000;

const pool = new pg.Pool({ connectionString: url, max: 2 });
pool.on("error", () => undefined);
const client = fromPgPool(pool);
const schema = `contention_${Date.now().toString(36)}`;
const migrated = await migrate(client, { schema });
if (migrated.isErr()) throw new Error(migrated.error.message);
const store = createPostgresStore({ client, schema });
(await store.addAccounts([OWNER, ...CONSUMERS].map((id) => ({ id })))).match(
  () => undefined,
  (e) => {
    throw new Error(e.message);
  },
);
for (const imageId of IMAGES) {
  const sharing = createImageSharing({
    store,
    regions: ["IAD"],
    newId: idsStartingWith(imageId),
  });
  const created = await sharing.createImage(
    { userId: "setup", accountId: OWNER, roles: ["cloudImages:admin"] },
    { name: imageId, region: "IAD" },
  );
  if (created.isErr()) throw new Error(created.error.message);
}

const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));
process.stderr.write(
  `contention: ${processes} processes × ${inFlight} in flight on ${IMAGES.length} images for ${seconds} s (schema ${schema})\n`,
);
const reports = await Promise.all(
  Array.from(
    { length: processes },
    (_, p) =>
      new Promise<WorkerReport>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", worker, schema, String(p + 1), String(seconds), String(inFlight)],
          {
            env: process.env,
            stdio: ["ignore", "pipe", "inherit"],
          },
        );
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.on("error", reject);
        child.on("exit", (code) => {
          if (code !== 0) reject(new Error(`worker ${p} exited with ${code}`));
          else resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as WorkerReport);
        });
      }),
  ),
);
await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await pool.end();

type Row = { calls: number; outcomes: Record<string, number> };
const byOperation = new Map<string, Row>();
for (const report of reports) {
  for (const operation of new Set(OPERATIONS)) {
    const row = byOperation.get(operation) ?? { calls: 0, outcomes: {} };
    row.calls += report.calls[operation] ?? 0;
    for (const [outcome, n] of Object.entries(report.errors[operation] ?? {}))
      row.outcomes[outcome] = (row.outcomes[outcome] ?? 0) + n;
    byOperation.set(operation, row);
  }
}
const total = [...byOperation.values()].reduce((sum, r) => sum + r.calls, 0);
const lost = [...byOperation.values()].reduce((sum, r) => sum + (r.outcomes.ConcurrentModification ?? 0), 0);
const failed = [...byOperation.values()].reduce((sum, r) => sum + (r.outcomes.StorageFailure ?? 0), 0);
const fraction = total === 0 ? 1 : lost / total;
const elapsed = Math.max(...reports.map((r) => r.seconds));

const lines = [
  `| operation | calls | ConcurrentModification | fraction | outcomes |`,
  `|---|---:|---:|---:|---|`,
  ...[...byOperation.entries()].map(([operation, row]) => {
    const cm = row.outcomes.ConcurrentModification ?? 0;
    const outcomes = Object.entries(row.outcomes)
      .sort(([, a], [, b]) => b - a)
      .map(([o, n]) => `${o} ${n}`)
      .join(", ");
    return `| ${operation} | ${row.calls} | ${cm} | ${(row.calls === 0 ? 0 : cm / row.calls).toFixed(5)} | ${outcomes} |`;
  }),
  `| all | ${total} | ${lost} | ${fraction.toFixed(5)} | ${(total / elapsed).toFixed(0)} calls/s |`,
];
process.stdout.write(`${lines.join("\n")}\n`);
writeFileSync(
  fileURLToPath(new URL("./results.json", import.meta.url)),
  `${JSON.stringify(
    {
      environment: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "unknown",
        server: (await serverVersion(url)) ?? "unknown",
      },
      run: {
        processes,
        inFlight,
        seconds,
        images: IMAGES.length,
        consumers: CONSUMERS.length,
        // The service's retry settings: its defaults unless a diagnostic run overrode them.
        maxAttempts: process.env.CONTENTION_MAX_ATTEMPTS ?? "default",
        backoffMaxMs: process.env.CONTENTION_BACKOFF_MAX_MS ?? "default",
      },
      total,
      concurrentModification: lost,
      storageFailure: failed,
      fraction,
      target: TARGET,
      byOperation: Object.fromEntries(byOperation),
    },
    null,
    2,
  )}\n`,
);
if (fraction >= TARGET || failed > 0) {
  process.stderr.write(
    `contention: FAILED — ${lost} of ${total} calls (${(fraction * 1000).toFixed(2)}‰) ended in ConcurrentModification, ${failed} in StorageFailure; target < 1‰ and none\n`,
  );
  process.exitCode = 1;
} else {
  process.stderr.write(
    `contention: ${lost} of ${total} calls (${(fraction * 1000).toFixed(3)}‰) ended in ConcurrentModification (target < 1‰)\n`,
  );
}

async function serverVersion(connectionString: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString });
  try {
    await c.connect();
    return String((await c.query("SHOW server_version")).rows[0]?.server_version);
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => undefined);
  }
}
