import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { expiredSharesListing } from "./expired-shares.js";
import { markdownReport } from "./report.js";
import type { ScaleResult } from "./scale.js";

// `npm run bench`: one worker process per store size, then a markdown table on stdout and the
// raw numbers in bench/results.json. Sizes and the casbin cut-off can be changed:
//   BENCH_SIZES=1e4,1e5 BENCH_CASBIN_MAX=1e4 npm run bench

const sizes = (process.env.BENCH_SIZES ?? "1e4,1e5,1e6").split(",").map(Number);
const casbinMaxSize = Number(process.env.BENCH_CASBIN_MAX ?? 1e5);
const workerPath = fileURLToPath(new URL("./worker.ts", import.meta.url));

function runWorker(size: number, breakdown: boolean): Promise<ScaleResult> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [String(size), String(casbinMaxSize), breakdown ? "breakdown" : "-"], {
      // The tsx loader flags of this process, plus a GC we can call and room for a million records.
      execArgv: [...process.execArgv, "--expose-gc", "--max-old-space-size=8192"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: ScaleResult | undefined;
    child.on("message", (message) => {
      result = message as ScaleResult;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      result !== undefined ? resolve(result) : reject(new Error(`worker for size ${size} exited with ${code}`)),
    );
  });
}

const started = Date.now();
const loadBefore = loadavg();
const results: ScaleResult[] = [];
for (const size of sizes) {
  process.stderr.write(`bench: size ${size}\n`);
  results.push(await runWorker(size, results.length === 0));
}
process.stderr.write("bench: a consumer's list beside 10,000 expired shares\n");
const expiredShares = await expiredSharesListing();
const environment = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadavg(),
  seconds: (Date.now() - started) / 1000,
};
const outputPath = fileURLToPath(new URL("./results.json", import.meta.url));
writeFileSync(outputPath, `${JSON.stringify({ environment, results, expiredShares }, null, 2)}\n`);
process.stdout.write(markdownReport(results, environment, expiredShares));
process.stderr.write(`bench: done in ${environment.seconds.toFixed(0)} s; raw numbers in bench/results.json\n`);
