import assert from "node:assert/strict";
import { at, BYSTANDER, CONSUMER, FOURTH, imageFields, memberFields, memberOf, SETUP_ACCOUNTS } from "./fixtures.js";
import { type ConformanceGroup, commitOk, expectOk, seedImage, seedMembers, storedImage, storedMember, versionOf } from "./harness.js";

/** Every read method returns what the last successful commit wrote. */
export const readsAfterWrites: ConformanceGroup = {
  title: "reads after writes",
  cases: [
    {
      name: "getImage returns the committed image with a numeric version, and null for an unknown id",
      run: async (ctx) => {
        assert.equal(await expectOk("getImage(unknown)", () => ctx.store.getImage("no-such-image")), null);
        const { image } = await seedImage(ctx, { id: "img-1", sizeBytes: 1234, name: "golden Ubuntu ☕" });
        const found = await expectOk("getImage(img-1)", () => ctx.store.getImage("img-1"));
        assert.ok(found !== null, "a committed image must be found");
        assert.deepEqual(imageFields(found.image), image);
        assert.ok(Number.isSafeInteger(found.version), "the version is a whole number");
      },
    },
    {
      name: "getImage reflects an update at once",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        const before = await versionOf(ctx.store, image.id);
        const renamed = { ...image, name: "renamed", updatedAt: at(50) };
        await commitOk(ctx, "rename", { imageId: image.id, expectedVersion: before, image: renamed, events: [ctx.event("ImageUpdated", image)] });
        assert.deepEqual((await storedImage(ctx.store, image.id)).image, renamed);
      },
    },
    {
      name: "getMember returns the committed member, and null for an unknown image or consumer",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        assert.equal(await expectOk("getMember before sharing", () => ctx.store.getMember(image.id, CONSUMER)), null);
        const member = memberOf(image, CONSUMER, "pending");
        await seedMembers(ctx, image, [member]);
        assert.deepEqual(await storedMember(ctx.store, image.id, CONSUMER), member);
        assert.equal(await expectOk("getMember(other consumer)", () => ctx.store.getMember(image.id, BYSTANDER)), null);
        assert.equal(await expectOk("getMember(unknown image)", () => ctx.store.getMember("no-such-image", CONSUMER)), null);
      },
    },
    {
      name: "getMember and listMembers reflect a status change and a removal",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        const pending = memberOf(image, CONSUMER, "pending");
        await seedMembers(ctx, image, [pending, memberOf(image, BYSTANDER, "pending")]);
        const listed = await expectOk("listMembers before", () => ctx.store.listMembers(image.id));
        assert.equal(listed.length, 2);
        const accepted = { ...pending, status: "accepted" as const, updatedAt: at(300) };
        await commitOk(ctx, "accept", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          putMembers: [accepted],
          events: [ctx.event("ShareAccepted", image, CONSUMER)],
        });
        assert.deepEqual(await storedMember(ctx.store, image.id, CONSUMER), accepted, "a put member replaces the previous record");
        await commitOk(ctx, "remove", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          deleteMembers: [BYSTANDER],
          events: [ctx.event("ShareRevoked", image, BYSTANDER)],
        });
        assert.equal(await expectOk("getMember after removal", () => ctx.store.getMember(image.id, BYSTANDER)), null);
        const remaining = await expectOk("listMembers after", () => ctx.store.listMembers(image.id));
        assert.deepEqual(remaining.map(memberFields), [accepted]);
      },
    },
    {
      name: "countMembers counts members of every status, and 0 for an unknown image",
      run: async (ctx) => {
        assert.equal(await expectOk("countMembers(unknown)", () => ctx.store.countMembers("no-such-image")), 0);
        const { image } = await seedImage(ctx, { id: "img-1" });
        assert.equal(await expectOk("countMembers before", () => ctx.store.countMembers(image.id)), 0);
        await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "pending"),
          memberOf(image, BYSTANDER, "accepted"),
          memberOf(image, FOURTH, "rejected"),
        ]);
        assert.equal(await expectOk("countMembers after", () => ctx.store.countMembers(image.id)), 3);
      },
    },
    {
      name: "accountExists knows the setup accounts and no others",
      run: async (ctx) => {
        for (const account of SETUP_ACCOUNTS)
          assert.equal(
            await expectOk(`accountExists(${account})`, () => ctx.store.accountExists(account)),
            true,
            `account ${account} was in the setup`,
          );
        assert.equal(await expectOk("accountExists(unknown)", () => ctx.store.accountExists("999999")), false);
      },
    },
    {
      name: "a deleted image is gone: getImage returns null",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1" });
        assert.notEqual(await expectOk("getImage before delete", () => ctx.store.getImage(image.id)), null);
        await commitOk(ctx, "delete", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          image: null,
          events: [ctx.event("ImageDeleted", image)],
        });
        assert.equal(await expectOk("getImage after delete", () => ctx.store.getImage(image.id)), null);
      },
    },
  ],
};
