import type { ExpiredSharesResult } from "./expired-shares.js";
import type { Latency, Throughput } from "./measure.js";
import type { BootThroughput, ScaleResult } from "./scale.js";

// The markdown printed by `npm run bench`. Ratios are always "how many times better ours is":
// ours ÷ peer for checks per second, peer ÷ ours for latencies; above 1 means ours wins.
// Rates are per second of CPU time of the measuring process (steady on a shared machine);
// wall-clock rates are in results.json beside them. Latencies are wall-clock.

const rate = (t: Throughput | undefined): string => {
  if (t === undefined) return "—";
  const r = t.cpuOpsPerSecond;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : r >= 1e3 ? `${(r / 1e3).toFixed(1)} k/s` : `${r.toFixed(1)} /s`;
};
const micros = (m: number): string =>
  m >= 10_000 ? `${(m / 1000).toFixed(0)} ms` : m >= 1_000 ? `${(m / 1000).toFixed(1)} ms` : `${m.toFixed(1)} µs`;
const latency = (l: Latency | undefined): string =>
  l === undefined ? "—" : `${micros(l.medianMicros)} / ${micros(l.p99Micros)}`;
const times = (x: number): string =>
  Number.isFinite(x) ? `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×` : "—";
const count = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/** Checks per second over the three groups together: each group weighs the same number of calls. */
export function mixedRate(boot: BootThroughput): number {
  const groups = [boot.acceptedShare, boot.ownImage, boot.denied];
  return groups.length / groups.reduce((sum, t) => sum + 1 / t.cpuOpsPerSecond, 0);
}

function scaleTable(results: readonly ScaleResult[]): string[] {
  const lines = [
    "| images = members | accounts | listImages global, 100 items (median / p99) | listImages IAD | listPendingShares, 20 items | authorizeBoot accepted share | own image | denied | share + accept round trips |",
    "|---:|---:|---|---|---|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const boot = r.ours.bootThroughService;
    lines.push(
      `| ${count(r.size)} | ${count(r.world.accounts)} | ${latency(r.ours.listImages.global)} | ${latency(r.ours.listImages.IAD)} | ${latency(r.ours.listPendingShares)} | ${rate(boot.acceptedShare)} | ${rate(boot.ownImage)} | ${rate(boot.denied)} | ${rate(r.ours.shareAcceptRoundTrips)} |`,
    );
  }
  const first = results[0];
  const last = results[results.length - 1];
  if (first !== undefined && last !== undefined && last !== first) {
    const ratio = (pick: (r: ScaleResult) => Latency | undefined): string => {
      const a = pick(first);
      const b = pick(last);
      return a === undefined || b === undefined
        ? "—"
        : `${times(b.medianMicros / a.medianMicros)} / ${times(b.p99Micros / a.p99Micros)}`;
    };
    lines.push(
      "",
      `t(${count(last.size)}) / t(${count(first.size)}), median / p99 (target ≤ 1.5): listImages global ${ratio((r) => r.ours.listImages.global)}, ` +
        `listImages IAD ${ratio((r) => r.ours.listImages.IAD)}, listPendingShares ${ratio((r) => r.ours.listPendingShares)}.`,
    );
  }
  return lines;
}

function memoryTable(results: readonly ScaleResult[]): string[] {
  const lines = [
    "| images = members | per image (image + its ImageCreated event + indexes) | per member: record + indexes | per member: its events (ImageShared, then ShareAccepted/Rejected) | per member, total |",
    "|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const h = r.heap;
    lines.push(
      `| ${count(r.size)} | ${h.bytesPerImage.toFixed(0)} B | ${h.bytesPerMember.toFixed(0)} B | ${h.eventBytesPerMember.toFixed(0)} B | ${(h.bytesPerMember + h.eventBytesPerMember).toFixed(0)} B |`,
    );
  }
  return lines;
}

