import {
  createInMemoryStore,
  type EventType,
  type Image,
  type ImageEvent,
  type ImageFacts,
  type InMemoryStore,
  type Member,
  type SharingPolicy,
  type StoreCommit,
} from "cloud-image-sharing";

// Raw port-level values for the in-memory store: commits built by hand, as an adapter test would.
// The in-memory store answers synchronously; `await` on its answers works as it would on a
// store that answers with promises.

/** Three instants, one second apart, for createdAt/updatedAt, and a `now` well after them. */
export const T0 = "2026-01-01T00:00:00.000Z";
export const T1 = "2026-01-01T00:00:01.000Z";
export const T2 = "2026-01-01T00:00:02.000Z";
export const NOW = "2026-01-02T00:00:00.000Z";
export const LATER = "2026-02-01T00:00:00.000Z";

/** A store whose directory knows accounts A, B and C. */
export function newStore(): InMemoryStore {
  return createInMemoryStore({ accounts: [{ id: "A" }, { id: "B" }, { id: "C" }] });
}

/** An image of account A in IAD, created at T0 (fields overridable). */
export function image(id: string, overrides: Partial<Image> = {}): Image {
  return {
    id,
    ownerAccountId: "A",
    name: `name of ${id}`,
    region: "IAD",
    sizeBytes: 10,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A member record; createdAt and updatedAt both `createdAt`; expiring at `expiresAt` when given. */
export function member(
  imageId: string,
  consumerAccountId: string,
  status: Member["status"] = "pending",
  createdAt = T1,
  expiresAt?: string,
): Member {
  return {
    imageId,
    consumerAccountId,
    status,
    createdAt,
    updatedAt: createdAt,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

let eventCounter = 0;
/** A stamped image event with a fresh id, concerning `ownerAccountId` and the consumer if given. */
export function event(type: EventType, imageId: string, consumerAccountId?: string, ownerAccountId = "A"): ImageEvent {
  eventCounter += 1;
  return {
    id: `evt-${eventCounter}`,
    type,
    occurredAt: T1,
    imageId,
    ownerAccountId,
    actorAccountId: ownerAccountId,
    actorUserId: "u",
    ...(consumerAccountId === undefined ? {} : { consumerAccountId }),
  };
}

/** A policy of `accountId`, updated at T1. */
export function policy(
  accountId: string,
  lists: { autoAcceptFrom?: string[]; blockFrom?: string[] } = {},
): SharingPolicy {
  return { accountId, autoAcceptFrom: lists.autoAcceptFrom ?? [], blockFrom: lists.blockFrom ?? [], updatedAt: T1 };
}

/** Creates `img` (expecting it absent) and returns the store. */
export async function withImage(store: InMemoryStore, img: Image): Promise<InMemoryStore> {
  (
    await store.commit({
      imageId: img.id,
      expectedVersion: null,
      image: img,
      events: [event("ImageCreated", img.id, undefined, img.ownerAccountId)],
    })
  )._unsafeUnwrap();
  return store;
}

/** The facts the store reads for one decision (fails the test on a store error). */
export async function factsOf(
  store: InMemoryStore,
  imageId: string,
  accountId = "A",
  more: { consumerAccountId?: string; withMembers?: boolean } = {},
): Promise<ImageFacts> {
  return (await store.readImageFacts({ imageId, accountId, ...more }))._unsafeUnwrap();
}

/** The stored image, or `null`. */
export async function imageOf(store: InMemoryStore, imageId: string): Promise<Image | null> {
  return (await factsOf(store, imageId)).image?.image ?? null;
}

/** The stored member record of `consumerAccountId`, or `null`. */
export async function memberOf(
  store: InMemoryStore,
  imageId: string,
  consumerAccountId: string,
): Promise<Member | null> {
  return (await factsOf(store, imageId, consumerAccountId)).member;
}

/** Every member of the image as the store lists them (newest first). */
export async function membersOf(store: InMemoryStore, imageId: string): Promise<readonly Member[]> {
  return (await factsOf(store, imageId, "A", { withMembers: true })).members ?? [];
}

/** How many members the image has, as a share decision reads it (R11). */
export async function memberCountOf(store: InMemoryStore, imageId: string): Promise<number> {
  return (await factsOf(store, imageId, "A", { consumerAccountId: "B" })).consumer?.memberCount ?? Number.NaN;
}

/** The current version of an image (fails the test when absent). */
export async function versionOf(store: InMemoryStore, imageId: string): Promise<number> {
  const found = (await factsOf(store, imageId)).image;
  if (found === null) throw new Error(`image ${imageId} is absent`);
  return found.version;
}

/** A commit on an existing image at its current version. */
export async function commitNow(store: InMemoryStore, commit: Omit<StoreCommit, "expectedVersion">): Promise<void> {
  (await store.commit({ ...commit, expectedVersion: await versionOf(store, commit.imageId) }))._unsafeUnwrap();
}
