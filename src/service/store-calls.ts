import { err, ok, type Result } from "neverthrow";
import { SharingErrors, type StoreError } from "../domain/errors.js";
import type { ImageSharingStore, StoreAnswer } from "../ports/store.js";

// Every call into the store goes through `ask`: whatever the store does — answer a Result at
// once or later, throw, reject, resolve to something that is no Result, answer an error value of
// its own, or never settle — the service gets a typed Result, and no promise is left without a
// handler (R15).

/** A result now, or later. */
export type Eventually<T> = Result<T, StoreError> | Promise<Result<T, StoreError>>;

/** True for anything with a callable `then` (a Promise, a neverthrow `ResultAsync`, a foreign thenable). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Applies `next` to a result now or later, staying synchronous when the result is. */
export function andThen<A, B, E>(
  value: Result<A, E> | Promise<Result<A, E>>,
  next: (result: Result<A, E>) => B,
): B | Promise<B> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Options of one store call. */
export type AskOptions = { readonly timeoutMs: number; readonly write: boolean };

/**
 * Calls `call(store)` and turns whatever comes back into a `Result` with a {@link StoreError}:
 * - a throw or a rejection is `StorageFailure` (`reason: "unavailable"`) with it as `cause`;
 * - an error value that is not one of the port's (a raw driver error, a string, `undefined`)
 *   is `StorageFailure` with that value as `cause`;
 * - an answer that is not a `Result` is `StorageFailure` (`reason: "invalid-response"`);
 * - no answer within `timeoutMs` is `StorageFailure` (`reason: "timeout"`; for a write, the
 *   outcome is unknown and the error says so). A late answer is still observed, and dropped.
 */
export function ask<T>(
  store: ImageSharingStore,
  call: (store: ImageSharingStore) => StoreAnswer<T>,
  options: AskOptions,
): Eventually<T> {
  let answer: unknown;
  try {
    answer = call(store);
  } catch (cause) {
    return err(SharingErrors.storageFailure(cause));
  }
  if (!isThenable(answer)) return resultOf<T>(answer);
  return settleWithin<T>(answer, options);
}

/**
 * A thenable answer as one native promise of a Result: the answer, its rejection, or the
 * deadline, whichever comes first (the timer is cleared then). It never rejects.
 */
function settleWithin<T>(
  thenable: PromiseLike<unknown>,
  { timeoutMs, write }: AskOptions,
): Promise<Result<T, StoreError>> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Result<T, StoreError>) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(result);
    };
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => finish(err(SharingErrors.storageTimeout(timeoutMs, write))), timeoutMs)
      : undefined;
    // A pending deadline must not keep a host process alive that is otherwise done.
    timer?.unref?.();
    try {
      thenable.then(
        (value) => finish(resultOf<T>(value)),
        (cause: unknown) => finish(err(SharingErrors.storageFailure(cause))),
      );
    } catch (cause) {
      finish(err(SharingErrors.storageFailure(cause)));
    }
  });
}

/** {@link toStoreResult}, a throw included (a foreign "Result" whose `isOk` throws): never throws. */
function resultOf<T>(value: unknown): Result<T, StoreError> {
  try {
    return toStoreResult<T>(value);
  } catch (cause) {
    return err(SharingErrors.storageFailure(cause));
  }
}

/** A value a store answered, as a Result with a port error. */
function toStoreResult<T>(value: unknown): Result<T, StoreError> {
  if (!isResult(value)) return err(SharingErrors.storageFailure(value, "invalid-response"));
  if (value.isOk()) {
    // A neverthrow Ok (of any copy: ESM or CJS) is passed on as it is, no re-wrapping on the hot path.
    const chainable =
      typeof (value as { map?: unknown }).map === "function" &&
      typeof (value as { andThen?: unknown }).andThen === "function";
    return chainable ? (value as unknown as Result<T, StoreError>) : ok(value.value as T);
  }
  return err(asStoreError(value.error));
}

/** Duck-typed: a Result of any copy of neverthrow (ESM and CJS copies may both be loaded). */
function isResult(value: unknown): value is { isOk(): boolean; value: unknown; error: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { isOk?: unknown }).isOk === "function" &&
    typeof (value as { isErr?: unknown }).isErr === "function"
  );
}

/** A port error as it is; anything else a store put in an `Err` becomes `StorageFailure` with it as `cause`. */
function asStoreError(error: unknown): StoreError {
  if (typeof error === "object" && error !== null) {
    const { type, message } = error as { type?: unknown; message?: unknown };
    if (type === "ConcurrentModification" && typeof message === "string") return error as StoreError;
    if (type === "StorageFailure" && typeof message === "string") {
      const reason = (error as { reason?: unknown }).reason;
      const known = reason === "unavailable" || reason === "timeout" || reason === "invalid-response";
      if (known) return error as StoreError;
      return { type: "StorageFailure", message, reason: "unavailable", cause: (error as { cause?: unknown }).cause };
    }
  }
  return SharingErrors.storageFailure(error);
}
