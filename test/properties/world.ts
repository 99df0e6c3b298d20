import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharing,
  type ImageSharingStore,
  type ImageView,
  type Member,
  type PendingShare,
  type Principal,
  type SharingError,
  type SharingEvent,
} from "cloud-image-sharing";
import type { Result, ResultAsync } from "neverthrow";
import { expect } from "vitest";
import {
  ACCOUNTS,
  type ActorSpec,
  MEMBER_QUOTA,
  MISSING_IMAGE_ID,
  type OpSpec,
  REGIONS,
  scrambledIds,
  steppingClock,
  type WorldSpec,
} from "./generators.js";
import { emptyModel, type Model, membersOf, type Prediction, predict, type ResolvedOp } from "./model.js";

// Building generated worlds: a real service over the in-memory store, and the model beside it.

/** A service, the store under it, and the model of what it must hold. */
export type World = {
  readonly sharing: ImageSharing;
  readonly store: ImageSharingStore;
  readonly model: Model;
  /** How many commits the store has been asked for (a failed call must ask for none). */
  readonly commits: () => number;
};

/** A fresh world: the directory {@link ACCOUNTS}, the catalog {@link REGIONS}, a deterministic clock and ids. */
export function newWorld(clockSteps: readonly number[], memberQuota = MEMBER_QUOTA): World {
  const inner = createInMemoryStore({ accounts: ACCOUNTS.map((id) => ({ id })) });
  let commits = 0;
  // The same store, counting commits, so a property can tell that a failed call wrote nothing.
  const store: ImageSharingStore = {
    ...inner,
    commit: (change) => {
      commits += 1;
      return inner.commit(change);
    },
  };
  const sharing = createImageSharing({ store, regions: [...REGIONS], memberQuota, clock: steppingClock(clockSteps), newId: scrambledIds() });
  return { sharing, store, model: emptyModel(memberQuota), commits: () => commits };
}

/**
 * The image id a generated pick names: one issued so far (deleted ones too), or one never
 * issued. A step aimed at a member picks among shared images when there are any, so consumers
 * get to decide often.
 */
export function pickImageId(model: Model, pick: number, shared = false): string {
  const sharedIds = shared ? model.issued.filter((id) => membersOf(model, id).size > 0) : [];
  const ids = sharedIds.length > 0 ? sharedIds : model.issued;
  if (pick < 0 || ids.length === 0) return MISSING_IMAGE_ID;
  return ids[pick % ids.length] ?? MISSING_IMAGE_ID;
}

function resolveAccount(model: Model, imageId: string, actor: ActorSpec): string {
  const { account } = actor;
  if (account.kind === "account") return account.accountId;
  const owner = model.images.get(imageId)?.ownerAccountId ?? ACCOUNTS[0];
  if (account.kind === "owner") return owner;
  const members = [...membersOf(model, imageId).keys()];
  return members.length === 0 ? owner : (members[account.pick % members.length] ?? owner);
}

/** A generated step made concrete against the current model. */
export function resolveOp(model: Model, spec: OpSpec): ResolvedOp {
  if (spec.kind === "create") {
    const accountId = spec.actor.account.kind === "account" ? spec.actor.account.accountId : ACCOUNTS[0];
    return { ...spec, principal: { userId: spec.actor.userId, accountId, roles: spec.actor.roles } };
  }
  const imageId = pickImageId(model, spec.image, spec.actor.account.kind === "member");
  const principal: Principal = { userId: spec.actor.userId, accountId: resolveAccount(model, imageId, spec.actor), roles: spec.actor.roles };
  switch (spec.kind) {
    case "rename":
      return { kind: "rename", principal, imageId, name: spec.name };
    case "share":
    case "unshare":
      return { kind: spec.kind, principal, imageId, consumer: spec.consumer };
    default:
      return { kind: spec.kind, principal, imageId };
  }
}

/** Runs one step on the service. */
export async function runOp(sharing: ImageSharing, op: ResolvedOp): Promise<Result<unknown, SharingError>> {
  const { principal } = op;
  switch (op.kind) {
    case "create":
      return sharing.createImage(principal, { name: op.name, region: op.region, sizeBytes: op.sizeBytes });
    case "rename":
      return sharing.updateImage(principal, { imageId: op.imageId, name: op.name });
    case "delete":
      return sharing.deleteImage(principal, { imageId: op.imageId });
    case "share":
      return sharing.shareImage(principal, { imageId: op.imageId, consumerAccountId: op.consumer });
    case "unshare":
      return sharing.unshareImage(principal, { imageId: op.imageId, consumerAccountId: op.consumer });
    case "accept":
      return sharing.acceptImage(principal, { imageId: op.imageId });
    case "reject":
      return sharing.rejectImage(principal, { imageId: op.imageId });
  }
}

/** The outcome of a result as the model names it: `"ok"` or the error type. */
export const outcomeOf = (result: Result<unknown, SharingError>): string => (result.isOk() ? "ok" : result.error.type);

