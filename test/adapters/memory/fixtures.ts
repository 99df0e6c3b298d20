import { createInMemoryStore, type Image, type InMemoryStore, type Member, type SharingEvent, type StoreCommit } from "cloud-image-sharing";

// Raw port-level values for the in-memory store: commits built by hand, as an adapter test would.

/** Three instants, one second apart, for createdAt/updatedAt. */
export const T0 = "2026-01-01T00:00:00.000Z";
export const T1 = "2026-01-01T00:00:01.000Z";
export const T2 = "2026-01-01T00:00:02.000Z";

/** A store whose directory knows accounts A, B and C. */
export function newStore(): InMemoryStore {
  return createInMemoryStore({ accounts: [{ id: "A" }, { id: "B" }, { id: "C" }] });
}

/** An image of account A in IAD, created at T0 (fields overridable). */
export function image(id: string, overrides: Partial<Image> = {}): Image {
  return { id, ownerAccountId: "A", name: `name of ${id}`, region: "IAD", sizeBytes: 10, createdAt: T0, updatedAt: T0, ...overrides };
}

/** A member record; createdAt and updatedAt both `createdAt`. */
export function member(imageId: string, consumerAccountId: string, status: Member["status"] = "pending", createdAt = T1): Member {
  return { imageId, consumerAccountId, status, createdAt, updatedAt: createdAt };
}

let eventCounter = 0;
/** A stamped event with a fresh id, concerning `ownerAccountId` and the consumer if given. */
export function event(type: SharingEvent["type"], imageId: string, consumerAccountId?: string, ownerAccountId = "A"): SharingEvent {
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

/** Creates `img` (expecting it absent) and returns the store. */
export async function withImage(store: InMemoryStore, img: Image): Promise<InMemoryStore> {
  (
    await store.commit({ imageId: img.id, expectedVersion: null, image: img, events: [event("ImageCreated", img.id, undefined, img.ownerAccountId)] })
  )._unsafeUnwrap();
  return store;
}

/** The current version of an image (fails the test when absent). */
export async function versionOf(store: InMemoryStore, imageId: string): Promise<number> {
  const found = (await store.getImage(imageId))._unsafeUnwrap();
  if (found === null) throw new Error(`image ${imageId} is absent`);
  return found.version;
}

/** A commit on an existing image at its current version. */
export async function commitNow(store: InMemoryStore, commit: Omit<StoreCommit, "expectedVersion">): Promise<void> {
  (await store.commit({ ...commit, expectedVersion: await versionOf(store, commit.imageId) }))._unsafeUnwrap();
}
