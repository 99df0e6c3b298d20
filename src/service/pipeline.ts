import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type z, ZodError } from "zod";
import type { ImageChange } from "../domain/change.js";
import { type SharingError, SharingErrors, type ValidationIssue } from "../domain/errors.js";
import type { SharingEvent } from "../domain/events.js";
import { type Principal, PrincipalSchema } from "../domain/principal.js";
import type { StoreCommit } from "../ports/store.js";
import type { ServiceContext } from "./context.js";

// The four steps every operation takes (validate -> load -> decide -> commit) and the guard
// that keeps the public API from ever throwing (R15).

/** zod issues in the library's shape; paths start at the argument (`principal` is prefixed). */
function issuesOf(error: z.ZodError, prefix: (string | number)[]): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((key) => (typeof key === "symbol" ? String(key) : key))],
    message: issue.message,
  }));
}

/**
 * Runs a zod parse that may itself throw: a getter or a `Proxy` in the caller's value can throw
 * while zod reads it. Such a value is unreadable input, so it is a `ValidationError`, not a
 * `StorageFailure`.
 */
function readSafely<T>(parse: () => z.ZodSafeParseResult<T>): z.ZodSafeParseResult<T> {
  try {
    return parse();
  } catch {
    return { success: false, error: unreadable() } as z.ZodSafeParseResult<T>;
  }
}

/** A zod error saying the argument could not be read (its path is the argument itself). */
function unreadable(): z.ZodError {
  return new ZodError([{ code: "custom", path: [], message: "the value could not be read (a getter or proxy threw)", input: undefined }]);
}

/** Step 1: the principal and the input, both parsed; every problem of both in one `ValidationError`. */
export function validate<S extends z.ZodType>(
  schema: S,
  principal: unknown,
  input: unknown,
): Result<{ principal: Principal; input: z.output<S> }, SharingError> {
  const p = readSafely(() => PrincipalSchema.safeParse(principal));
  const i = readSafely(() => schema.safeParse(input));
  if (p.success && i.success) return ok({ principal: p.data, input: i.data });
  const issues = [...(p.success ? [] : issuesOf(p.error, ["principal"])), ...(i.success ? [] : issuesOf(i.error, []))];
  return err(SharingErrors.validation(issues));
}

/**
 * Runs an operation so that nothing escapes as an exception or a rejected promise: a throw
 * anywhere (a misbehaving store, clock or id generator) becomes `StorageFailure`.
 */
export function guarded<T>(run: () => Promise<Result<T, SharingError>>): ResultAsync<T, SharingError> {
  const settled = (async () => {
    try {
      return await run();
    } catch (cause) {
      return err<T, SharingError>(SharingErrors.storageFailure(cause));
    }
  })();
  return new ResultAsync(settled);
}

/** A public method: validation, then the body, all under {@link guarded}. */
export function operation<S extends z.ZodType, T>(
  schema: S,
  body: (principal: Principal, input: z.output<S>) => Promise<Result<T, SharingError>> | ResultAsync<T, SharingError>,
): (principal: unknown, input?: unknown) => ResultAsync<T, SharingError> {
  return (principal, input) =>
    guarded(async () => {
      const valid = validate(schema, principal, input);
      if (valid.isErr()) return err(valid.error);
      return await body(valid.value.principal, valid.value.input);
    });
}

/** What one attempt at a change decided: the caller's value, the change, and the version it saw. */
export type Attempt<T> = { value: T; change: ImageChange | null; expectedVersion: number | null };

/**
 * Steps 2–4 of a write, repeated while another operation wins the race (R16): load the facts,
 * decide, commit with the version the decision saw. A lost race re-loads and re-decides, so
 * every rule (the quota included) is checked again on fresh facts; after `maxAttempts` lost
 * races the caller gets `ConcurrentModification`. A decision without a change commits nothing.
 */
export async function decideAndCommit<T>(
  ctx: ServiceContext,
  imageId: () => string,
  attempt: (now: string, imageId: string) => Promise<Result<Attempt<T>, SharingError>>,
): Promise<Result<T, SharingError>> {
  for (let round = 0; round < ctx.maxAttempts; round += 1) {
    const now = ctx.now();
    const id = imageId();
    const decided = await attempt(now, id);
    if (decided.isErr()) return err(decided.error);
    const { value, change, expectedVersion } = decided.value;
    if (change === null) return ok(value);
    const committed = await ctx.store.commit(toCommit(ctx, id, expectedVersion, change, now));
    if (committed.isOk()) return ok(value);
    if (committed.error.type !== "ConcurrentModification") return err(committed.error);
  }
  return err(SharingErrors.concurrentModification());
}

/** Stamps the decided events with ids and the decision's time, and addresses the commit. */
function toCommit(ctx: ServiceContext, imageId: string, expectedVersion: number | null, change: ImageChange, now: string): StoreCommit {
  const events: SharingEvent[] = change.events.map((draft) => ({ ...draft, id: ctx.newId(), occurredAt: now }));
  return { ...change, imageId, expectedVersion, events };
}
