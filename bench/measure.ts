import { performance } from "node:perf_hooks";

// Timing helpers. Every measurement is bounded by a count AND a time budget, so one slow
// implementation (a linear scan at a million records) cannot blow the run's time limit.

/** Latency of one call: median and 99th percentile in microseconds, over `samples` calls. */
export type Latency = { readonly medianMicros: number; readonly p99Micros: number; readonly samples: number };

/**
 * Calls per second over `ops` calls: by the wall clock, and per second of this process's CPU
 * time (user + system, GC threads included). On a shared machine the second is the steadier one:
 * time the process spends waiting for a core does not count.
 */
export type Throughput = { readonly opsPerSecond: number; readonly cpuOpsPerSecond: number; readonly ops: number };

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** How long to measure: at most `maxOps` calls or `maxMs` milliseconds, but at least `minOps` calls. */
export type Budget = {
  readonly minOps: number;
  readonly maxOps: number;
  readonly maxMs: number;
  readonly warmupOps: number;
};

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Times each call of `run(k)` (awaited when it returns a promise) and reports median and p99. */
export async function measureLatency(run: (k: number) => unknown, budget: Budget): Promise<Latency> {
  for (let k = 0; k < budget.warmupOps; k += 1) await run(k);
  const samples: number[] = [];
  const deadline = performance.now() + budget.maxMs;
  for (let k = 0; k < budget.maxOps && (k < budget.minOps || performance.now() < deadline); k += 1) {
    const started = performance.now();
    await run(k);
    samples.push((performance.now() - started) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { medianMicros: percentile(samples, 0.5), p99Micros: percentile(samples, 0.99), samples: samples.length };
}

/** Calls of an async `run(k)` (a promise or any thenable, e.g. a `ResultAsync`), one after another, each awaited, per second. */
export async function measureThroughputAsync(run: (k: number) => unknown, budget: Budget): Promise<Throughput> {
  for (let k = 0; k < budget.warmupOps; k += 1) await run(k);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + budget.maxMs;
  let ops = 0;
  while (ops < budget.maxOps && (ops < budget.minOps || performance.now() < deadline)) {
    // Check the clock every 64 calls only: reading it costs about as much as a fast call.
    for (let burst = 0; burst < 64 && ops < budget.maxOps; burst += 1, ops += 1) await run(ops);
  }
  return {
    opsPerSecond: ops / ((performance.now() - started) / 1000),
    cpuOpsPerSecond: ops / cpuSecondsSince(cpu),
    ops,
  };
}

/** Calls of a synchronous `run(k)` per second (no await between calls, as a caller of a sync API would do). */
export function measureThroughputSync(run: (k: number) => unknown, budget: Budget): Throughput {
  for (let k = 0; k < budget.warmupOps; k += 1) run(k);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + budget.maxMs;
  let ops = 0;
  let sink = 0;
  while (ops < budget.maxOps && (ops < budget.minOps || performance.now() < deadline)) {
    for (let burst = 0; burst < 64 && ops < budget.maxOps; burst += 1, ops += 1) sink += run(ops) === true ? 1 : 0;
  }
  // Use the sink so the calls cannot be optimised away.
  if (sink < 0) throw new Error("unreachable");
  return {
    opsPerSecond: ops / ((performance.now() - started) / 1000),
    cpuOpsPerSecond: ops / cpuSecondsSince(cpu),
    ops,
  };
}

/** Wall-clock seconds an async step takes. */
export async function timed<T>(step: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await step();
  return { value, seconds: (performance.now() - started) / 1000 };
}
