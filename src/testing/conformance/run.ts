import type { ImageSharingStore } from "cloud-image-sharing";
import { atomicityGuarantees, cascadeGuarantees, raceGuarantees, versionGuarantees } from "./cases-consistency.js";
import { listGuarantees } from "./cases-lists.js";
import { readsAfterWrites } from "./cases-reads.js";
import { safetyGuarantees } from "./cases-safety.js";
import { eventGuarantees, usageGuarantees } from "./cases-usage-events.js";
import { eventFactory, SETUP_ACCOUNTS } from "./fixtures.js";
import type { ConformanceCase, ConformanceGroup } from "./harness.js";
import type { StoreConformanceOptions } from "./options.js";

/** Every group of guarantees, in the order they are registered. */
const GROUPS: readonly ConformanceGroup[] = [
  readsAfterWrites,
  listGuarantees,
  usageGuarantees,
  eventGuarantees,
  versionGuarantees,
  atomicityGuarantees,
  cascadeGuarantees,
  raceGuarantees,
  safetyGuarantees,
];

/**
 * The names of every guarantee the conformance suite checks, as `"group > case"`: the names
 * your runner reports.
 *
 * @example
 * console.log(STORE_GUARANTEES.length, "guarantees");
 */
export const STORE_GUARANTEES: readonly string[] = Object.freeze(GROUPS.flatMap((group) => group.cases.map((c) => `${group.title} > ${c.name}`)));

/** The accounts every store of the suite is made with (`makeStore` receives them in `setup.accounts`). */
export const CONFORMANCE_ACCOUNTS: readonly string[] = SETUP_ACCOUNTS;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Registers the store conformance suite with your test runner: one `describe` per group of
 * guarantees, one `it` per guarantee, each on a fresh store from `makeStore`, asserting with
 * `node:assert/strict`. It checks the `ImageSharingStore` contract only (reads after writes,
 * list order and paging, events, optimistic versions, atomic commits, cascade on delete,
 * racing commits, isolation, copies, errors as values) through hand-built `StoreCommit`s.
 *
 * @example
 * // vitest (or jest): my-store.test.ts
 * import { describe, it } from "vitest";
 * import { runStoreConformance } from "cloud-image-sharing/testing";
 * runStoreConformance({ name: "my store", makeStore: ({ accounts }) => createMyStore(accounts), describe, it });
 *
 * @example
 * // node:test
 * import { describe, it } from "node:test";
 * runStoreConformance({ name: "my store", makeStore, teardown: (s) => s.close(), describe, it });
 */
export function runStoreConformance<Store extends ImageSharingStore>(options: StoreConformanceOptions<Store>): void {
  options.describe(`${options.name}: ImageSharingStore conformance`, () => {
    for (const group of GROUPS) {
      options.describe(group.title, () => {
        for (const guarantee of group.cases) options.it(guarantee.name, () => runCase(options, guarantee));
      });
    }
  });
}

/** Runs one case on fresh stores, within the time limit, and tears every store down. */
async function runCase<Store extends ImageSharingStore>(options: StoreConformanceOptions<Store>, guarantee: ConformanceCase): Promise<void> {
  const stores: Store[] = [];
  const makeStore = async (): Promise<Store> => {
    const store = await options.makeStore({ accounts: [...SETUP_ACCOUNTS] });
    stores.push(store);
    return store;
  };
  let failure: unknown = null;
  try {
    const store = await makeStore();
    await withTimeout(
      guarantee.run({ store, event: eventFactory(), anotherStore: makeStore }),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      guarantee.name,
    );
  } catch (thrown) {
    failure = thrown;
  }
  for (const store of stores) {
    try {
      await options.teardown?.(store);
    } catch (thrown) {
      // The case's own failure says more than a teardown that failed because of it.
      failure ??= thrown;
    }
  }
  if (failure !== null) throw failure;
}

/** `work`, or a rejection naming the case once `ms` have passed. */
async function withTimeout(work: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`conformance case timed out after ${ms} ms: ${name}`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