function peerTable(r: ScaleResult): string[] {
  const ours = r.ours.bootThroughService;
  const oursList = r.ours.listImages.global;
  const lines = [
    `**${count(r.size)} images, ${count(r.world.members)} members**`,
    "",
    "| implementation | boot: accepted share | own image | denied | ours ÷ it (mixed) | listImages global (median / p99) | it ÷ ours (median) | build |",
    "|---|---:|---:|---:|---:|---|---:|---:|",
    `| **ours** (service, zod validation, async) | ${rate(ours.acceptedShare)} | ${rate(ours.ownImage)} | ${rate(ours.denied)} | 1× | ${latency(oursList)} | 1× | ${(r.loadSeconds.images + r.loadSeconds.members + r.loadSeconds.memberEvents).toFixed(1)} s |`,
  ];
  const bound = r.ours.bootThroughBoundService;
  lines.push(
    `| ours, \`sharing.as(principal)\` (principal validated once, input every call) | ${rate(bound.acceptedShare)} | ${rate(bound.ownImage)} | ${rate(bound.denied)} | ${times(mixedRate(ours) / mixedRate(bound))} | — | — | — |`,
  );
  for (const peer of r.peers) {
    if (peer.boot === undefined || peer.listImages === undefined) {
      lines.push(`| ${peer.name} | ${peer.skipped ?? "not run"} | | | | | | |`);
      continue;
    }
    const list = peer.listImages.global;
    const listRatio =
      list === undefined || oursList === undefined ? Number.NaN : list.medianMicros / oursList.medianMicros;
    lines.push(
      `| ${peer.name} | ${rate(peer.boot.acceptedShare)} | ${rate(peer.boot.ownImage)} | ${rate(peer.boot.denied)} | ${times(mixedRate(ours) / mixedRate(peer.boot))} | ${latency(list)} | ${times(listRatio)} | ${peer.buildSeconds.toFixed(1)} s |`,
    );
  }
  const versus = r.ours.bootVersusCasl;
  lines.push(
    "",
    `**Ours ÷ CASL, side by side** (authorizeBoot with a per-call principal; ${versus.ratios.length} rounds, each timing the sides on the three question sets back to back, each side first in turn): **${times(versus.median)}** median (rounds: ${versus.ratios.map(times).join(", ")}).`,
    "",
    `**Ours ÷ CASL behind the same contract** (each CASL answer handed over in a \`ResultAsync\` the loop awaits, as every call of ours is; same rounds): **${times(versus.behindContract.median)}** median (rounds: ${versus.behindContract.ratios.map(times).join(", ")}).`,
  );
  return lines;
}

function breakdownTable(results: readonly ScaleResult[]): string[] {
  const first = results.find((r) => r.bootBreakdown !== null);
  if (first?.bootBreakdown == null) return [];
  return [
    `## Where one authorizeBoot goes (${count(first.size)} images; CPU ns per call, each step timed alone)`,
    "",
    "| step | ns per call |",
    "|---|---:|",
    ...first.bootBreakdown.map((s) => `| ${s.step} | ${s.nanosPerCall.toFixed(0)} |`),
    "",
  ];
}

/** The whole report: scale, memory, peers, and the conditions of the run. */
export function markdownReport(
  results: readonly ScaleResult[],
  environment: {
    node: string;
    cpus: number;
    cpuModel: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
    seconds: number;
  },
  expired: ExpiredSharesResult,
): string {
  const sections = [
    "## Our in-memory store at scale (one account with 100 visible images; rates per CPU-second, through the service)",
    "",
    ...scaleTable(results),
    "",
    "## Heap per record (live heap after full GCs, before/after each load phase)",
    "",
    ...memoryTable(results),
    "",
    "## The same questions answered by the libraries a user would pick instead",
    "",
    ...results.flatMap((r) => [...peerTable(r), ""]),
    ...breakdownTable(results),
    `## A consumer's first page (100 live accepted shares) beside ${count(expired.expiredShares)} expired ones (R18)`,
    "",
    "| expired shares in the consumer's indexes | listImages, 100 items (median / p99) |",
    "|---:|---|",
    `| 0 | ${latency(expired.withoutExpired)} |`,
    `| ${count(expired.expiredShares)} | ${latency(expired.withExpired)} |`,
    "",
    `Node ${environment.node}, ${environment.cpus} × ${environment.cpuModel}; load average ${environment.loadAverageBefore.map((l) => l.toFixed(1)).join(" ")} before, ` +
      `${environment.loadAverageAfter.map((l) => l.toFixed(1)).join(" ")} after; ${environment.seconds.toFixed(0)} s in all.`,
    "",
  ];
  return sections.join("\n");
}
