import assert from "node:assert/strict";
import { at, BYSTANDER, CONSUMER, FOURTH, imageOf, memberOf, PRODUCER, SETUP_ACCOUNTS } from "./fixtures.js";
import {
  type ConformanceGroup,
  commitOk,
  eventIds,
  expectOk,
  expectStoreError,
  seedImage,
  seedMembers,
  settle,
  storedImage,
  versionOf,
  visibleIds,
} from "./harness.js";

/** Optimistic versions (R16): a commit applies only on the version it was decided on. */
export const versionGuarantees: ConformanceGroup = {
  title: "optimistic versions",
  cases: [
    {
      name: "every commit bumps the image's version, member-only commits included",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        const created = await versionOf(ctx.store, image.id);
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending")]);
        const afterShare = await versionOf(ctx.store, image.id);
        assert.ok(afterShare > created, `a member-only commit bumps the version (${created} -> ${afterShare})`);
        await commitOk(ctx, "unshare", {
          imageId: image.id,
          expectedVersion: afterShare,
          deleteMembers: [CONSUMER],
          events: [ctx.event("ShareRevoked", image, CONSUMER)],
        });
        const afterUnshare = await versionOf(ctx.store, image.id);
        assert.ok(afterUnshare > afterShare, `removing a member bumps the version (${afterShare} -> ${afterUnshare})`);
      },
    },
    {
      name: "a stale expectedVersion fails with ConcurrentModification and applies nothing",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        const stale = await versionOf(ctx.store, image.id);
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending")]);
        const current = await versionOf(ctx.store, image.id);
        await expectStoreError(
          "commit with a stale version",
          () =>
            ctx.store.commit({
              imageId: image.id,
              expectedVersion: stale,
              image: { ...image, name: "lost", updatedAt: at(60) },
              putMembers: [memberOf(image, BYSTANDER, "pending")],
              deleteMembers: [CONSUMER],
              events: [],
            }),
          ["ConcurrentModification"],
        );
        const found = await storedImage(ctx.store, image.id);
        assert.deepEqual(found.image, image, "the image is unchanged");
        assert.equal(found.version, current, "the version is unchanged");
        const members = await expectOk("listMembers", () => ctx.store.listMembers(image.id));
        assert.deepEqual(
          members.map((m) => m.consumerAccountId),
          [CONSUMER],
          "members are unchanged",
        );
      },
    },
    {
      name: "creating an image that already exists fails with ConcurrentModification and keeps the original",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", name: "original" });
        const duplicate = imageOf({ id: "img-1", name: "duplicate", owner: BYSTANDER });
        await expectStoreError(
          "create over an existing image",
          () => ctx.store.commit({ imageId: image.id, expectedVersion: null, image: duplicate, events: [ctx.event("ImageCreated", duplicate)] }),
          ["ConcurrentModification"],
        );
        assert.deepEqual((await storedImage(ctx.store, image.id)).image, image);
        assert.deepEqual(await visibleIds(ctx.store, BYSTANDER), [], "the duplicate is listed nowhere");
      },
    },
    {
      name: "a commit on an image deleted meanwhile fails with ConcurrentModification",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        const version = await versionOf(ctx.store, image.id);
        await commitOk(ctx, "delete", { imageId: image.id, expectedVersion: version, image: null, events: [ctx.event("ImageDeleted", image)] });
        await expectStoreError(
          "share on a deleted image",
          () => ctx.store.commit({ imageId: image.id, expectedVersion: version, putMembers: [memberOf(image, CONSUMER, "pending")], events: [] }),
          ["ConcurrentModification"],
        );
        assert.equal(await expectOk("countMembers", () => ctx.store.countMembers(image.id)), 0);
      },
    },
  ],
};