/** One step taken: the resolved call, what the model predicted, and what the service answered. */
export type Step = { readonly op: ResolvedOp; readonly prediction: Prediction; readonly result: Result<unknown, SharingError> };

/** Runs one generated step on the service, without judging it yet (see {@link checkStep}). */
export async function takeStep(world: World, spec: OpSpec): Promise<Step> {
  const op = resolveOp(world.model, spec);
  const prediction = predict(world.model, op);
  return { op, prediction, result: await runOp(world.sharing, op) };
}

/**
 * Checks a step's outcome against the model (same ok/error type; `AlreadyShared` with the
 * current status), then moves the model and its expected events.
 */
export function checkStep(world: World, { op, prediction, result }: Step): void {
  expect(outcomeOf(result), `${op.kind} by ${JSON.stringify(op.principal)}`).toBe(prediction.outcome);
  if (result.isErr() && result.error.type === "AlreadyShared") expect(result.error.status).toBe(prediction.currentStatus);
  const created = op.kind === "create" && result.isOk() ? (result.value as ImageView) : undefined;
  if (result.isOk()) {
    // A member returned by share, accept or reject carries the status the step gave it.
    const status = { share: "pending", accept: "accepted", reject: "rejected" } as const;
    if (op.kind === "share" || op.kind === "accept" || op.kind === "reject") {
      const consumerAccountId = op.kind === "share" ? op.consumer : op.principal.accountId;
      expect(result.value).toMatchObject({ imageId: op.imageId, consumerAccountId, status: status[op.kind] });
    }
    prediction.apply(created);
  }
  // The model cannot know a new image's id before the service issues it.
  world.model.events.push(...prediction.events.map((event) => (created === undefined ? event : { ...event, imageId: created.id })));
}

/** {@link takeStep} then {@link checkStep}. */
export async function stepAndCheck(world: World, spec: OpSpec): Promise<Step> {
  const step = await takeStep(world, spec);
  checkStep(world, step);
  return step;
}

/** Builds a world from a generated spec, checking every step against the model on the way. */
export async function buildWorld(spec: WorldSpec, memberQuota = MEMBER_QUOTA): Promise<World> {
  const world = newWorld(spec.clockSteps, memberQuota);
  for (const op of spec.ops) await stepAndCheck(world, op);
  return world;
}

/** The ok value of a call; fails the property with the error otherwise. */
export async function okOf<T>(call: ResultAsync<T, SharingError>): Promise<T> {
  const result = await call;
  if (result.isErr()) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The error of a call; fails the property if the call succeeded. */
export async function errOf<T>(call: ResultAsync<T, SharingError>): Promise<SharingError> {
  const result = await call;
  if (result.isOk()) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A reader of `accountId` (observer). */
export const observerOf = (accountId: string): Principal => ({ userId: "reader", accountId, roles: ["cloudImages:observer"] });
/** An admin of `accountId`. */
export const adminOf = (accountId: string): Principal => ({ userId: "root", accountId, roles: ["cloudImages:admin"] });

/** At most this many pages before a list is declared endless. */
const MAX_PAGES = 500;

/** Every image of the account's list, following cursors page by page. */
export async function listAllImages(sharing: ImageSharing, principal: Principal, region: string, limit: number): Promise<ImageView[]> {
  const all: ImageView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Awaited<ReturnType<ImageSharing["listImages"]>> = await sharing.listImages(principal, {
      region,
      limit,
      ...(cursor === null ? {} : { cursor }),
    });
    if (result.isErr()) throw new Error(`listImages failed: ${JSON.stringify(result.error)}`);
    expect(result.value.items.length).toBeLessThanOrEqual(limit);
    all.push(...result.value.items);
    cursor = result.value.nextCursor;
    if (cursor === null) return all;
  }
  throw new Error("listImages never ended");
}

/** Every event of the account, following `after` page by page. */
export async function listAllEvents(sharing: ImageSharing, principal: Principal, limit = 1000): Promise<SharingEvent[]> {
  const all: SharingEvent[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Awaited<ReturnType<ImageSharing["listEvents"]>> = await sharing.listEvents(principal, {
      limit,
      ...(after === null ? {} : { after }),
    });
    if (result.isErr()) throw new Error(`listEvents failed: ${JSON.stringify(result.error)}`);
    all.push(...result.value.items);
    after = result.value.nextCursor;
    if (after === null) return all;
  }
  throw new Error("listEvents never ended");
}

/** The members of an image as its owner's admin reads them: consumer account -> status. */
export async function membersAsOwner(sharing: ImageSharing, owner: string, imageId: string): Promise<Map<string, Member["status"]>> {
  const members = await okOf(sharing.listMembers(adminOf(owner), { imageId }));
  return new Map(members.map((m) => [m.consumerAccountId, m.status]));
}

/** The pending shares of an account under a selector. */
export const pendingOf = (sharing: ImageSharing, accountId: string, region: string): Promise<PendingShare[]> =>
  okOf(sharing.listPendingShares(observerOf(accountId), { region }));

/** Newest first by createdAt, ties by id descending: the one order of every list (SPEC 4). */
export function newestFirst(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}
