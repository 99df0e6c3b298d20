import type { Image, ImageEvent, ImageSharingStore, Member, SharingEvent } from "cloud-image-sharing";
import { okOrThrow } from "./databases.js";

// Hand-built values for the adapter's own tests, and a snapshot of everything a store shows.

export const OWNER = "100001";
export const CONSUMER = "100002";
export const OTHER = "100003";
export const ACCOUNTS: readonly string[] = [OWNER, CONSUMER, OTHER];
export const ACCOUNT_ENTRIES: readonly { id: string }[] = ACCOUNTS.map((id) => ({ id }));

/** The `second`-th second of 2026, as the service's clock would write it. */
export const at = (second: number): string => new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString();

/** A "now" far before every expiry the fixtures use. */
export const EARLY = at(0);

export function imageOf(id: string, overrides: Partial<Image> = {}): Image {
  return {
    id,
    ownerAccountId: OWNER,
    name: `image ${id}`,
    region: "IAD",
    sizeBytes: 10,
    createdAt: at(1),
    updatedAt: at(1),
    ...overrides,
  };
}

export function memberOf(
  imageId: string,
  consumerAccountId: string,
  status: Member["status"] = "pending",
  second = 2,
  expiresAt?: string,
): Member {
  return {
    imageId,
    consumerAccountId,
    status,
    createdAt: at(second),
    updatedAt: at(second),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

let eventCounter = 0;
/** A fresh event about `image` (ids never repeat within a run). */
export function eventOf(type: ImageEvent["type"], image: Image, consumerAccountId?: string): ImageEvent {
  eventCounter += 1;
  return {
    id: `evt-${process.pid}-${eventCounter}`,
    type,
    occurredAt: at(3),
    imageId: image.id,
    ownerAccountId: image.ownerAccountId,
    ...(consumerAccountId === undefined ? {} : { consumerAccountId }),
    actorAccountId: image.ownerAccountId,
    actorUserId: "user-1",
  };
}

/** The image and version of `imageId` (one readImageFacts). */
export async function versionedImage(store: ImageSharingStore, imageId: string, accountId = OWNER) {
  return okOrThrow(await store.readImageFacts({ imageId, accountId })).image;
}

/** Every event in `accountId`'s feed (first 1000). */
export async function eventsOf(store: ImageSharingStore, accountId: string): Promise<SharingEvent[]> {
  return okOrThrow(await store.listEvents({ accountId, after: null, limit: 1000 })) ?? [];
}

/** Everything the store shows about `imageIds` and `accounts`, to compare before and after. */
export async function snapshot(
  store: ImageSharingStore,
  imageIds: readonly string[],
  accounts: readonly string[] = ACCOUNTS,
): Promise<unknown> {
  const images = [];
  for (const imageId of imageIds)
    images.push(
      okOrThrow(
        await store.readImageFacts({ imageId, accountId: OWNER, consumerAccountId: CONSUMER, withMembers: true }),
      ),
    );
  const views = [];
  for (const accountId of accounts) {
    views.push({
      accountId,
      visible: okOrThrow(
        await store.listVisibleImages({ accountId, region: "global", after: null, limit: 1000, now: EARLY }),
      ),
      pending: okOrThrow(
        await store.listPendingShares({ accountId, region: "global", after: null, limit: 1000, now: EARLY }),
      ),
      usage: okOrThrow(await store.getStorageUsage(accountId)),
      events: await eventsOf(store, accountId),
      policy: okOrThrow(await store.getSharingPolicy(accountId)),
    });
  }
  return { images, views };
}
