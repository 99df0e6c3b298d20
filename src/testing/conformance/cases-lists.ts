import assert from "node:assert/strict";
import type { Image } from "cloud-image-sharing";
import { at, BYSTANDER, CONSUMER, FOURTH, future, imageFields, memberFields, memberOf, PRODUCER } from "./fixtures.js";
import {
  type ConformanceGroup,
  expectOk,
  pendingIds,
  pendingShares,
  seedImage,
  seedMembers,
  visibleIds,
} from "./harness.js";

import { pageThrough, seedMixedList, seedPendingList, setStatus } from "./list-seeds.js";
/** listVisibleImages and listPendingShares: content, order, paging and expiry. */
export const listGuarantees: ConformanceGroup = {
  title: "lists",
  cases: [
    {
      name: "listVisibleImages is newest first by createdAt, ties broken by image id descending",
      run: async (ctx) => {
        for (const [id, second] of [
          ["i-1", 1],
          ["i-x", 4],
          ["i-2", 3],
          ["i-y", 4],
          ["i-3", 2],
          ["i-w", 4],
        ] as const)
          await seedImage(ctx, { id, second });
        assert.deepEqual(await visibleIds(ctx.store, PRODUCER), ["i-y", "i-x", "i-w", "i-2", "i-3", "i-1"]);
      },
    },
    {
      name: "listVisibleImages merges own images and accepted shares by the image's createdAt; pending, rejected and other accounts' images are excluded",
      run: async (ctx) => {
        const expected = await seedMixedList(ctx);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), expected);
        // A share is listed for the consumer only: the producer sees just its own images.
        assert.deepEqual(await visibleIds(ctx.store, PRODUCER), ["shared-r", "shared-p", "shared-k", "shared-m"]);
        assert.deepEqual(await visibleIds(ctx.store, FOURTH), [], "an account with nothing lists nothing");
      },
    },
    {
      name: "listVisibleImages pages with `after` (strictly after the key) and `limit`, visiting every image once",
      run: async (ctx) => {
        const expected = await seedMixedList(ctx);
        for (const limit of [1, 2, 4]) {
          const seen = await pageThrough("listVisibleImages", limit, expected.length, async (after) => {
            const items = await expectOk("listVisibleImages page", () =>
              ctx.store.listVisibleImages({ accountId: CONSUMER, region: "global", after, limit, now: at(100_000) }),
            );
            return items.map((image) => ({ id: image.id, key: { createdAt: image.createdAt, id: image.id } }));
          });
          assert.deepEqual(seen, expected, `paging with limit ${limit} returns every image once, in order`);
        }
        // `after` need not be an image's key: the page starts at the first key strictly after it.
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { after: { createdAt: at(4), id: "own-c" } }), [
          "own-b",
          "shared-m",
          "own-a",
        ]);
      },
    },
    {
      name: "listVisibleImages with a region selects that region's images only; global selects all",
      run: async (ctx) => {
        const all = await seedMixedList(ctx);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "IAD" }), [
          "shared-k",
          "own-y",
          "shared-m",
          "own-a",
        ]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "LON" }), ["own-z"]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "SYD" }), []);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "global" }), all);
      },
    },
    {
      name: "listVisibleImages: accepting a share adds it to the consumer's list, rejecting it removes it",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending", 10)]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), [], "a pending share is not listed");
        await setStatus(ctx, image, CONSUMER, "accepted", 10);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), ["img-1"], "an accepted share is listed");
        await setStatus(ctx, image, CONSUMER, "rejected", 10);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), [], "a rejected share leaves the list");
      },
    },
    {
      name: "R18: listVisibleImages leaves out accepted shares whose expiresAt is at or before `now`, and lists them while `now` is earlier",
      run: async (ctx) => {
        await seedImage(ctx, { id: "own", owner: CONSUMER, second: 1 });
        const images: Image[] = [];
        for (const [id, second, expiresAt] of [
          ["expires-5", 5, future(5)],
          ["expires-3", 4, future(3)],
          ["forever", 3, undefined],
          ["expires-9", 2, future(9)],
        ] as const) {
          const { image } = await seedImage(ctx, { id, second });
          await seedMembers(ctx, image, [memberOf(image, CONSUMER, "accepted", 10 + second, expiresAt)]);
          images.push(image);
        }
        const listedAt = (now: string, limit = 1000) => visibleIds(ctx.store, CONSUMER, { now, limit });
        assert.deepEqual(
          await listedAt(future(2)),
          ["expires-5", "expires-3", "forever", "expires-9", "own"],
          "nothing has expired yet",
        );
        assert.deepEqual(
          await listedAt(future(3)),
          ["expires-5", "forever", "expires-9", "own"],
          "a share expiring exactly at `now` is out",
        );
        assert.deepEqual(await listedAt(future(5)), ["forever", "expires-9", "own"]);
        assert.deepEqual(
          await listedAt(future(10)),
          ["forever", "own"],
          "own images and shares without expiry never expire",
        );
        assert.deepEqual(
          await listedAt(future(5), 1),
          ["forever"],
          "a page skips expired shares instead of coming back short",
        );
        assert.deepEqual(
          await visibleIds(ctx.store, PRODUCER, { now: future(10) }),
          ["expires-5", "expires-3", "forever", "expires-9"],
          "the producer's own images never expire",
        );
      },
    },
    {
      name: "listPendingShares returns the account's pending shares only, with image and member, by region",
      run: async (ctx) => {
        const { expected, images } = await seedPendingList(ctx);
        const global = await pendingShares(ctx.store, CONSUMER);
        assert.deepEqual(
          global.map((s) => s.image.id),
          expected,
        );
        for (const share of global) {
          const image = images.find((i) => i.id === share.image.id);
          assert.deepEqual(imageFields(share.image), image, "the share's image, as committed");
          assert.equal(memberFields(share.member).consumerAccountId, CONSUMER, "the consumer's own member record");
          assert.equal(share.member.status, "pending");
          assert.equal(share.member.imageId, share.image.id);
        }
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER, { region: "IAD" }), ["p-old", "p-tie-b", "p-new"]);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER, { region: "DFW" }), ["p-tie-a", "p-mid"]);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER, { region: "SYD" }), []);
        assert.deepEqual(await pendingIds(ctx.store, PRODUCER), [], "the owner has no pending shares");
      },
    },
    {
      name: "listPendingShares is newest share first: by the member's createdAt (not the image's), ties broken by image id descending",
      run: async (ctx) => {
        const { expected } = await seedPendingList(ctx);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER), expected);
        const shares = await pendingShares(ctx.store, CONSUMER);
        assert.deepEqual(
          shares.map((s) => s.member.createdAt),
          [at(30), at(25), at(25), at(20), at(10)],
          "each share carries its own member's createdAt",
        );
        // The bystander was shared the same images in the opposite order.
        assert.deepEqual(await pendingIds(ctx.store, BYSTANDER), ["p-new", "p-mid", "p-tie-b", "p-tie-a", "p-old"]);
      },
    },
    {
      name: "listPendingShares pages with `after` (the member's createdAt and the image id, strictly after) and `limit`, visiting every share once",
      run: async (ctx) => {
        const { expected } = await seedPendingList(ctx);
        for (const limit of [1, 2, 3]) {
          const seen = await pageThrough("listPendingShares", limit, expected.length, async (after) => {
            const shares = await pendingShares(ctx.store, CONSUMER, { after, limit });
            return shares.map((s) => ({ id: s.image.id, key: { createdAt: s.member.createdAt, id: s.image.id } }));
          });
          assert.deepEqual(seen, expected, `paging with limit ${limit} returns every share once, in order`);
        }
        assert.deepEqual(
          await pendingIds(ctx.store, CONSUMER, { after: { createdAt: at(25), id: "p-tie-aa" } }),
          ["p-tie-a", "p-mid", "p-new"],
          "`after` need not be a share's key",
        );
        assert.deepEqual(
          await pendingIds(ctx.store, CONSUMER, { after: { createdAt: at(25), id: "p-tie-b" }, region: "IAD" }),
          ["p-new"],
        );
      },
    },
    {
      name: "listPendingShares: a share leaves the list once accepted or rejected",
      run: async (ctx) => {
        const { image: first } = await seedImage(ctx, { id: "img-1", second: 1 });
        const { image: second } = await seedImage(ctx, { id: "img-2", second: 2 });
        await seedMembers(ctx, first, [memberOf(first, CONSUMER, "pending", 20)]);
        await seedMembers(ctx, second, [memberOf(second, CONSUMER, "pending", 10)]);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER), ["img-1", "img-2"]);
        await setStatus(ctx, first, CONSUMER, "accepted", 20);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER), ["img-2"]);
        await setStatus(ctx, second, CONSUMER, "rejected", 10);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER), []);
      },
    },
    {
      name: "R18: listPendingShares leaves out shares whose expiresAt is at or before `now`, and lists them while `now` is earlier",
      run: async (ctx) => {
        for (const [id, sharedAt, expiresAt] of [
          ["expires-5", 40, future(5)],
          ["expires-3", 30, future(3)],
          ["forever", 20, undefined],
          ["expires-9", 10, future(9)],
        ] as const) {
          const { image } = await seedImage(ctx, { id, second: 50 - sharedAt });
          await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending", sharedAt, expiresAt)]);
        }
        const pendingAt = (now: string, limit = 1000) => pendingIds(ctx.store, CONSUMER, { now, limit });
        assert.deepEqual(
          await pendingAt(future(2)),
          ["expires-5", "expires-3", "forever", "expires-9"],
          "nothing has expired yet",
        );
        assert.deepEqual(
          await pendingAt(future(3)),
          ["expires-5", "forever", "expires-9"],
          "a share expiring exactly at `now` is out",
        );
        assert.deepEqual(await pendingAt(future(5)), ["forever", "expires-9"]);
        assert.deepEqual(await pendingAt(future(9)), ["forever"], "a share without expiry never expires");
        assert.deepEqual(
          await pendingAt(future(5), 1),
          ["forever"],
          "a page skips expired shares instead of coming back short",
        );
        const [share] = await pendingShares(ctx.store, CONSUMER, { now: future(2), limit: 1 });
        assert.equal(share?.member.expiresAt, future(5), "a listed share carries its expiresAt");
      },
    },
  ],
};
