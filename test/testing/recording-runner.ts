import { runStoreConformance, type StoreConformanceOptions } from "cloud-image-sharing/testing";

/** The outcome of every guarantee, by `"group > case"` name. */
export type Outcomes = Map<string, { passed: boolean; message: string }>;

/**
 * Runs the conformance suite against `makeStore` with a recording `describe`/`it`: every case
 * runs, its pass or fail is collected, and nothing reaches vitest — so a test can assert that
 * a broken store fails the guarantees it breaks.
 */
export async function recordConformance(
  makeStore: StoreConformanceOptions["makeStore"],
  extra: Pick<StoreConformanceOptions, "teardown" | "timeoutMs" | "largeCases"> & { only?: number } = {},
): Promise<Outcomes> {
  const registered: { name: string; body: () => Promise<void> }[] = [];
  const groups: string[] = [];
  runStoreConformance({
    name: "recorded",
    makeStore,
    timeoutMs: extra.timeoutMs ?? 5_000,
    ...(extra.teardown === undefined ? {} : { teardown: extra.teardown }),
    ...(extra.largeCases === undefined ? {} : { largeCases: extra.largeCases }),
    describe: (name, body) => {
      groups.push(name);
      body();
      groups.pop();
    },
    // The top-level group names the store; the guarantee names start below it.
    it: (name, body) => registered.push({ name: [...groups.slice(1), name].join(" > "), body }),
  });
  const outcomes: Outcomes = new Map();
  // `only` runs the first N cases, for checks about the runner itself rather than the guarantees.
  for (const { name, body } of registered.slice(0, extra.only ?? registered.length)) {
    try {
      await body();
      outcomes.set(name, { passed: true, message: "" });
    } catch (thrown) {
      outcomes.set(name, { passed: false, message: thrown instanceof Error ? thrown.message : String(thrown) });
    }
  }
  return outcomes;
}

/** The names of the guarantees that failed. */
export function failed(outcomes: Outcomes): string[] {
  return [...outcomes].filter(([, outcome]) => !outcome.passed).map(([name]) => name);
}
