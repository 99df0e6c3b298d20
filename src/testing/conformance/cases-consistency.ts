import assert from "node:assert/strict";
import { BYSTANDER, CONSUMER, FOURTH, imageOf, memberOf, PRODUCER, SETUP_ACCOUNTS } from "./fixtures.js";
import {
  type ConformanceGroup,
  commitOk,
  deleteImage,
  eventIds,
  expectStoreError,
  memberCountOf,
  memberOfAccount,
  membersOf,
  pendingIds,
  seedImage,
  seedMembers,
  settle,
  versionOf,
  visibleIds,
} from "./harness.js";

/** Optimistic versions (R16): a commit applies only on the version it was decided on, and versions never repeat for an id. */
export const atomicityGuarantees: ConformanceGroup = {
  title: "atomic commits",
  cases: [
    {
      name: "a successful commit stores the change and its events together",
      run: async (ctx) => {
        const { image, event: created } = await seedImage(ctx, { id: "img-1", second: 1 });
        assert.deepEqual(
          await eventIds(ctx.store, PRODUCER),
          [created.id],
          "the create's event is stored with the image",
        );
        const [shared] = await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending", 10)]);
        assert.notEqual(await memberOfAccount(ctx.store, image.id, CONSUMER), null);
        assert.deepEqual(
          await eventIds(ctx.store, CONSUMER),
          [shared?.id],
          "the share's event is stored with the member",
        );
      },
    },
    {
      name: "a rejected commit stores neither its change nor its events",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const stale = await versionOf(ctx.store, image.id);
        await seedMembers(ctx, image, [memberOf(image, BYSTANDER, "pending", 10)]);
        const before = await eventIds(ctx.store, PRODUCER);
        const lost = ctx.event("ImageShared", image, CONSUMER);
        await expectStoreError(
          "stale share",
          () =>
            ctx.store.commit({
              imageId: image.id,
              expectedVersion: stale,
              putMembers: [memberOf(image, CONSUMER, "pending", 11)],
              events: [lost],
            }),
          ["ConcurrentModification"],
        );
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), before, "no event of the rejected commit");
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [], "not for the consumer either");
        assert.equal(await memberOfAccount(ctx.store, image.id, CONSUMER), null, "no member of the rejected commit");
      },
    },
  ],
};

/** Deleting an image deletes its members in the same step (R13). */
export const cascadeGuarantees: ConformanceGroup = {
  title: "cascade on delete",
  cases: [
    {
      name: "deleting an image removes its members from every read and list",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1, sizeBytes: 10 });
        await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "accepted", 10),
          memberOf(image, BYSTANDER, "pending", 11),
          memberOf(image, FOURTH, "rejected", 12),
        ]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), ["img-1"]);
        await deleteImage(ctx, image);
        for (const consumer of [CONSUMER, BYSTANDER, FOURTH]) {
          assert.equal(await memberOfAccount(ctx.store, image.id, consumer), null, `member ${consumer} is gone`);
        }
        assert.deepEqual(await membersOf(ctx.store, image.id), []);
        assert.equal(await memberCountOf(ctx.store, image.id), 0);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), [], "the accepted share left the consumer's list");
        assert.deepEqual(await pendingIds(ctx.store, BYSTANDER), [], "the pending share is gone");
      },
    },
    {
      name: "an image re-created under a deleted image's id starts without members",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "accepted", 10),
          memberOf(image, BYSTANDER, "pending", 11),
        ]);
        await commitOk(ctx, "delete", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          image: null,
          events: [],
        });
        await seedImage(ctx, { id: "img-1", second: 30 });
        assert.equal(await memberCountOf(ctx.store, image.id), 0);
        assert.deepEqual(await membersOf(ctx.store, image.id), []);
        assert.equal(await memberOfAccount(ctx.store, image.id, CONSUMER), null);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), []);
        assert.deepEqual(await pendingIds(ctx.store, BYSTANDER), []);
      },
    },
  ],
};

/** Racing commits (R16): the member quota holds because only one commit per version wins. */
export const raceGuarantees: ConformanceGroup = {
  title: "concurrent commits",
  cases: [
    {
      name: "N concurrent commits built on the same version: exactly one wins, the others fail with ConcurrentModification",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const version = await versionOf(ctx.store, image.id);
        const consumers = SETUP_ACCOUNTS.map((a) => a.id).filter((account) => account !== PRODUCER);
        // Every racer read the same version (say, with one quota slot left) and adds a different member.
        const results = await Promise.all(
          consumers.map((consumer, n) =>
            settle(`commit share with ${consumer}`, () =>
              ctx.store.commit({
                imageId: image.id,
                expectedVersion: version,
                putMembers: [memberOf(image, consumer, "pending", 10 + n)],
                events: [ctx.event("ImageShared", image, consumer)],
              }),
            ),
          ),
        );
        const winners = results.filter((r) => r.isOk()).length;
        const conflicts = results.filter((r) => r.isErr() && r.error.type === "ConcurrentModification").length;
        assert.equal(winners, 1, `exactly one of ${consumers.length} racing commits succeeds`);
        assert.equal(conflicts, consumers.length - 1, "every other racer gets ConcurrentModification");
        assert.equal(await memberCountOf(ctx.store, image.id), 1, "one member, so the quota holds");
        const events = await eventIds(ctx.store, PRODUCER);
        assert.equal(events?.length, 2, "the create's event and the winner's event only");
      },
    },
    {
      name: "concurrent creates of one image id: exactly one wins",
      run: async (ctx) => {
        const owners = SETUP_ACCOUNTS.slice(0, 6).map((a) => a.id);
        const results = await Promise.all(
          owners.map((owner, n) => {
            const image = imageOf({ id: "img-race", owner, second: 1 + n });
            return settle(`create by ${owner}`, () =>
              ctx.store.commit({
                imageId: image.id,
                expectedVersion: null,
                image,
                events: [ctx.event("ImageCreated", image)],
              }),
            );
          }),
        );
        assert.equal(results.filter((r) => r.isOk()).length, 1, "exactly one create succeeds");
        assert.ok(
          results.every((r) => r.isOk() || r.error.type === "ConcurrentModification"),
          "the losers get ConcurrentModification",
        );
        let listedBy = 0;
        for (const owner of owners) listedBy += (await visibleIds(ctx.store, owner)).length;
        assert.equal(listedBy, 1, "the image is listed by one owner only");
      },
    },
  ],
};
