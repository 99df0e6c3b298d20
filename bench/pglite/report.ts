import type { Latency, Throughput } from "../measure.js";
import type { ListLatencies } from "../ours.js";
import type { LoadSeconds } from "./load.js";
import type { Plan } from "./plans.js";
import type { BootRates } from "./scenario.js";

// The markdown printed by bench/pglite/run.ts: one row of the same columns as the in-memory
// scale table, then which index each statement reads, then the plans in full.

/** What the run measured (also written to bench/results-pglite.json). */
export type PgliteResult = {
  readonly world: {
    readonly accounts: number;
    readonly images: number;
    readonly members: number;
    readonly events: number;
    readonly feedEntries: number;
  };
  readonly loadSeconds: LoadSeconds & { readonly world: number; readonly startup: number };
  readonly boot: BootRates;
  /** Diagnostic: one primary-key SELECT straight on the PGlite client (no store, no service). */
  readonly primaryKeyLookUp: Throughput;
  readonly lists: ListLatencies;
  readonly probes: { readonly name: string; readonly plans: Plan[] }[];
};

const count = (n: number): string => (n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(n));
const micros = (m: number): string => (m >= 1_000 ? `${(m / 1000).toFixed(2)} ms` : `${m.toFixed(0)} µs`);
const latency = (l: Latency | undefined): string => (l === undefined ? "—" : `${micros(l.medianMicros)} / ${micros(l.p99Micros)}`);
const rate = (r: number): string => (r >= 1e3 ? `${(r / 1e3).toFixed(1)} k/s` : `${r.toFixed(0)} /s`);
const rates = (t: Throughput): string => `${rate(t.cpuOpsPerSecond)} (wall ${rate(t.opsPerSecond)})`;
const oneLine = (sql: string): string => sql.replace(/\s+/g, " ").trim();

/** The whole report. */
export function markdownReport(r: PgliteResult, environment: { node: string; cpus: number; cpuModel: string; seconds: number }): string {
  const load = r.loadSeconds;
  const loading = load.images + load.members + load.events + load.analyze;
  const lines = [
    "## The Postgres store on PGlite (in-process, one account with 100 visible images; through the service, validation on)",
    "",
    "| images | members | accounts | listImages global, 100 items (median / p99) | listImages IAD | listPendingShares, 20 items | authorizeBoot accepted share | own image | denied | bulk load + ANALYZE |",
    "|---:|---:|---:|---|---|---|---:|---:|---:|---:|",
    `| ${count(r.world.images)} | ${count(r.world.members)} | ${count(r.world.accounts)} | ${latency(r.lists.listImages.global)} | ${latency(r.lists.listImages.IAD)} | ` +
      `${latency(r.lists.listPendingShares)} | ${rates(r.boot.acceptedShare)} | ${rates(r.boot.ownImage)} | ${rates(r.boot.denied)} | ${loading.toFixed(1)} s |`,
    "",
    `Rates are per CPU-second of the process, which includes PGlite's engine (it runs in-process); wall-clock in brackets. ` +
      `For scale: one primary-key SELECT straight on the PGlite client runs at ${rates(r.primaryKeyLookUp)}; an authorizeBoot sends two. ` +
      `The database also holds ${count(r.world.events)} events and ${count(r.world.feedEntries)} feed entries. ` +
      `Load: images ${load.images.toFixed(1)} s, members ${load.members.toFixed(1)} s, events ${load.events.toFixed(1)} s, ANALYZE ${load.analyze.toFixed(1)} s.`,
    "",
    "### Query plans (EXPLAIN with the probe's own parameters, after ANALYZE; no planner settings changed)",
    "",
    "| call | statement | indexes read | Seq Scan on images / members / events |",
    "|---|---|---|---|",
  ];
  for (const probe of r.probes) {
    for (const plan of probe.plans) {
      const statement = oneLine(plan.statement.text);
      const short = statement.length > 90 ? `${statement.slice(0, 87)}…` : statement;
      lines.push(
        `| ${probe.name} | \`${short}\` | ${plan.indexes.join(", ") || "—"} | ${plan.seqScans.length === 0 ? "none" : plan.seqScans.join(", ")} |`,
      );
    }
  }
  lines.push("", "<details><summary>Plans in full (FORMAT TEXT)</summary>", "");
  const shown = new Set<string>();
  for (const probe of r.probes) {
    for (const plan of probe.plans) {
      const key = `${plan.statement.text}\u0000${JSON.stringify(plan.statement.params)}`;
      if (shown.has(key)) continue;
      shown.add(key);
      lines.push(
        `**${probe.name}** — params ${JSON.stringify(plan.statement.params)}`,
        "",
        "```sql",
        oneLine(plan.statement.text),
        "```",
        "```",
        plan.text,
        "```",
        "",
      );
    }
  }
  lines.push(
    "</details>",
    "",
    `Node ${environment.node}, ${environment.cpus} × ${environment.cpuModel}; PGlite started in ${load.startup.toFixed(1)} s, world built in ${load.world.toFixed(1)} s; ` +
      `${environment.seconds.toFixed(0)} s in all.`,
    "",
  );
  return lines.join("\n");
}
