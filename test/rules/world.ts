import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharing,
  type ImageSharingOptions,
  type ImageView,
  type InMemoryStore,
  type PendingShare,
  type Principal,
  type SharingError,
} from "cloud-image-sharing";
import type { Result, ResultAsync } from "neverthrow";
import { expect } from "vitest";

// A small deterministic world shared by the rule, service and adapter tests: three accounts in
// the directory, a region catalog, a clock that ticks one second per reading and counter ids, so
// every timestamp, id and order in a test is predictable.

/** The producer account, and two consumer accounts the directory knows. */
export const A = "100001";
export const B = "100002";
export const C = "100003";
/** An account id the directory does not know. */
export const UNKNOWN_ACCOUNT = "999999";
/** The catalog every world uses. */
export const REGIONS = ["IAD", "DFW", "ORD"] as const;

/** A clock that starts at `start` and moves `stepMs` forward every time it is read. */
export function tickingClock(start = "2026-01-01T00:00:00.000Z", stepMs = 1000): () => Date {
  let next = Date.parse(start);
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
}

/** A clock the test moves by hand (`set`, `advance`), for expiry (R18). Reading it does not move it. */
export type ControlledClock = (() => Date) & { set(iso: string): void; advance(ms: number): void; iso(): string };

/** A {@link ControlledClock} starting at `start`. */
export function controlledClock(start = "2026-01-01T00:00:00.000Z"): ControlledClock {
  let now = Date.parse(start);
  const clock = (() => new Date(now)) as ControlledClock;
  clock.set = (iso) => {
    now = Date.parse(iso);
  };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.iso = () => new Date(now).toISOString();
  return clock;
}

/** A clock stuck at one instant: every timestamp is equal, so order falls back to ids. */
export function frozenClock(at = "2026-01-01T00:00:00.000Z"): () => Date {
  return () => new Date(at);
}

/** Ids `prefix-0001`, `prefix-0002`, … (zero-padded so string order is creation order). */
export function counterIds(prefix = "id"): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}-${String(n).padStart(4, "0")}`;
  };
}

/** A principal of `accountId` holding `roles`. */
export function user(accountId: string, roles: string[], userId = `user-of-${accountId}`): Principal {
  return { userId, accountId, roles };
}

/** An admin, a creator and an observer of `accountId`. */
export const adminOf = (accountId: string, userId?: string): Principal => user(accountId, ["cloudImages:admin"], userId);
export const creatorOf = (accountId: string, userId?: string): Principal => user(accountId, ["cloudImages:creator"], userId);
export const observerOf = (accountId: string, userId?: string): Principal => user(accountId, ["cloudImages:observer"], userId);

/** A service over a fresh in-memory store with accounts A, B and C. */
export type World = { readonly sharing: ImageSharing; readonly store: InMemoryStore };

/** Builds a {@link World}; `options` override the deterministic defaults. */
export function makeWorld(options: Partial<ImageSharingOptions> = {}, accounts: string[] = [A, B, C]): World {
  const store = createInMemoryStore({ accounts: accounts.map((id) => ({ id })) });
  const sharing = createImageSharing({ store, regions: [...REGIONS], clock: tickingClock(), newId: counterIds(), ...options });
  return { sharing, store };
}

/** The ok value of a call; fails the test with the error if the call failed. */
export async function okOf<T>(call: ResultAsync<T, SharingError>): Promise<T> {
  const result = await call;
  if (result.isErr()) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The error of a call, checked to be of `type`; fails the test if the call succeeded. */
export async function errOf<T>(call: PromiseLike<Result<T, SharingError>>, type?: SharingError["type"]): Promise<SharingError> {
  const result = await call;
  if (result.isOk()) throw new Error(`expected an error${type ? ` ${type}` : ""}, got ${JSON.stringify(result.value)}`);
  if (type !== undefined) expect(result.error.type).toBe(type);
  return result.error;
}

/** Creates an image in the producer account A (by an admin unless `by` says otherwise). */
export function createImage(world: World, region = "IAD", name = "golden", by: Principal = adminOf(A)): Promise<ImageView> {
  return okOf(world.sharing.createImage(by, { name, region }));
}

/** An image of A shared with `consumer`, pending. */
export async function sharedImage(world: World, consumer = B, region = "IAD"): Promise<ImageView> {
  const image = await createImage(world, region);
  await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: consumer }));
  return image;
}

/** An image of A shared with `consumer` and accepted by it. */
export async function acceptedImage(world: World, consumer = B, region = "IAD"): Promise<ImageView> {
  const image = await sharedImage(world, consumer, region);
  await okOf(world.sharing.acceptImage(adminOf(consumer), { imageId: image.id }));
  return image;
}

/** The ids of the images `principal` sees in its image list (one big page). */
export async function listedIds(world: World, principal: Principal, region = "global"): Promise<string[]> {
  const page = await okOf(world.sharing.listImages(principal, { region, limit: 1000 }));
  return page.items.map((image) => image.id);
}

/** The pending shares `principal`'s account is notified of (one big page), as [imageId, status]. */
export async function pendingOf(world: World, principal: Principal, region = "global"): Promise<PendingShare[]> {
  const page = await okOf(world.sharing.listPendingShares(principal, { region, limit: 1000 }));
  expect(page.nextCursor).toBeNull();
  return page.items;
}

/** The types of the events that concern `principal`'s account, oldest first. */
export async function eventTypes(world: World, principal: Principal): Promise<string[]> {
  const page = await okOf(world.sharing.listEvents(principal, { limit: 1000 }));
  return page.items.map((event) => event.type);
}
