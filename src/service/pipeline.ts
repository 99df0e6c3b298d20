import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { z } from "zod/v4";
import type { Decision, ImageChange } from "../domain/change.js";
import { type SharingError, SharingErrors } from "../domain/errors.js";
import type { ImageEvent } from "../domain/events.js";
import { type Parsed, parseArgument } from "../domain/parse.js";
import { type Principal, PrincipalSchema } from "../domain/principal.js";
import { quickPrincipal } from "../domain/quick-parse.js";
import { withMappedRoles } from "../policy/rbac.js";
import type { StoreCommit } from "../ports/store.js";
import type { ServiceContext } from "./context.js";
import { asLoadedFacts, type LoadedFacts, loadFacts, type MoreFacts } from "./facts.js";
import type { Eventually } from "./store-calls.js";

// The four steps every operation takes (validate -> load -> decide -> commit) and the guard
// that keeps the public API from ever throwing (R15).

/** What an operation's body answers: a Result at once (a store that answered at once), or later. */
export type Outcome<T> = Result<T, SharingError> | Promise<Result<T, SharingError>>;

/**
 * One public operation: the schema of its input, what it does with a valid principal and input,
 * and optionally a quick check that accepts plainly valid inputs without zod (hot calls only;
 * see domain/quick-parse.ts).
 */
export type Operation<S extends z.ZodType, T> = {
  readonly schema: S;
  readonly body: (ctx: ServiceContext, principal: Principal, input: z.output<S>) => Outcome<T>;
  readonly quick?: ((input: unknown) => z.output<S> | undefined) | undefined;
};

/** Declares an operation (see {@link Operation}). */
export function defineOperation<S extends z.ZodType, T>(
  schema: S,
  body: Operation<S, T>["body"],
  quick?: (input: unknown) => z.output<S> | undefined,
): Operation<S, T> {
  return { schema, body, quick };
}

/** Step 1 for one argument: the quick check when it has one and it accepts, else zod. */
function parseInput<S extends z.ZodType, T>(op: Operation<S, T>, input: unknown): Parsed<z.output<S>> {
  const quick = op.quick?.(input);
  return quick === undefined ? parseArgument(op.schema, input, []) : { success: true, data: quick };
}

/** Step 1 for the principal, quick check first. */
function parsePrincipal(principal: unknown): Parsed<Principal> {
  const quick = quickPrincipal(principal);
  return quick === undefined
    ? parseArgument(PrincipalSchema, principal, ["principal"])
    : { success: true, data: quick };
}

/** Step 1 for the principal: parsed (own properties only), the host's role names mapped. */
export function validatePrincipal(ctx: ServiceContext, principal: unknown): Result<Principal, SharingError> {
  const parsed = parsePrincipal(principal);
  if (!parsed.success) return err(SharingErrors.validation(parsed.issues));
  return ok(withMappedRoles(parsed.data, ctx.roleMap));
}

/** The input validated, then the body, for a principal validated before. */
function validInputThenBody<S extends z.ZodType, T>(
  ctx: ServiceContext,
  op: Operation<S, T>,
  principal: Principal,
  input: unknown,
): Outcome<T> {
  const i = parseInput(op, input);
  return i.success ? op.body(ctx, principal, i.data) : err(SharingErrors.validation(i.issues));
}

/** Both arguments validated (every problem of both in one `ValidationError`), then the body. */
function validArgumentsThenBody<S extends z.ZodType, T>(
  ctx: ServiceContext,
  op: Operation<S, T>,
  principal: unknown,
  input: unknown,
): Outcome<T> {
  const p = parsePrincipal(principal);
  const i = parseInput(op, input);
  if (!p.success || !i.success)
    return err(SharingErrors.validation([...(p.success ? [] : p.issues), ...(i.success ? [] : i.issues)]));
  return op.body(ctx, withMappedRoles(p.data, ctx.roleMap), i.data);
}

/**
 * A public call: validation of both arguments (every problem of both in one `ValidationError`),
 * then the body, so that nothing escapes as an exception or a rejected promise (R15). A throw
 * anywhere after validation (a misbehaving store, clock or id generator) becomes `StorageFailure`.
 */
export function runOperation<S extends z.ZodType, T>(
  ctx: ServiceContext,
  op: Operation<S, T>,
  principal: unknown,
  input: unknown,
): ResultAsync<T, SharingError> {
  return guard(validArgumentsThenBody, ctx, op, principal, input);
}

/** A call for a principal validated once before (see `ImageSharing.as`): only the input is parsed. */
export function runAs<S extends z.ZodType, T>(
  ctx: ServiceContext,
  op: Operation<S, T>,
  principal: Principal,
  input: unknown,
): ResultAsync<T, SharingError> {
  return guard(validInputThenBody, ctx, op, principal, input);
}

/**
 * Runs `work(ctx, op, principal, input)`; a throw or a rejection becomes `StorageFailure`. One
 * promise per call, none left unobserved. (The arguments are passed on, not closed over: no
 * closure is made per call.)
 */
