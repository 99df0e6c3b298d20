import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { createImageSharing } from "../../src/index.js";
import { createPostgresStore, fromPGlite, migrate } from "../../src/postgres/index.js";
import { timed } from "../measure.js";
import { checkLists, listLatencies } from "../ours.js";
import { bootQuestions } from "../questions.js";
import { buildWorld, REGIONS } from "../world.js";
import { loadWorld } from "./load.js";
import { forbiddenScans, planOf, recordingClient } from "./plans.js";
import { markdownReport, type PgliteResult } from "./report.js";
import { bootRates, checkLoadedRows, LIST_BUDGET, probeCalls, roundTripRate } from "./scenario.js";

// `npx tsx bench/pglite/run.ts`: the in-memory benchmark's world (bench/world.ts, same seed) in
// a fresh in-process PGlite through the Postgres store; the list and boot-check rows measured
// through the service, every statement those calls send EXPLAINed. Exits non-zero when any
// plan reads images, members or events with a sequential scan. Size: BENCH_PGLITE_SIZE=1e5.

const started = performance.now();
const size = Number(process.env.BENCH_PGLITE_SIZE ?? 1e5);
if (!Number.isSafeInteger(size) || size < 1_000) throw new Error(`bench/pglite: bad size ${process.env.BENCH_PGLITE_SIZE}`);
const log = (line: string) => process.stderr.write(`bench/pglite: ${line}\n`);

const built = await timed(() => buildWorld(size));
const world = built.value;
const startup = await timed(async () => {
  const pglite = new PGlite();
  await pglite.waitReady;
  return pglite;
});
const pglite = startup.value;
const database = fromPGlite(pglite);
const migrated = await migrate(database);
if (migrated.isErr()) throw new Error(`migrate failed: ${migrated.error.message}`);
const loadSeconds = await loadWorld(database, world);
const counts = (await database.query("SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM account_events)::int AS feed"))
  .rows[0];
log(
  `${world.images} images, ${world.members} members loaded in ${(loadSeconds.images + loadSeconds.members + loadSeconds.events + loadSeconds.analyze).toFixed(1)} s`,
);

const recording = recordingClient(database);
const store = createPostgresStore({ client: recording.client });
const sharing = createImageSharing({ store, regions: [...REGIONS] });
const sets = bootQuestions(world, 1_000);

// Right answers first: loaded rows, lists; bootRates checks every boot question before timing it.
await checkLoadedRows(store, world, 200);
await checkLists(sharing, world);

const probes: PgliteResult["probes"] = [];
for (const probe of probeCalls(sharing, sets)) {
  const statements = await recording.record(probe.call);
  if (statements.length === 0) throw new Error(`${probe.name} sent no statement`);
  const plans = [];
  for (const statement of statements) plans.push(await planOf(database, statement));
  probes.push({ name: probe.name, plans });
}
log("answers checked, plans taken; timing");

const boot = await bootRates(sharing, sets);
const lists = await listLatencies(sharing, LIST_BUDGET);
const primaryKeyLookUp = await roundTripRate(database, world);
await pglite.close();

const result: PgliteResult = {
  world: {
    accounts: world.accounts,
    images: world.images,
    members: world.members,
    events: Number(counts?.events),
    feedEntries: Number(counts?.feed),
  },
  loadSeconds: { ...loadSeconds, world: built.seconds, startup: startup.seconds },
  boot,
  primaryKeyLookUp,
  lists,
  probes,
};
const environment = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  seconds: (performance.now() - started) / 1000,
};
writeFileSync(fileURLToPath(new URL("../results-pglite.json", import.meta.url)), `${JSON.stringify({ environment, result }, null, 2)}\n`);
process.stdout.write(markdownReport(result, environment));

const scans = forbiddenScans(probes.flatMap((p) => p.plans));
if (scans.length > 0) {
  log(`FAILED: ${scans.length} plan(s) read a large table sequentially:\n  ${scans.join("\n  ")}`);
  process.exitCode = 1;
} else {
  log(
    `every plan reads images, members and events through an index; done in ${environment.seconds.toFixed(0)} s; raw numbers in bench/results-pglite.json`,
  );
}
