import { ok, type Result } from "neverthrow";

/** One frozen `ok(undefined)` for every check that passes: a Result is never changed once made. */
const PASSED_RESULT: Result<void, never> = Object.freeze(ok(undefined));

/**
 * The answer of a check that passed (a region known, a role held, a quota not reached). One
 * shared, frozen instance: the hot checks (the boot check makes three) allocate nothing to say yes.
 */
export function passed<E>(): Result<void, E> {
  return PASSED_RESULT;
}