function guard<S extends z.ZodType, T, P>(
  work: (ctx: ServiceContext, op: Operation<S, T>, principal: P, input: unknown) => Outcome<T>,
  ctx: ServiceContext,
  op: Operation<S, T>,
  principal: P,
  input: unknown,
): ResultAsync<T, SharingError> {
  let outcome: Outcome<T>;
  try {
    outcome = work(ctx, op, principal, input);
  } catch (cause) {
    outcome = err(SharingErrors.storageFailure(cause));
  }
  const settled =
    outcome instanceof Promise
      ? outcome.catch((cause: unknown) => err(SharingErrors.storageFailure(cause)))
      : Promise.resolve(outcome);
  return new ResultAsync(settled);
}

/** Resolves a result that may come later (awaiting only when it does). */
export async function settled<T, E>(value: Result<T, E> | Promise<Result<T, E>>): Promise<Result<T, E>> {
  return value;
}

/**
 * What one attempt decided: the image, the version its facts were read at, and the policy's
 * verdict. The attempt itself fails only when the store does.
 */
export type Attempt<T> = {
  readonly imageId: string;
  readonly expectedVersion: number | null;
  /** The consumer policy a share was decided on (R17), checked by the commit. */
  readonly expectedConsumerPolicy?: StoreCommit["expectedConsumerPolicy"];
  readonly decided: Result<Decision<T>, SharingError>;
};

/** Loads the facts of one image-scoped change (see {@link decideAndCommit}). */
export type FactsLoader = (imageId: string, more?: MoreFacts) => Eventually<LoadedFacts>;

/**
 * Steps 2–4 of a write, repeated while another operation wins the race (R16):
 * - the attempt loads its facts in one store call (the version with them) and decides; the
 *   first attempt may instead decide on what this instance knows of the image from its own
 *   last read or commit of it (known-facts.ts), which saves the read — only a change is ever
 *   committed from such facts, and a refusal or a no-op is decided again on the store's;
 * - a change is committed with that version: if anything touched the image or its members
 *   since — or the image was deleted and its id re-created, whose versions never repeat — the
 *   commit fails, and the loop waits a jittered, growing pause, re-loads and re-decides on fresh
 *   facts (so every rule, the quota included, is checked again); a commit decided on known
 *   facts that had moved on is re-decided at once, without a pause and without counting;
 * - a verdict that commits nothing (a refusal, an idempotent repeat) is confirmed by reading the
 *   version again: unchanged means its facts were one consistent state, so the answer is one
 *   some serial order would give; changed means it is decided again.
 * After `maxAttempts` lost races the caller gets `ConcurrentModification`.
 */
export async function decideAndCommit<T>(
  ctx: ServiceContext,
  principal: Principal,
  attempt: (step: {
    readonly now: string;
    readonly load: FactsLoader;
  }) => Eventually<Attempt<T>> | Result<Attempt<T>, SharingError>,
): Promise<Result<T, SharingError>> {
  let lastImageId: string | undefined;
  let knownFirst = true;
  for (let round = 0; round < ctx.maxAttempts; ) {
    const now = ctx.now();
    const mayUseKnown = knownFirst;
    knownFirst = false;
    let onKnownFacts = false;
    const load: FactsLoader = (imageId, more = {}) => {
      const query = { imageId, accountId: principal.accountId, ...more };
      const known = mayUseKnown ? ctx.known.answer(query) : undefined;
      if (known === undefined) return loadFacts(ctx, principal, imageId, now, more, true);
      onKnownFacts = true;
      return asLoadedFacts(ctx, principal, query, now, known);
    };
    const loaded = await settled<Attempt<T>, SharingError>(attempt({ now, load }));
    if (loaded.isErr()) return err(loaded.error);
    const { imageId, expectedVersion, expectedConsumerPolicy, decided } = loaded.value;
    lastImageId = imageId;
    const change = decided.isOk() ? decided.value.change : null;
    // A refusal or a no-op is only ever answered from the store's facts.
    if (change === null && onKnownFacts) continue;
    if (change === null) {
      const current = await settled(ctx.read((s) => s.readImageFacts({ imageId, accountId: principal.accountId })));
      if (current.isErr()) return err(current.error);
      if ((current.value.image?.version ?? null) === expectedVersion) return decided.map((d) => d.value);
    } else {
      const commit = {
        ...toCommit(ctx, imageId, expectedVersion, change, now),
        ...(expectedConsumerPolicy === undefined ? {} : { expectedConsumerPolicy }),
      };
      const committed = await settled(ctx.write((s) => s.commit(commit)));
      if (committed.isOk()) {
        // A store answering no receipt (a 0.1-style `ok(undefined)`) leaves the image unknown: its next change reads.
        ctx.known.committed(commit, committed.value?.version);
        return decided.map((d) => d.value);
      }
      ctx.known.forgetImage(imageId);
      if (expectedConsumerPolicy !== undefined) ctx.known.forgetAccount(expectedConsumerPolicy.accountId);
      if (committed.error.type !== "ConcurrentModification") return err(committed.error);
      if (onKnownFacts) continue;
    }
    round += 1;
    if (round < ctx.maxAttempts) await ctx.backoff(round);
  }
  return err(SharingErrors.concurrentModification(lastImageId));
}

/** Stamps the decided events with ids and the decision's time, and addresses the commit. */
function toCommit(
  ctx: ServiceContext,
  imageId: string,
  expectedVersion: number | null,
  change: ImageChange,
  now: string,
): StoreCommit {
  const events = change.events.map((draft): ImageEvent => ({ ...draft, id: ctx.newId(), occurredAt: now }));
  return { ...change, imageId, expectedVersion, events };
}
