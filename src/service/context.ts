import { IdSchema } from "../domain/ids.js";
import type { ImageSharingStore } from "../ports/store.js";

/** What every operation of one service instance shares. */
export type ServiceContext = {
  readonly store: ImageSharingStore;
  readonly regions: ReadonlySet<string>;
  readonly memberQuota: number;
  readonly maxAttempts: number;
  /** The injected clock's time as an ISO-8601 string. Throws if the clock misbehaves. */
  readonly now: () => string;
  /** A new id from the injected generator. Throws if the generator returns an invalid id. */
  readonly newId: () => string;
};

/** Wraps the host's clock so a bad value fails loudly (and becomes a `StorageFailure`). */
export function checkedClock(clock: () => Date): () => string {
  return () => {
    const date = clock();
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError("clock() did not return a valid Date");
    return date.toISOString();
  };
}

/** Wraps the host's id generator so an invalid id never reaches the store. */
export function checkedIdGenerator(newId: () => string): () => string {
  return () => {
    const id = newId();
    if (!IdSchema.safeParse(id).success) throw new TypeError(`newId() returned an invalid id: ${JSON.stringify(id)}`);
    return id;
  };
}
