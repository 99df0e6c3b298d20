import type { ImageSharingStore } from "cloud-image-sharing";

/**
 * What `runStoreConformance` gives `makeStore`: the account directory the store must know,
 * as `{ id }` entries (the one shape of an account entry everywhere, as `createInMemoryStore`
 * takes it).
 */
export type StoreSetup = { readonly accounts: readonly { readonly id: string }[] };

/** A test runner's `describe`: registers a group; `body` registers its cases synchronously. */
export type DescribeFn = (name: string, body: () => void) => unknown;

/** A test runner's `it`/`test`: registers one case; `body` rejects when the case fails. */
export type ItFn = (name: string, body: () => Promise<void>) => unknown;

/**
 * Options of `runStoreConformance`. The suite is runner-agnostic: pass your runner's
 * `describe` and `it` (vitest, jest, `node:test`, mocha…); every case asserts with
 * `node:assert/strict` and gets a fresh store. `Store` is your adapter's type, so `teardown`
 * receives exactly what `makeStore` returned.
 */
export type StoreConformanceOptions<Store extends ImageSharingStore = ImageSharingStore> = {
  /** Names the top-level group, e.g. `"postgres store"`. */
  readonly name: string;
  /**
   * A fresh, empty store whose account directory holds exactly `setup.accounts`. Called once
   * per case (more for the cases that need a second store or a large directory): stores of
   * different calls MUST NOT share data.
   */
  readonly makeStore: (setup: StoreSetup) => Promise<Store> | Store;
  /** Frees what `makeStore` took (connections, schemas); called for every store after its case, pass or fail. */
  readonly teardown?: (store: Store) => Promise<void> | void;
  /** Your runner's `describe`. */
  readonly describe: DescribeFn;
  /** Your runner's `it` or `test`. */
  readonly it: ItFn;
  /**
   * Fails a case that has not finished after this many milliseconds (default 10 000): a
   * hanging store fails instead of hanging the run. Keep your runner's own timeout above it
   * (and above `largeCaseTimeoutMs` when the large cases run).
   */
  readonly timeoutMs?: number;
  /**
   * Registers the large cases (default `true`): a directory of 10,000 accounts, an image with
   * 3,300 members committed and deleted in one step (a SQL adapter that sends one parameter per
   * row breaks at the wire protocol's 65,535 parameters). Turn them off for a quick inner loop;
   * keep them on in CI.
   */
  readonly largeCases?: boolean;
  /** The time limit of each large case in milliseconds (default 120 000). */
  readonly largeCaseTimeoutMs?: number;
};
