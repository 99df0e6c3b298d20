import assert from "node:assert/strict";
import type { SharingError } from "cloud-image-sharing";
import type { Result } from "neverthrow";

// Unwrapping results in tests: the one home of okOf / errOf for every test folder. node:assert,
// so these work under any runner.

/** The ok value of a call; throws (failing the test or property) with the error otherwise. */
export async function okOf<T>(call: PromiseLike<Result<T, SharingError>>): Promise<T> {
  const result = await call;
  if (result.isErr()) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The error of a call, checked to be of `type` when given; throws if the call succeeded. */
export async function errOf<T>(
  call: PromiseLike<Result<T, SharingError>>,
  type?: SharingError["type"],
): Promise<SharingError> {
  const result = await call;
  if (result.isOk())
    throw new Error(`expected an error${type === undefined ? "" : ` ${type}`}, got ${JSON.stringify(result.value)}`);
  if (type !== undefined) assert.equal(result.error.type, type, result.error.message);
  return result.error;
}

/** `"ok"` or the error type: the outcome of a result in one word. */
export const outcomeOf = (result: Result<unknown, SharingError>): string => (result.isOk() ? "ok" : result.error.type);
