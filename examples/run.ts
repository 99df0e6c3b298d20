// `npm run example [-- --store memory]`: runs the scenario on the chosen store, prints every
// step, and exits non-zero when any step's outcome differs from what the scenario expects, so a
// regression fails CI instead of scrolling by.

// Imported by package name, exactly as in your application; inside this repository the
// tsconfig `paths` map it to the sources, so the example runs without a build.
import { createImageSharing } from "cloud-image-sharing";
import { exampleClock, runScenario } from "./scenario.js";
import { isStoreKind, makeExampleStore, STORE_KINDS, type StoreKind } from "./stores.js";

/** The `--store` argument (`--store memory` or `--store=memory`); `memory` when absent. */
function storeKindFrom(args: readonly string[]): StoreKind | { unknown: string } {
  const at = args.findIndex((a) => a === "--store" || a.startsWith("--store="));
  if (at === -1) return "memory";
  const arg = args[at] ?? "";
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (args[at + 1] ?? "");
  return isStoreKind(value) ? value : { unknown: value };
}

async function main(): Promise<number> {
  const kind = storeKindFrom(process.argv.slice(2));
  if (typeof kind !== "string") {
    console.error(`unknown store "${kind.unknown}"; use --store ${STORE_KINDS.join(" | ")}`);
    return 2;
  }
  const { store, close } = await makeExampleStore(kind);
  try {
    // The service clock is injected, so the story can let two hours pass at once (R18).
    const clock = exampleClock();
    const sharing = createImageSharing({ store, regions: ["IAD", "DFW", "LON"], clock: clock.now });
    console.log(`cloud-image-sharing example, store: ${kind}\n`);
    const report = await runScenario(sharing, (line) => console.log(line), clock);
    const failed = report.steps.filter((s) => !s.passed);
    console.log(
      failed.length === 0
        ? `\nAll ${report.steps.length} steps behaved as expected.`
        : `\n${failed.length} of ${report.steps.length} steps did not behave as expected: ${failed.map((s) => s.number).join(", ")}`,
    );
    return failed.length === 0 ? 0 : 1;
  } finally {
    await close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
