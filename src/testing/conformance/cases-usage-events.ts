import assert from "node:assert/strict";
import { BYSTANDER, CONSUMER, FOURTH, imageOf, memberOf, PRODUCER } from "./fixtures.js";
import { type ConformanceGroup, commitOk, eventIds, expectOk, seedImage, seedMembers, versionOf } from "./harness.js";

/** getStorageUsage: own images only (R7). */
export const usageGuarantees: ConformanceGroup = {
  title: "storage usage",
  cases: [
    {
      name: "getStorageUsage counts the account's own images and bytes only, never images shared with it",
      run: async (ctx) => {
        const usage = (account: string) => expectOk(`getStorageUsage(${account})`, () => ctx.store.getStorageUsage(account));
        assert.deepEqual(await usage(FOURTH), { imageCount: 0, bytes: 0 }, "an account with no images uses nothing");
        const { image: big } = await seedImage(ctx, { id: "img-big", sizeBytes: 250, region: "DFW" });
        const { image: small } = await seedImage(ctx, { id: "img-small", sizeBytes: 100 });
        await seedImage(ctx, { id: "img-consumer", owner: CONSUMER, sizeBytes: 7 });
        await seedMembers(ctx, big, [memberOf(big, CONSUMER, "accepted")]);
        await seedMembers(ctx, small, [memberOf(small, CONSUMER, "pending")]);
        assert.deepEqual({ ...(await usage(PRODUCER)) }, { imageCount: 2, bytes: 350 });
        assert.deepEqual({ ...(await usage(CONSUMER)) }, { imageCount: 1, bytes: 7 }, "shared images cost the consumer nothing");
        await commitOk(ctx, "delete img-big", {
          imageId: big.id,
          expectedVersion: await versionOf(ctx.store, big.id),
          image: null,
          events: [ctx.event("ImageDeleted", big)],
        });
        assert.deepEqual({ ...(await usage(PRODUCER)) }, { imageCount: 1, bytes: 100 }, "a deleted image no longer counts");
      },
    },
  ],
};

/** listEvents: who sees what, in which order, and paging by event id. */
export const eventGuarantees: ConformanceGroup = {
  title: "events",
  cases: [
    {
      name: "listEvents returns to each account exactly the events that concern it (owner, or the consumer named)",
      run: async (ctx) => {
        const { image, event: created } = await seedImage(ctx, { id: "img-1" });
        const [toConsumer, toBystander] = await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "pending"),
          memberOf(image, BYSTANDER, "pending"),
        ]);
        const { event: consumerCreated } = await seedImage(ctx, { id: "img-c", owner: CONSUMER });
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), [created.id, toConsumer?.id, toBystander?.id]);
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [toConsumer?.id, consumerCreated.id]);
        assert.deepEqual(await eventIds(ctx.store, BYSTANDER), [toBystander?.id]);
        assert.deepEqual(await eventIds(ctx.store, FOURTH), [], "an account no event names has none");
        const stored = await expectOk("listEvents(CONSUMER)", () => ctx.store.listEvents({ accountId: CONSUMER, after: null, limit: 1 }));
        assert.deepEqual(stored, [toConsumer], "events are stored with every field");
      },
    },
    {
      name: "listEvents is in commit order (not timestamp order), the events of one commit in their given order",
      run: async (ctx) => {
        const image = imageOf({ id: "img-1" });
        const late = ctx.event("ImageCreated", image, undefined, 900);
        const early = ctx.event("ImageUpdated", image, undefined, 100);
        await commitOk(ctx, "create", { imageId: image.id, expectedVersion: null, image, events: [late, early] });
        const earliest = ctx.event("ImageShared", image, CONSUMER, 1);
        await commitOk(ctx, "share", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          putMembers: [memberOf(image, CONSUMER, "pending")],
          events: [earliest],
        });
        const forOwner = ctx.event("ImageDeleted", image, undefined, 500);
        const forConsumer = ctx.event("ImageDeleted", image, CONSUMER, 400);
        await commitOk(ctx, "delete", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          image: null,
          events: [forOwner, forConsumer],
        });
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), [late.id, early.id, earliest.id, forOwner.id, forConsumer.id]);
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [earliest.id, forConsumer.id], "one ImageDeleted per account that loses the image");
      },
    },
    {
      name: "listEvents pages with `after` (strictly after that event) and `limit`",
      run: async (ctx) => {
        const { image, event: created } = await seedImage(ctx, { id: "img-1" });
        const shared = await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "pending"),
          memberOf(image, BYSTANDER, "pending"),
          memberOf(image, FOURTH, "pending"),
        ]);
        const all = [created.id, ...shared.map((e) => e.id)];
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), all);
        assert.deepEqual(await eventIds(ctx.store, PRODUCER, null, 2), all.slice(0, 2));
        assert.deepEqual(await eventIds(ctx.store, PRODUCER, created.id, 2), all.slice(1, 3));
        assert.deepEqual(await eventIds(ctx.store, PRODUCER, all[3] ?? "", 10), [], "after the last event there is nothing");
      },
    },
    {
      name: "listEvents answers null for an `after` that is not one of the account's events",
      run: async (ctx) => {
        const { event: producerEvent } = await seedImage(ctx, { id: "img-1" });
        const { event: consumerEvent } = await seedImage(ctx, { id: "img-2", owner: CONSUMER });
        assert.equal(await eventIds(ctx.store, PRODUCER, "no-such-event"), null);
        assert.equal(await eventIds(ctx.store, PRODUCER, consumerEvent.id), null, "another account's event is unknown here");
        assert.equal(await eventIds(ctx.store, FOURTH, producerEvent.id), null, "an account without events knows no `after`");
        assert.deepEqual(await eventIds(ctx.store, FOURTH), [], "without `after`, an account without events gets an empty list");
      },
    },
  ],
};
