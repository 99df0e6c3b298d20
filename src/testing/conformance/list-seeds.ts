// Seeds and paging helpers of the list guarantees (cases-lists.ts).
import assert from "node:assert/strict";
import type { Image, SortKey } from "cloud-image-sharing";
import { at, BYSTANDER, CONSUMER, memberOf, PRODUCER } from "./fixtures.js";
import { type CaseContext, commitOk, seedImage, seedMembers, versionOf } from "./harness.js";

/**
 * The consumer's image list used by the paging cases: own images and accepted shares, with a
 * tie on createdAt in each source and across them. Newest first, ties by id descending:
 * own-z(5) shared-k(4) own-y(4) own-b(4) shared-m(3) own-a(1) — the pending and rejected
 * shares and the bystander's image must never appear. The shares are made in another order
 * than their images' (shared-m first), so a list by share time differs.
 */
export async function seedMixedList(ctx: CaseContext): Promise<string[]> {
  for (const [id, second, region] of [
    ["own-a", 1, "IAD"],
    ["own-b", 4, "DFW"],
    ["own-y", 4, "IAD"],
    ["own-z", 5, "LON"],
  ] as const) {
    await seedImage(ctx, { id, owner: CONSUMER, second, region });
  }
  const shared: [string, number, number, "accepted" | "pending" | "rejected"][] = [
    ["shared-m", 3, 40, "accepted"],
    ["shared-k", 4, 30, "accepted"],
    ["shared-p", 6, 20, "pending"],
    ["shared-r", 7, 10, "rejected"],
  ];
  for (const [id, second, sharedAt, status] of shared) {
    const { image } = await seedImage(ctx, { id, owner: PRODUCER, second, region: "IAD" });
    await seedMembers(ctx, image, [memberOf(image, CONSUMER, status, sharedAt)]);
  }
  await seedImage(ctx, { id: "bystander-img", owner: BYSTANDER, second: 9 });
  return ["own-z", "shared-k", "own-y", "own-b", "shared-m", "own-a"];
}

/**
 * The consumer's pending shares used by the pending-list cases. The images were created in
 * one order and shared in the reverse one, with a tie on the share time whose image ids order
 * otherwise than the images' times: newest share first, ties by image id descending, is
 * p-old(30) p-tie-b(25) p-tie-a(25) p-mid(20) p-new(10); by image time it would be the reverse.
 */
export async function seedPendingList(ctx: CaseContext): Promise<{ expected: string[]; images: Image[] }> {
  const images: Image[] = [];
  for (const [id, second, sharedAt, region] of [
    ["p-old", 1, 30, "IAD"],
    ["p-mid", 2, 20, "DFW"],
    ["p-new", 3, 10, "IAD"],
    ["p-tie-b", 4, 25, "IAD"],
    ["p-tie-a", 5, 25, "DFW"],
  ] as const) {
    const { image } = await seedImage(ctx, { id, second, region });
    await seedMembers(ctx, image, [
      memberOf(image, CONSUMER, "pending", sharedAt),
      memberOf(image, BYSTANDER, "pending", 100 - sharedAt),
    ]);
    images.push(image);
  }
  // Shares the consumer decided on, and one of another producer, newer than all: never pending.
  for (const [id, status] of [
    ["acc", "accepted"],
    ["rej", "rejected"],
  ] as const) {
    const { image } = await seedImage(ctx, { id, second: 6 });
    await seedMembers(ctx, image, [memberOf(image, CONSUMER, status, 50)]);
  }
  return { expected: ["p-old", "p-tie-b", "p-tie-a", "p-mid", "p-new"], images };
}

/** Puts a new status on an existing member at the image's current version. */
export async function setStatus(
  ctx: CaseContext,
  image: Image,
  consumer: string,
  status: "accepted" | "rejected",
  sharedAt: number,
): Promise<void> {
  const member = { ...memberOf(image, consumer, status, sharedAt), updatedAt: at(400) };
  const type = status === "accepted" ? "ShareAccepted" : "ShareRejected";
  await commitOk(ctx, `${status} ${image.id}`, {
    imageId: image.id,
    expectedVersion: await versionOf(ctx.store, image.id),
    putMembers: [member],
    events: [ctx.event(type, image, consumer)],
  });
}

/** Pages through a list with `after` and `limit` until an empty page, returning every id seen. */
export async function pageThrough(
  label: string,
  limit: number,
  maxPages: number,
  page: (after: SortKey | null) => Promise<{ id: string; key: SortKey }[]>,
): Promise<string[]> {
  const seen: string[] = [];
  let after: SortKey | null = null;
  for (let n = 0; n <= maxPages; n += 1) {
    const items = await page(after);
    assert.ok(items.length <= limit, `${label}: a page holds at most limit (${limit}) items`);
    if (items.length === 0) break;
    for (const item of items) {
      seen.push(item.id);
      after = item.key;
    }
  }
  return seen;
}
