import assert from "node:assert/strict";
import { at, BYSTANDER, CONSUMER, FOURTH, future, imageOf, memberOf, PRODUCER, policyOf } from "./fixtures.js";
import {
  type ConformanceGroup,
  commitOk,
  commitPolicyOk,
  eventIds,
  eventsOf,
  expectOk,
  seedImage,
  seedMembers,
  versionOf,
} from "./harness.js";

/** getStorageUsage: own images only (R7). */
export const usageGuarantees: ConformanceGroup = {
  title: "storage usage",
  cases: [
    {
      name: "getStorageUsage counts the account's own images and bytes only, never images shared with it",
      run: async (ctx) => {
        const usage = (account: string) =>
          expectOk(`getStorageUsage(${account})`, () => ctx.store.getStorageUsage(account));
        assert.deepEqual(await usage(FOURTH), { imageCount: 0, bytes: 0 }, "an account with no images uses nothing");
        const { image: big } = await seedImage(ctx, { id: "img-big", second: 1, sizeBytes: 250, region: "DFW" });
        const { image: small } = await seedImage(ctx, { id: "img-small", second: 2, sizeBytes: 100 });
        await seedImage(ctx, { id: "img-consumer", owner: CONSUMER, second: 3, sizeBytes: 7 });
        await seedMembers(ctx, big, [memberOf(big, CONSUMER, "accepted", 10)]);
        await seedMembers(ctx, small, [memberOf(small, CONSUMER, "pending", 11)]);
        assert.deepEqual({ ...(await usage(PRODUCER)) }, { imageCount: 2, bytes: 350 });
        assert.deepEqual(
          { ...(await usage(CONSUMER)) },
          { imageCount: 1, bytes: 7 },
          "shared images cost the consumer nothing",
        );
        await commitOk(ctx, "delete img-big", {
          imageId: big.id,
          expectedVersion: await versionOf(ctx.store, big.id),
          image: null,
          events: [ctx.event("ImageDeleted", big)],
        });
        assert.deepEqual(
          { ...(await usage(PRODUCER)) },
          { imageCount: 1, bytes: 100 },
          "a deleted image no longer counts",
        );
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
        const { image, event: created } = await seedImage(ctx, { id: "img-1", second: 1 });
        const [toConsumer, toBystander] = await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "pending", 10),
          memberOf(image, BYSTANDER, "pending", 11),
        ]);
        const { event: consumerCreated } = await seedImage(ctx, { id: "img-c", owner: CONSUMER, second: 2 });
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), [created.id, toConsumer?.id, toBystander?.id]);
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [toConsumer?.id, consumerCreated.id]);
        assert.deepEqual(await eventIds(ctx.store, BYSTANDER), [toBystander?.id]);
        assert.deepEqual(await eventIds(ctx.store, FOURTH), [], "an account no event names has none");
      },
    },
    {
      name: "events are stored with every field: expiresAt of an expiring share, byPolicy without an acting user, the acting user otherwise",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const expiring = ctx.event("ImageShared", image, CONSUMER, { expiresAt: future(5) });
        const shared = ctx.event("ImageShared", image, BYSTANDER);
        const byPolicy = ctx.event("ShareAccepted", image, BYSTANDER, { byPolicy: true });
        await commitOk(ctx, "share", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          putMembers: [memberOf(image, CONSUMER, "pending", 10, future(5)), memberOf(image, BYSTANDER, "accepted", 11)],
          events: [expiring, shared, byPolicy],
        });
        assert.deepEqual(
          await eventsOf(ctx.store, CONSUMER),
          [expiring],
          "the expiring share's event, expiresAt included",
        );
        assert.deepEqual(
          await eventsOf(ctx.store, BYSTANDER),
          [shared, byPolicy],
          "byPolicy kept, no actorUserId invented",
        );
      },
    },
    {
      name: "listEvents is in commit order (not timestamp order), the events of one commit in their given order",
      run: async (ctx) => {
        const image = imageOf({ id: "img-1", second: 1 });
        const late = ctx.event("ImageCreated", image, undefined, { occurredAt: at(900) });
        const early = ctx.event("ImageUpdated", image, undefined, { occurredAt: at(100) });
        await commitOk(ctx, "create", { imageId: image.id, expectedVersion: null, image, events: [late, early] });
        const earliest = ctx.event("ImageShared", image, CONSUMER, { occurredAt: at(1) });
        await commitOk(ctx, "share", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          putMembers: [memberOf(image, CONSUMER, "pending", 10)],
          events: [earliest],
        });
        const forOwner = ctx.event("ImageDeleted", image, undefined, { occurredAt: at(500) });
        const forConsumer = ctx.event("ImageDeleted", image, CONSUMER, { occurredAt: at(400) });
        await commitOk(ctx, "delete", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          image: null,
          events: [forOwner, forConsumer],
        });
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), [
          late.id,
          early.id,
          earliest.id,
          forOwner.id,
          forConsumer.id,
        ]);
        assert.deepEqual(
          await eventIds(ctx.store, CONSUMER),
          [earliest.id, forConsumer.id],
          "one ImageDeleted per account that loses the image",
        );
      },
    },
    {
      name: "listEvents pages with `after` (strictly after that event) and `limit`",
      run: async (ctx) => {
        const { image, event: created } = await seedImage(ctx, { id: "img-1", second: 1 });
        const shared = await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "pending", 10),
          memberOf(image, BYSTANDER, "pending", 11),
          memberOf(image, FOURTH, "pending", 12),
        ]);
        const all = [created.id, ...shared.map((e) => e.id)];
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), all);
        assert.deepEqual(await eventIds(ctx.store, PRODUCER, null, 2), all.slice(0, 2));
        assert.deepEqual(await eventIds(ctx.store, PRODUCER, created.id, 2), all.slice(1, 3));
        assert.deepEqual(
          await eventIds(ctx.store, PRODUCER, all[3] ?? "", 10),
          [],
          "after the last event there is nothing",
        );
      },
    },
    {
      name: "listEvents answers null for an `after` that is not one of the account's events",
      run: async (ctx) => {
        const { event: producerEvent } = await seedImage(ctx, { id: "img-1", second: 1 });
        const { event: consumerEvent } = await seedImage(ctx, { id: "img-2", owner: CONSUMER, second: 2 });
        assert.equal(await eventIds(ctx.store, PRODUCER, "no-such-event"), null);
        assert.equal(
          await eventIds(ctx.store, PRODUCER, consumerEvent.id),
          null,
          "another account's event is unknown here",
        );
        assert.equal(
          await eventIds(ctx.store, FOURTH, producerEvent.id),
          null,
          "an account without events knows no `after`",
        );
        assert.deepEqual(
          await eventIds(ctx.store, FOURTH),
          [],
          "without `after`, an account without events gets an empty list",
        );
      },
    },
    {
      name: "listEvents: a reader paging while commits land never skips an event (each page continues where the last ended)",
      run: async (ctx) => {
        const images = [];
        for (let n = 0; n < 24; n += 1) images.push((await seedImage(ctx, { id: `img-${n}`, second: 1 + n })).image);
        let writing = true;
        const seen: string[] = [];
        const readPage = async (): Promise<number> => {
          const page = await eventIds(ctx.store, CONSUMER, seen.at(-1) ?? null, 3);
          assert.ok(page !== null, "the last event a reader saw stays a valid `after`");
          seen.push(...page);
          return page.length;
        };
        const reader = (async () => {
          while (writing) {
            await readPage();
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
        })();
        // Shares of different images commit concurrently: nothing orders them but the store.
        await Promise.all(
          images.map(async (image, n) =>
            commitOk(ctx, `share ${image.id}`, {
              imageId: image.id,
              expectedVersion: await versionOf(ctx.store, image.id),
              putMembers: [memberOf(image, CONSUMER, "pending", 100 + n)],
              events: [ctx.event("ImageShared", image, CONSUMER)],
            }),
          ),
        ).finally(() => {
          writing = false;
        });
        await reader;
        while ((await readPage()) > 0);
        assert.deepEqual(
          seen,
          await eventIds(ctx.store, CONSUMER),
          "paging saw every event, once, in the order a full read shows",
        );
      },
    },
    {
      name: "R17: a SharingPolicyChanged event concerns its account only, in commit order with the account's image events",
      run: async (ctx) => {
        const { image, event: created } = await seedImage(ctx, { id: "img-1", second: 1 });
        const changed = ctx.event.policyChanged(CONSUMER);
        await commitPolicyOk(ctx.store, "consumer policy", {
          policy: policyOf(CONSUMER, { autoAcceptFrom: [PRODUCER], blockFrom: [BYSTANDER] }, 20),
          expectedVersion: null,
          event: changed,
        });
        const [shared] = await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending", 30)]);
        assert.deepEqual(
          await eventsOf(ctx.store, CONSUMER),
          [changed, shared],
          "the account's own feed holds the event, with every field",
        );
        assert.deepEqual(
          await eventIds(ctx.store, PRODUCER),
          [created.id, shared?.id],
          "a producer the policy names does not see it",
        );
        assert.deepEqual(await eventIds(ctx.store, BYSTANDER), [], "nor does a blocked one");
        assert.deepEqual(
          await eventIds(ctx.store, CONSUMER, changed.id),
          [shared?.id],
          "a policy event is a valid `after`",
        );
        assert.equal(await eventIds(ctx.store, PRODUCER, changed.id), null, "but only in its own account's feed");
      },
    },
  ],
};
