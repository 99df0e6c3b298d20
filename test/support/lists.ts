import assert from "node:assert/strict";
import type { ImageSharing, ImageView, PendingShare, Principal, SharingEvent } from "cloud-image-sharing";

// Reading whole lists through the public API, page by page.

/** At most this many pages before a list is declared endless. */
const MAX_PAGES = 500;

/** Every image of the account's list under `region`, following cursors with pages of `limit`. */
export async function listAllImages(
  sharing: ImageSharing,
  principal: Principal,
  region = "global",
  limit = 1000,
): Promise<ImageView[]> {
  const all: ImageView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Awaited<ReturnType<ImageSharing["listImages"]>> = await sharing.listImages(principal, {
      region,
      limit,
      ...(cursor === null ? {} : { cursor }),
    });
    if (result.isErr()) throw new Error(`listImages failed: ${JSON.stringify(result.error)}`);
    assert.ok(result.value.items.length <= limit, "a page holds at most `limit` items");
    all.push(...result.value.items);
    cursor = result.value.nextCursor;
    if (cursor === null) return all;
  }
  throw new Error("listImages never ended");
}

/** Every pending share of the account under `region`, following cursors with pages of `limit`. */
export async function listAllPending(
  sharing: ImageSharing,
  principal: Principal,
  region = "global",
  limit = 1000,
): Promise<PendingShare[]> {
  const all: PendingShare[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Awaited<ReturnType<ImageSharing["listPendingShares"]>> = await sharing.listPendingShares(principal, {
      region,
      limit,
      ...(cursor === null ? {} : { cursor }),
    });
    if (result.isErr()) throw new Error(`listPendingShares failed: ${JSON.stringify(result.error)}`);
    assert.ok(result.value.items.length <= limit, "a page holds at most `limit` items");
    all.push(...result.value.items);
    cursor = result.value.nextCursor;
    if (cursor === null) return all;
  }
  throw new Error("listPendingShares never ended");
}

/** Every event of the account, following `after` with pages of `limit`. */
export async function listAllEvents(
  sharing: ImageSharing,
  principal: Principal,
  limit = 1000,
): Promise<SharingEvent[]> {
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
