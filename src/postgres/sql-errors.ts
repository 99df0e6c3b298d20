import { err, ok, type Result } from "neverthrow";
import { SharingErrors, type StoreError } from "../domain/errors.js";

/** SQLSTATEs that mean "the same work may succeed if tried again": serialization failure, deadlock. */
const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(["40001", "40P01"]);

/** The SQLSTATE of a driver error (`pg` and PGlite both put it in `code`), or `undefined`. */
export function sqlStateOf(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null || !("code" in cause)) return undefined;
  const code = (cause as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** True for a serialization failure or a deadlock: the transaction was rolled back and may be re-run. */
export function isRetryable(cause: unknown): boolean {
  const state = sqlStateOf(cause);
  return state !== undefined && RETRYABLE_SQLSTATES.has(state);
}

/**
 * A rejection the store itself decides on inside a transaction (a lost optimistic race, an
 * invalid commit): thrown to roll the transaction back, then turned into its error value.
 */
export class RollbackWith extends Error {
  readonly error: StoreError;
  constructor(error: StoreError) {
    super(error.message);
    this.error = error;
  }
}

/**
 * Runs `work` and turns every way it can fail into a value (R15): serialization failures and
 * deadlocks are re-run up to `retries` more times, then reported as `ConcurrentModification`
 * (the engine says another transaction won); a {@link RollbackWith} is its own error; anything
 * else is `StorageFailure` carrying the driver's error.
 */
export async function settle<T>(work: () => Promise<T>, retries: number): Promise<Result<T, StoreError>> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return ok(await work());
    } catch (cause) {
      if (cause instanceof RollbackWith) return err(cause.error);
      if (!isRetryable(cause)) return err(SharingErrors.storageFailure(cause));
      if (attempt >= retries) {
        return err(SharingErrors.concurrentModification(`the data (SQLSTATE ${sqlStateOf(cause)} after ${attempt + 1} attempts)`));
      }
    }
  }
}
