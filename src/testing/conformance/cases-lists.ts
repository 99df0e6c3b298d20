import assert from "node:assert/strict";
import type { Image } from "cloud-image-sharing";
import { at, BYSTANDER, CONSUMER, FOURTH, imageFields, memberFields, memberOf, PRODUCER } from "./fixtures.js";
import { type CaseContext, type ConformanceGroup, commitOk, expectOk, seedImage, seedMembers, versionOf, visibleIds } from "./harness.js";

/**
 * The consumer's image list used by the paging cases: own images and accepted shares, with a
 * tie on createdAt in each source and across them. Newest first, ties by id descending:
 * own-z(5) shared-k(4) own-y(4) own-b(4) shared-m(3) own-a(1) — the pending and rejected
 * shares and the bystander's image must never appear.
 */
async function seedMixedList(ctx: CaseContext): Promise<string[]> {
  for (const [id, second, region] of [
    ["own-a", 1, "IAD"],
    ["own-b", 4, "DFW"],
    ["own-y", 4, "IAD"],
    ["own-z", 5, "LON"],
  ] as const) {
    await seedImage(ctx, { id, owner: CONSUMER, second, region });
  }
  const shared: [string, number, "accepted" | "pending" | "rejected"][] = [
    ["shared-k", 4, "accepted"],
    ["shared-m", 3, "accepted"],
    ["shared-p", 6, "pending"],
    ["shared-r", 7, "rejected"],
  ];
  for (const [id, second, status] of shared) {
    const { image } = await seedImage(ctx, { id, owner: PRODUCER, second, region: "IAD" });
    await seedMembers(ctx, image, [memberOf(image, CONSUMER, status)]);
  }
  await seedImage(ctx, { id: "bystander-img", owner: BYSTANDER, second: 9 });
  return ["own-z", "shared-k", "own-y", "own-b", "shared-m", "own-a"];
}

/** Puts a new status on an existing member at the image's current version. */
async function setStatus(ctx: CaseContext, image: Image, consumer: string, status: "accepted" | "rejected"): Promise<void> {
  const member = { ...memberOf(image, consumer, status), updatedAt: at(400) };
  const type = status === "accepted" ? "ShareAccepted" : "ShareRejected";
  await commitOk(ctx, `${status} ${image.id}`, {
    imageId: image.id,
    expectedVersion: await versionOf(ctx.store, image.id),
    putMembers: [member],
    events: [ctx.event(type, image, consumer)],
  });
}

