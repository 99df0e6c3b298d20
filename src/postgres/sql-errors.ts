import { err, ok, type Result } from "neverthrow";
import { SharingErrors, type StoreError } from "../domain/errors.js";
import { UnreadableRow } from "./rows.js";

/** SQLSTATEs that mean "the same work may succeed if tried again": serialization failure, deadlock. */
const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(["40001", "40P01"]);

/** The SQLSTATE of a driver error (`pg` and PGlite both put it in `code`), or `undefined`. */
export function sqlStateOf(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null || !("code" in cause)) return undefined;
  const code = (cause as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** True for a serialization failure or a deadlock: the statement was rolled back and may be re-run. */
export function isRetryable(cause: unknown): boolean {
  const state = sqlStateOf(cause);
  return state !== undefined && RETRYABLE_SQLSTATES.has(state);
}

/** A refusal the store itself decides on (a lost optimistic race, an invalid commit): thrown out of the work, turned into its error value. */
export class Refusal extends Error {
  readonly error: StoreError;
  constructor(error: StoreError) {
    super(error.message);
    this.error = error;
  }
}

/**
 * Runs `work` and turns every way it can fail into a value (R15): serialization failures and
 * deadlocks are re-run up to `retries` more times, then reported as `ConcurrentModification`
 * (the engine says another transaction won); a {@link Refusal} is its own error; a row this
 * release cannot read is `StorageFailure` `"invalid-response"`; anything else (the driver
 * rejecting, a lost connection) is `StorageFailure` `"unavailable"` carrying the driver's error.
 */
export async function settle<T>(work: () => Promise<T>, retries: number): Promise<Result<T, StoreError>> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return ok(await work());
    } catch (cause) {
      if (cause instanceof Refusal) return err(cause.error);
      if (cause instanceof UnreadableRow) return err(SharingErrors.storageFailure(cause, "invalid-response"));
      if (!isRetryable(cause)) return err(SharingErrors.storageFailure(cause, "unavailable"));
      if (attempt >= retries) return err(SharingErrors.concurrentModification());
    }
  }
}
