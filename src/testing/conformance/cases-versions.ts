import assert from "node:assert/strict";
import { at, BYSTANDER, CONSUMER, FIFTH, FOURTH, imageOf, memberOf } from "./fixtures.js";
import {
  type CaseContext,
  type ConformanceGroup,
  commitOk,
  deleteImage,
  expectStoreError,
  memberCountOf,
  memberOfAccount,
  membersOf,
  pendingIds,
  seedImage,
  seedMembers,
  storedImage,
  versionOf,
  visibleIds,
} from "./harness.js";

/** Every version an image id has had, in order, through one commit after another. */
async function versionsThrough(ctx: CaseContext, imageId: string, seen: number[]): Promise<number> {
  const version = await versionOf(ctx.store, imageId);
  seen.push(version);
  return version;
}

/** Optimistic versions (R16): a commit applies only on the version it was decided on, and versions never repeat for an id. */
export const versionGuarantees: ConformanceGroup = {
  title: "optimistic versions",
  cases: [
    {
      name: "every commit gives the image a new version, member-only commits included",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const created = await versionOf(ctx.store, image.id);
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending", 10)]);
        const afterShare = await versionOf(ctx.store, image.id);
        assert.notEqual(afterShare, created, `a member-only commit gives a new version (${created} -> ${afterShare})`);
        await commitOk(ctx, "unshare", {
          imageId: image.id,
          expectedVersion: afterShare,
          deleteMembers: [CONSUMER],
          events: [ctx.event("ShareRevoked", image, CONSUMER)],
        });
        const afterUnshare = await versionOf(ctx.store, image.id);
        assert.ok(
          ![created, afterShare].includes(afterUnshare),
          `removing a member gives a new version (${afterShare} -> ${afterUnshare})`,
        );
      },
    },
    {
      name: "a commit answers the image's new version (the one readImageFacts then reports), null after a delete",
      run: async (ctx) => {
        const { image, receipt: created } = await seedImage(ctx, { id: "img-1", second: 1 });
        assert.equal(created.version, await versionOf(ctx.store, image.id), "a create answers the version it gave");
        const shared = await commitOk(ctx, "share", {
          imageId: image.id,
          expectedVersion: created.version,
          putMembers: [memberOf(image, CONSUMER, "pending", 10)],
          events: [ctx.event("ImageShared", image, CONSUMER)],
        });
        assert.equal(shared.version, await versionOf(ctx.store, image.id), "a member commit answers the new version");
        assert.notEqual(shared.version, created.version, "and it is a new one");
        const deleted = await deleteImage(ctx, image);
        assert.equal(deleted.version, null, "a delete answers version null");
      },
    },
    {
      name: "a stale expectedVersion fails with ConcurrentModification and applies nothing",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const stale = await versionOf(ctx.store, image.id);
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending", 10)]);
        const current = await versionOf(ctx.store, image.id);
        await expectStoreError(
          "commit with a stale version",
          () =>
            ctx.store.commit({
              imageId: image.id,
              expectedVersion: stale,
              image: { ...image, name: "lost", updatedAt: at(60) },
              putMembers: [memberOf(image, BYSTANDER, "pending", 11)],
              deleteMembers: [CONSUMER],
              events: [],
            }),
          ["ConcurrentModification"],
        );
        const found = await storedImage(ctx.store, image.id);
        assert.deepEqual(found.image, image, "the image is unchanged");
        assert.equal(found.version, current, "the version is unchanged");
        assert.deepEqual(
          (await membersOf(ctx.store, image.id)).map((m) => m.consumerAccountId),
          [CONSUMER],
          "members are unchanged",
        );
      },
    },
    {
      name: "creating an image that already exists fails with ConcurrentModification and keeps the original",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1, name: "original" });
        const duplicate = imageOf({ id: "img-1", second: 2, name: "duplicate", owner: BYSTANDER });
        await expectStoreError(
          "create over an existing image",
          () =>
            ctx.store.commit({
              imageId: image.id,
              expectedVersion: null,
              image: duplicate,
              events: [ctx.event("ImageCreated", duplicate)],
            }),
          ["ConcurrentModification"],
        );
        assert.deepEqual((await storedImage(ctx.store, image.id)).image, image);
        assert.deepEqual(await visibleIds(ctx.store, BYSTANDER), [], "the duplicate is listed nowhere");
      },
    },
    {
      name: "a commit on an image deleted meanwhile fails with ConcurrentModification",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const version = await versionOf(ctx.store, image.id);
        await commitOk(ctx, "delete", {
          imageId: image.id,
          expectedVersion: version,
          image: null,
          events: [ctx.event("ImageDeleted", image)],
        });
        await expectStoreError(
          "share on a deleted image",
          () =>
            ctx.store.commit({
              imageId: image.id,
              expectedVersion: version,
              putMembers: [memberOf(image, CONSUMER, "pending", 10)],
              events: [],
            }),
          ["ConcurrentModification"],
        );
        assert.equal(await memberOfAccount(ctx.store, image.id, CONSUMER), null);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER), []);
      },
    },
    {
      name: "R16: versions never repeat for an id, also across a delete and a re-creation of that id",
      run: async (ctx) => {
        const seen: number[] = [];
        for (let incarnation = 0; incarnation < 3; incarnation += 1) {
          const { image } = await seedImage(ctx, { id: "img-1", second: 1 + incarnation });
          await versionsThrough(ctx, image.id, seen);
          await seedMembers(ctx, image, [memberOf(image, CONSUMER, "pending", 10 + incarnation)]);
          await versionsThrough(ctx, image.id, seen);
          await seedMembers(ctx, image, [memberOf(image, BYSTANDER, "pending", 20 + incarnation)]);
          await versionsThrough(ctx, image.id, seen);
          await deleteImage(ctx, image);
        }
        assert.equal(
          new Set(seen).size,
          seen.length,
          `every version of img-1 is new, across three incarnations: ${seen.join(", ")}`,
        );
      },
    },
    {
      name: "R16: a commit made with a deleted image's version fails with ConcurrentModification on a re-created image of the same id",
      run: async (ctx) => {
        // Two incarnations with the same history, so a store whose versions restart gives both the same versions.
        const { image: old } = await seedImage(ctx, { id: "img-1", second: 1 });
        await seedMembers(ctx, old, [memberOf(old, CONSUMER, "pending", 10)]);
        const oldVersion = await versionOf(ctx.store, old.id);
        await deleteImage(ctx, old);
        // The same createdAt too: only the version tells the incarnations apart.
        const { image: renewed } = await seedImage(ctx, { id: "img-1", second: 1, name: "renewed" });
        await seedMembers(ctx, renewed, [memberOf(renewed, BYSTANDER, "pending", 20)]);
        await expectStoreError(
          "rename decided on the deleted image",
          () =>
            ctx.store.commit({
              imageId: old.id,
              expectedVersion: oldVersion,
              image: { ...old, name: "stale rename", updatedAt: at(30) },
              events: [],
            }),
          ["ConcurrentModification"],
        );
        assert.equal((await storedImage(ctx.store, old.id)).image.name, "renewed", "the re-created image is unchanged");
      },
    },
    {
      name: "R16, R5: an accept read on a deleted image does not commit on a re-created image of the same id",
      run: async (ctx) => {
        const { image: old } = await seedImage(ctx, { id: "img-1", second: 1 });
        await seedMembers(ctx, old, [memberOf(old, CONSUMER, "pending", 10)]);
        // The consumer reads its pending share and decides to accept it…
        const readVersion = await versionOf(ctx.store, old.id);
        const accepted = { ...memberOf(old, CONSUMER, "accepted", 10), updatedAt: at(40) };
        // …meanwhile the producer deletes the image, and a new image gets the same id, shared with someone else.
        await deleteImage(ctx, old);
        const { image: renewed } = await seedImage(ctx, { id: "img-1", second: 2 });
        await seedMembers(ctx, renewed, [memberOf(renewed, BYSTANDER, "pending", 20)]);
        await expectStoreError(
          "accept decided on the deleted image",
          () =>
            ctx.store.commit({
              imageId: old.id,
              expectedVersion: readVersion,
              putMembers: [accepted],
              events: [ctx.event("ShareAccepted", old, CONSUMER)],
            }),
          ["ConcurrentModification"],
        );
        assert.equal(
          await memberOfAccount(ctx.store, old.id, CONSUMER),
          null,
          "the consumer is no member of an image never shared with it",
        );
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER), [], "nor does it list it");
      },
    },
    {
      name: "R16, R11: a share decided within the quota of a deleted image does not commit on a re-created image that has more members",
      run: async (ctx) => {
        const { image: old } = await seedImage(ctx, { id: "img-1", second: 1 });
        await seedMembers(ctx, old, [memberOf(old, CONSUMER, "pending", 10)]);
        // A share is decided with 1 member of a quota of 3…
        const readVersion = await versionOf(ctx.store, old.id);
        assert.equal(await memberCountOf(ctx.store, old.id), 1);
        // …while the image is deleted and re-created under its id with 3 members, the quota full.
        await deleteImage(ctx, old);
        const { image: renewed } = await seedImage(ctx, { id: "img-1", second: 2 });
        await seedMembers(ctx, renewed, [
          memberOf(renewed, CONSUMER, "pending", 20),
          memberOf(renewed, BYSTANDER, "pending", 21),
          memberOf(renewed, FOURTH, "pending", 22),
        ]);
        await expectStoreError(
          "share decided on the deleted image",
          () =>
            ctx.store.commit({
              imageId: old.id,
              expectedVersion: readVersion,
              putMembers: [memberOf(old, FIFTH, "pending", 30)],
              events: [ctx.event("ImageShared", old, FIFTH)],
            }),
          ["ConcurrentModification"],
        );
        assert.equal(await memberCountOf(ctx.store, old.id), 3, "the quota of 3 holds");
        assert.equal(await memberOfAccount(ctx.store, old.id, FIFTH), null);
      },
    },
  ],
};

/** A change and its events are one unit (R14): both or neither. */