/** listVisibleImages, listPendingShares and listMembers: content, order and paging. */
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
      name: "listVisibleImages merges own images and accepted shares; pending, rejected and other accounts' images are excluded",
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
          const seen: string[] = [];
          let after: { createdAt: string; id: string } | null = null;
          for (let page = 0; page <= expected.length; page += 1) {
            const items: Image[] = await expectOk("listVisibleImages page", () =>
              ctx.store.listVisibleImages({ accountId: CONSUMER, region: "global", after, limit }),
            );
            assert.ok(items.length <= limit, `a page holds at most limit (${limit}) images`);
            if (items.length === 0) break;
            for (const item of items) {
              seen.push(item.id);
              after = { createdAt: item.createdAt, id: item.id };
            }
          }
          assert.deepEqual(seen, expected, `paging with limit ${limit} returns every image once, in order`);
        }
        // `after` need not be an image's key: the page starts at the first key strictly after it.
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { after: { createdAt: at(4), id: "own-c" } }), ["own-b", "shared-m", "own-a"]);
      },
    },
    {
      name: "listVisibleImages with a region selects that region's images only; global selects all",
      run: async (ctx) => {
        const all = await seedMixedList(ctx);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "IAD" }), ["shared-k", "own-y", "shared-m", "own-a"]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "LON" }), ["own-z"]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "SYD" }), []);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "global" }), all);
      },
    },
    {
      name: "listVisibleImages: accepting a share adds it to the consumer's list, rejecting it removes it",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending")]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), [], "a pending share is not listed");
        await setStatus(ctx, image, CONSUMER, "accepted");
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), ["img-1"], "an accepted share is listed");
        await setStatus(ctx, image, CONSUMER, "rejected");
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), [], "a rejected share leaves the list");
      },
    },
    {
      name: "listPendingShares returns the account's pending shares only, with image and member, newest first, by region",
      run: async (ctx) => {
        const images: Image[] = [];
        for (const [id, second, region, status] of [
          ["p-1", 1, "IAD", "pending"],
          ["p-3", 3, "DFW", "pending"],
          ["p-2", 2, "IAD", "pending"],
          ["acc", 4, "IAD", "accepted"],
          ["rej", 5, "IAD", "rejected"],
        ] as const) {
          const { image } = await seedImage(ctx, { id, second, region });
          await seedMembers(ctx, image, [memberOf(image, CONSUMER, status), memberOf(image, BYSTANDER, "pending")]);
          images.push(image);
        }
        const global = await expectOk("listPendingShares(global)", () => ctx.store.listPendingShares(CONSUMER, "global"));
        assert.deepEqual(
          global.map((s) => s.image.id),
          ["p-3", "p-2", "p-1"],
        );
        for (const share of global) {
          assert.deepEqual(
            imageFields(share.image),
            images.find((i) => i.id === share.image.id),
          );
          assert.deepEqual(memberFields(share.member), memberOf(share.image, CONSUMER, "pending"), "the consumer's own member record");
        }
        const iad = await expectOk("listPendingShares(IAD)", () => ctx.store.listPendingShares(CONSUMER, "IAD"));
        assert.deepEqual(
          iad.map((s) => s.image.id),
          ["p-2", "p-1"],
        );
        assert.deepEqual(
          await expectOk("listPendingShares(owner)", () => ctx.store.listPendingShares(PRODUCER, "global")),
          [],
          "the owner has no pending shares",
        );
      },
    },
    {
      name: "listPendingShares: a share leaves the list once accepted or rejected",
      run: async (ctx) => {
        const { image: first } = await seedImage(ctx, { id: "img-1", second: 1 });
        const { image: second } = await seedImage(ctx, { id: "img-2", second: 2 });
        await seedMembers(ctx, first, [memberOf(first, CONSUMER, "pending")]);
        await seedMembers(ctx, second, [memberOf(second, CONSUMER, "pending")]);
        const pendingIds = async () =>
          (await expectOk("listPendingShares", () => ctx.store.listPendingShares(CONSUMER, "global"))).map((s) => s.image.id);
        assert.deepEqual(await pendingIds(), ["img-2", "img-1"]);
        await setStatus(ctx, first, CONSUMER, "accepted");
        assert.deepEqual(await pendingIds(), ["img-2"]);
        await setStatus(ctx, second, CONSUMER, "rejected");
        assert.deepEqual(await pendingIds(), []);
      },
    },
    {
      name: "listMembers returns every status, newest first by createdAt, ties by consumer account id descending",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        const members = [
          memberOf(image, CONSUMER, "pending", 10),
          memberOf(image, BYSTANDER, "accepted", 30),
          memberOf(image, FOURTH, "rejected", 10),
          memberOf(image, "100005", "pending", 20),
        ];
        await seedMembers(ctx, image, members);
        const listed = await expectOk("listMembers", () => ctx.store.listMembers(image.id));
        assert.deepEqual(
          listed.map((m) => [m.consumerAccountId, m.status]),
          [
            [BYSTANDER, "accepted"],
            ["100005", "pending"],
            [FOURTH, "rejected"],
            [CONSUMER, "pending"],
          ],
        );
        assert.deepEqual(await expectOk("listMembers(unknown)", () => ctx.store.listMembers("no-such-image")), []);
      },
    },
  ],
};
