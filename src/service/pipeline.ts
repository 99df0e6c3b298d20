import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { z } from "zod";
import type { Decision, ImageChange } from "../domain/change.js";
import { type SharingError, SharingErrors, type ValidationIssue } from "../domain/errors.js";
import type { SharingEvent } from "../domain/events.js";
import { type Principal, PrincipalSchema } from "../domain/principal.js";
import type { StoreCommit } from "../ports/store.js";
import type { ServiceContext } from "./context.js";

// The four steps every operation takes (validate -> load -> decide -> commit) and the guard
// that keeps the public API from ever throwing (R15).

/** One argument parsed: its data, or the issues found in it. */
type Parsed<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: ValidationIssue[] };

/**
 * Parses one argument, with issue paths starting at `prefix` (`["principal"]` for the principal,
 * the input's root for the input). zod itself may throw while reading a hostile value (a getter
 * or a `Proxy` that throws): such a value is unreadable input, a `ValidationError`, not a
 * `StorageFailure`.
 */
function parseArgument<S extends z.ZodType>(schema: S, value: unknown, prefix: (string | number)[]): Parsed<z.output<S>> {
  try {
    const result = schema.safeParse(value);
    if (result.success) return { success: true, data: result.data };
    const issues = result.error.issues.map((issue) => ({
      // zod paths may hold symbols in general; our schemas only have string keys and indexes.
      path: [...prefix, ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))],
      message: issue.message,
    }));
    return { success: false, issues };
  } catch {
    return { success: false, issues: [{ path: prefix, message: "the value could not be read (a getter or proxy threw)" }] };
  }
}

/** Step 1: the principal and the input, both parsed; every problem of both in one `ValidationError`. */
export function validate<S extends z.ZodType>(
  schema: S,
  principal: unknown,
  input: unknown,
): Result<{ principal: Principal; input: z.output<S> }, SharingError> {
  const p = parseArgument(PrincipalSchema, principal, ["principal"]);
  const i = parseArgument(schema, input, []);
  if (p.success && i.success) return ok({ principal: p.data, input: i.data });
  return err(SharingErrors.validation([...(p.success ? [] : p.issues), ...(i.success ? [] : i.issues)]));
}

/**
 * A public method: validation, then the body, so that nothing escapes as an exception or a
 * rejected promise (R15). A throw anywhere after validation (a misbehaving store, clock or id
 * generator) becomes `StorageFailure`. Bodies return plain promises: one async layer per call,
 * because this wraps every call, the boot check's hot path included.
 */
export function operation<S extends z.ZodType, T>(
  schema: S,
  body: (principal: Principal, input: z.output<S>) => Promise<Result<T, SharingError>>,
): (principal: unknown, input?: unknown) => ResultAsync<T, SharingError> {
  const run = async (principal: unknown, input: unknown): Promise<Result<T, SharingError>> => {
    try {
      const valid = validate(schema, principal, input);
      if (valid.isErr()) return err(valid.error);
      return await body(valid.value.principal, valid.value.input);
    } catch (cause) {
      return err(SharingErrors.storageFailure(cause));
    }
  };
  return (principal, input) => new ResultAsync(run(principal, input));
}

/**
 * What one attempt decided, and the image version its facts were read at. `decided` is the
 * policy's verdict; the attempt itself fails only when the store does.
 */
export type Attempt<T> = { readonly expectedVersion: number | null; readonly decided: Result<Decision<T>, SharingError> };

/**
 * Steps 2–4 of a write, repeated while another operation wins the race (R16):
 * - the attempt reads the image's version FIRST, then the other facts, and decides;
 * - a change is committed with that version: if anything touched the image or its members
 *   since, the commit fails, and the loop re-loads and re-decides on fresh facts (so every rule,
 *   the quota included, is checked again);
 * - a verdict that commits nothing (a refusal, an idempotent repeat) is confirmed by reading the
 *   version again: unchanged means its facts were one consistent state, so the answer is one
 *   some serial order would give; changed means it is decided again.
 * After `maxAttempts` lost races the caller gets `ConcurrentModification`.
 */
export async function decideAndCommit<T>(
  ctx: ServiceContext,
  imageId: () => string,
  attempt: (now: string, imageId: string) => Promise<Result<Attempt<T>, SharingError>>,
): Promise<Result<T, SharingError>> {
  for (let round = 0; round < ctx.maxAttempts; round += 1) {
    const now = ctx.now();
    const id = imageId();
    const loaded = await attempt(now, id);
    if (loaded.isErr()) return err(loaded.error);
    const { expectedVersion, decided } = loaded.value;
    const change = decided.isOk() ? decided.value.change : null;
    if (change === null) {
      const current = await ctx.store.getImage(id);
      if (current.isErr()) return err(current.error);
      if ((current.value?.version ?? null) === expectedVersion) return decided.map((d) => d.value);
      continue;
    }
    const committed = await ctx.store.commit(toCommit(ctx, id, expectedVersion, change, now));
    if (committed.isOk()) return decided.map((d) => d.value);
    if (committed.error.type !== "ConcurrentModification") return err(committed.error);
  }
  return err(SharingErrors.concurrentModification());
}

/** Stamps the decided events with ids and the decision's time, and addresses the commit. */
function toCommit(ctx: ServiceContext, imageId: string, expectedVersion: number | null, change: ImageChange, now: string): StoreCommit {
  const events: SharingEvent[] = change.events.map((draft) => ({ ...draft, id: ctx.newId(), occurredAt: now }));
  return { ...change, imageId, expectedVersion, events };
}
