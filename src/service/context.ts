import { IdSchema } from "../domain/ids.js";
import { isPlainId } from "../domain/quick-parse.js";
import type { RoleMap } from "../domain/role.js";
import type { ImageSharingStore, StoreAnswer } from "../ports/store.js";
import type { CursorCodec } from "./cursor.js";
import type { KnownFacts } from "./known-facts.js";
import { type AskOptions, ask, type Eventually } from "./store-calls.js";

/** What every operation of one service instance shares. */
export type ServiceContext = {
  readonly store: ImageSharingStore;
  readonly regions: ReadonlySet<string>;
  readonly memberQuota: number;
  readonly roleMap: Readonly<RoleMap>;
  readonly maxAttempts: number;
  /** Waits before re-deciding after the given number of lost races (exponential backoff with full jitter). */
  readonly backoff: (lostRaces: number) => Promise<void> | null;
  readonly cursors: CursorCodec;
  /** The injected clock's time as an ISO-8601 string. Throws if the clock misbehaves. */
  readonly now: () => string;
  /** A new id from the injected generator. Throws if the generator returns an invalid id. */
  readonly newId: () => string;
  /** What this instance knows of the images it recently changed (see known-facts.ts): changes only, never reads. */
  readonly known: KnownFacts;
  /** Reads from the store, guarded (see `ask`). */
  readonly read: <T>(call: (store: ImageSharingStore) => StoreAnswer<T>) => Eventually<T>;
  /** Writes to the store, guarded; a write that times out has an unknown outcome. */
  readonly write: <T>(call: (store: ImageSharingStore) => StoreAnswer<T>) => Eventually<T>;
};

/** The guarded read and write of a store, with the service's timeout. */
export function storeCalls(store: ImageSharingStore, timeoutMs: number): Pick<ServiceContext, "read" | "write"> {
  // The options are made once: a read is on every call's path, and each allocation there counts.
  const reads: AskOptions = { timeoutMs, write: false };
  const writes: AskOptions = { timeoutMs, write: true };
  return {
    read: (call) => ask(store, call, reads),
    write: (call) => ask(store, call, writes),
  };
}

/**
 * Exponential backoff with full jitter (a random wait up to `base × 2^n`, capped): racing
 * callers spread out instead of colliding again in lockstep, and no kind of call is favoured,
 * so none is starved (R16). `null` when there is nothing to wait.
 */
export function jitteredBackoff(
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): (lostRaces: number) => Promise<void> | null {
  return (lostRaces) => {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(lostRaces, 30));
    const wait = random() * ceiling;
    return wait < 0.05 ? null : new Promise((resolve) => setTimeout(resolve, wait));
  };
}

/** Wraps the host's clock so a bad value fails loudly (and becomes a `StorageFailure`). */
export function checkedClock(clock: () => Date): () => string {
  return () => {
    const date = clock();
    if (!(date instanceof Date) || Number.isNaN(date.getTime()))
      throw new TypeError("clock() did not return a valid Date");
    return date.toISOString();
  };
}

/** Wraps the host's id generator so an invalid id never reaches the store. */
export function checkedIdGenerator(newId: () => string): () => string {
  return () => {
    const id = newId();
    // The quick check first (every event of every change takes an id); zod judges the rest.
    if (!isPlainId(id) && !IdSchema.safeParse(id).success)
      throw new TypeError(`newId() returned an invalid id: ${JSON.stringify(id)}`);
    return id;
  };
}
