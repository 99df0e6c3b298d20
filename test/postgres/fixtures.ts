import type { Image, ImageSharingStore, Member, SharingEvent } from "cloud-image-sharing";
import { okOrThrow } from "./databases.js";

// Hand-built values for the adapter's own tests, and a snapshot of everything a store shows.

export const OWNER = "100001";
export const CONSUMER = "100002";
export const OTHER = "100003";
export const ACCOUNTS: readonly string[] = [OWNER, CONSUMER, OTHER];

/** The `second`-th second of 2026, as the service's clock would write it. */
export const at = (second: number): string => new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString();

export function imageOf(id: string, overrides: Partial<Image> = {}): Image {
  return { id, ownerAccountId: OWNER, name: `image ${id}`, region: "IAD", sizeBytes: 10, createdAt: at(1), updatedAt: at(1), ...overrides };
}

export function memberOf(imageId: string, consumerAccountId: string, status: Member["status"] = "pending", second = 2): Member {
  return { imageId, consumerAccountId, status, createdAt: at(second), updatedAt: at(second) };
}

let eventCounter = 0;
/** A fresh event about `image` (ids never repeat within a run). */
export function eventOf(type: SharingEvent["type"], image: Image, consumerAccountId?: string): SharingEvent {
  eventCounter += 1;
  return {
    id: `evt-${eventCounter}`,
    type,
    occurredAt: at(3),
    imageId: image.id,
    ownerAccountId: image.ownerAccountId,
    ...(consumerAccountId === undefined ? {} : { consumerAccountId }),
    actorAccountId: image.ownerAccountId,
    actorUserId: "user-1",
  };
}

/** Everything the store shows about `imageIds` and `accounts`, to compare before and after. */
export async function snapshot(store: ImageSharingStore, imageIds: readonly string[], accounts: readonly string[] = ACCOUNTS): Promise<unknown> {
  const images = [];
  for (const id of imageIds) {
    images.push({
      image: okOrThrow(await store.getImage(id)),
      members: okOrThrow(await store.listMembers(id)),
      count: okOrThrow(await store.countMembers(id)),
    });
  }
  const views = [];
  for (const accountId of accounts) {
    views.push({
      accountId,
      visible: okOrThrow(await store.listVisibleImages({ accountId, region: "global", after: null, limit: 1000 })),
      pending: okOrThrow(await store.listPendingShares(accountId, "global")),
      usage: okOrThrow(await store.getStorageUsage(accountId)),
      events: okOrThrow(await store.listEvents({ accountId, after: null, limit: 1000 })),
    });
  }
  return { images, views };
}