/** A change and its events are one unit (R14): both or neither. */
export const atomicityGuarantees: ConformanceGroup = {
  title: "atomic commits",
  cases: [
    {
      name: "a successful commit stores the change and its events together",
      run: async (ctx) => {
        const { image, event: created } = await seedImage(ctx, { id: "img-1" });
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), [created.id], "the create's event is stored with the image");
        const [shared] = await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending")]);
        assert.notEqual(await expectOk("getMember", () => ctx.store.getMember(image.id, CONSUMER)), null);
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [shared?.id], "the share's event is stored with the member");
      },
    },
    {
      name: "a rejected commit stores neither its change nor its events",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        const stale = await versionOf(ctx.store, image.id);
        await seedMembers(ctx, image, [memberOf(image, BYSTANDER, "pending")]);
        const before = await eventIds(ctx.store, PRODUCER);
        const lost = ctx.event("ImageShared", image, CONSUMER);
        await expectStoreError(
          "stale share",
          () => ctx.store.commit({ imageId: image.id, expectedVersion: stale, putMembers: [memberOf(image, CONSUMER, "pending")], events: [lost] }),
          ["ConcurrentModification"],
        );
        assert.deepEqual(await eventIds(ctx.store, PRODUCER), before, "no event of the rejected commit");
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [], "not for the consumer either");
        assert.equal(await expectOk("getMember", () => ctx.store.getMember(image.id, CONSUMER)), null, "no member of the rejected commit");
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
        const { image } = await seedImage(ctx, { id: "img-1", sizeBytes: 10 });
        await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "accepted"),
          memberOf(image, BYSTANDER, "pending"),
          memberOf(image, FOURTH, "rejected"),
        ]);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), ["img-1"]);
        await commitOk(ctx, "delete", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          image: null,
          events: [ctx.event("ImageDeleted", image)],
        });
        for (const consumer of [CONSUMER, BYSTANDER, FOURTH]) {
          assert.equal(await expectOk(`getMember(${consumer})`, () => ctx.store.getMember(image.id, consumer)), null, `member ${consumer} is gone`);
        }
        assert.deepEqual(await expectOk("listMembers", () => ctx.store.listMembers(image.id)), []);
        assert.equal(await expectOk("countMembers", () => ctx.store.countMembers(image.id)), 0);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), [], "the accepted share left the consumer's list");
        assert.deepEqual(
          await expectOk("listPendingShares", () => ctx.store.listPendingShares(BYSTANDER, "global")),
          [],
          "the pending share is gone",
        );
      },
    },
    {
      name: "an image re-created under a deleted image's id starts without members",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "accepted")]);
        await commitOk(ctx, "delete", { imageId: image.id, expectedVersion: await versionOf(ctx.store, image.id), image: null, events: [] });
        await seedImage(ctx, { id: "img-1", second: 30 });
        assert.equal(await expectOk("countMembers", () => ctx.store.countMembers(image.id)), 0);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), []);
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
        const { image } = await seedImage(ctx, { id: "img-1" });
        const version = await versionOf(ctx.store, image.id);
        const consumers = SETUP_ACCOUNTS.filter((account) => account !== PRODUCER);
        // Every racer read the same version (say, with one quota slot left) and adds a different member.
        const results = await Promise.all(
          consumers.map((consumer) =>
            settle(`commit share with ${consumer}`, () =>
              ctx.store.commit({
                imageId: image.id,
                expectedVersion: version,
                putMembers: [memberOf(image, consumer, "pending")],
                events: [ctx.event("ImageShared", image, consumer)],
              }),
            ),
          ),
        );
        const winners = results.filter((r) => r.isOk()).length;
        const conflicts = results.filter((r) => r.isErr() && r.error.type === "ConcurrentModification").length;
        assert.equal(winners, 1, `exactly one of ${consumers.length} racing commits succeeds`);
        assert.equal(conflicts, consumers.length - 1, "every other racer gets ConcurrentModification");
        assert.equal(await expectOk("countMembers", () => ctx.store.countMembers(image.id)), 1, "one member, so the quota holds");
        const events = await eventIds(ctx.store, PRODUCER);
        assert.equal(events?.length, 2, "the create's event and the winner's event only");
      },
    },
    {
      name: "concurrent creates of one image id: exactly one wins",
      run: async (ctx) => {
        const owners = SETUP_ACCOUNTS.slice(0, 6);
        const results = await Promise.all(
          owners.map((owner) => {
            const image = imageOf({ id: "img-race", owner });
            return settle(`create by ${owner}`, () =>
              ctx.store.commit({ imageId: image.id, expectedVersion: null, image, events: [ctx.event("ImageCreated", image)] }),
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
