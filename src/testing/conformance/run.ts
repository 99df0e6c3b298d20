import type { ImageSharingStore } from "cloud-image-sharing";
import { atomicityGuarantees, cascadeGuarantees, raceGuarantees } from "./cases-consistency.js";
import { largeGuarantees } from "./cases-large.js";
import { listGuarantees } from "./cases-lists.js";
import { policyGuarantees } from "./cases-policies.js";
import { readsAfterWrites } from "./cases-reads.js";
import { safetyGuarantees } from "./cases-safety.js";
import { eventGuarantees, usageGuarantees } from "./cases-usage-events.js";
import { versionGuarantees } from "./cases-versions.js";
import { eventFactory, SETUP_ACCOUNTS } from "./fixtures.js";
import type { ConformanceCase, ConformanceGroup } from "./harness.js";
import type { StoreConformanceOptions, StoreSetup } from "./options.js";

/** Every group of guarantees, in the order they are registered. */
const GROUPS: readonly ConformanceGroup[] = [
  readsAfterWrites,
  listGuarantees,
  usageGuarantees,
  eventGuarantees,
  policyGuarantees,
  versionGuarantees,
  atomicityGuarantees,
  cascadeGuarantees,
  raceGuarantees,
  safetyGuarantees,
  largeGuarantees,
];

const nameOf = (group: ConformanceGroup, guarantee: ConformanceCase): string => `${group.title} > ${guarantee.name}`;

/**
 * The names of every guarantee the conformance suite checks, as `"group > case"`: the names
 * your runner reports. The large ones (see {@link STORE_LARGE_GUARANTEES}) are among them.
 *
 * @example
 * console.log(STORE_GUARANTEES.length, "guarantees");
 */
export const STORE_GUARANTEES: readonly string[] = Object.freeze(
  GROUPS.flatMap((group) => group.cases.map((c) => nameOf(group, c))),
);

/** The names of the large guarantees: the ones `largeCases: false` leaves out. */
export const STORE_LARGE_GUARANTEES: readonly string[] = Object.freeze(
  GROUPS.flatMap((group) => group.cases.filter((c) => c.large === true).map((c) => nameOf(group, c))),
);

/** The account directory every store of the suite is made with (`makeStore` receives it as `setup.accounts`). */
export const CONFORMANCE_ACCOUNTS: readonly { readonly id: string }[] = SETUP_ACCOUNTS;

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_LARGE_TIMEOUT_MS = 120_000;

/**
 * Registers the store conformance suite with your test runner: one `describe` per group of
 * guarantees, one `it` per guarantee, each on a fresh store from `makeStore`, asserting with
 * `node:assert/strict`. It checks the `ImageSharingStore` contract only — reads after writes
 * (`readImageFacts`), list order, paging and expiry, storage usage, events, sharing policies,
 * optimistic versions (which never repeat for an id, across a delete and re-creation too),
 * atomic commits, cascade on delete, racing commits, isolation, copies, errors as values, and
 * sizes a real database meets — through hand-built `StoreCommit`s and `PolicyCommit`s.
 * A store may answer each call with a `Result` at once or a promise of one: both conform.
 *
 * @example
 * // vitest (or jest): my-store.test.ts
 * import { describe, it } from "vitest";
 * import { runStoreConformance } from "cloud-image-sharing/testing";
 * runStoreConformance({ name: "my store", makeStore: ({ accounts }) => createMyStore({ accounts }), describe, it });
 *
 * @example
 * // node:test, without the large cases for a quick inner loop
 * import { describe, it } from "node:test";
 * runStoreConformance({ name: "my store", makeStore, teardown: (s) => s.close(), describe, it, largeCases: false });
 */
export function runStoreConformance<Store extends ImageSharingStore>(options: StoreConformanceOptions<Store>): void {
  const withLarge = options.largeCases ?? true;
  options.describe(`${options.name}: ImageSharingStore conformance`, () => {
    for (const group of GROUPS) {
      const cases = group.cases.filter((c) => withLarge || c.large !== true);
      if (cases.length === 0) continue;
      options.describe(group.title, () => {
        for (const guarantee of cases) options.it(guarantee.name, () => runCase(options, guarantee));
      });
    }
  });
}

/** Runs one case on fresh stores, within the time limit, and tears every store down. */
async function runCase<Store extends ImageSharingStore>(
  options: StoreConformanceOptions<Store>,
  guarantee: ConformanceCase,
): Promise<void> {
  const stores: Store[] = [];
  const makeStore = async (
    setup: StoreSetup = { accounts: SETUP_ACCOUNTS.map((a) => ({ id: a.id })) },
  ): Promise<Store> => {
    const store = await options.makeStore(setup);
    stores.push(store);
    return store;
  };
  const timeoutMs =
    guarantee.large === true
      ? (options.largeCaseTimeoutMs ?? DEFAULT_LARGE_TIMEOUT_MS)
      : (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let failure: unknown = null;
  try {
    await withTimeout(
      (async () => {
        const store = await makeStore();
        await guarantee.run({ store, event: eventFactory(), anotherStore: makeStore });
      })(),
      timeoutMs,
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
