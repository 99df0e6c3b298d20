import assert from "node:assert/strict";
import { CONSUMER, FOURTH, imageOf, memberOf, PRODUCER } from "./fixtures.js";
import {
  type ConformanceGroup,
  commitOk,
  eventIds,
  eventsOf,
  expectOk,
  expectStoreError,
  seedImage,
  seedMembers,
  storedImage,
  storedMember,
  visibleIds,
} from "./harness.js";

/** Tries to change a value handed out by the store; frozen values refuse, which is fine too. */
function tamper(change: () => void): void {
  try {
    change();
  } catch {
    // A frozen value throws in strict mode: the store protected itself, as allowed.
  }
}

/** Isolation, copies, and errors as values. */
export const safetyGuarantees: ConformanceGroup = {
  title: "isolation, copies and errors",
  cases: [
    {
      name: "two stores are isolated: what is written to one is not seen by the other",
      run: async (ctx) => {
        const other = await ctx.anotherStore();
        const { image } = await seedImage(ctx, { id: "img-1" });
        await seedMembers(ctx, image, [memberOf(image, CONSUMER, "accepted")]);
        assert.equal(await expectOk("other.getImage", () => other.getImage(image.id)), null);
        assert.equal(await expectOk("other.getMember", () => other.getMember(image.id, CONSUMER)), null);
        assert.deepEqual(await visibleIds(other, CONSUMER), []);
        assert.deepEqual(await eventIds(other, PRODUCER), []);
        assert.deepEqual({ ...(await expectOk("other.getStorageUsage", () => other.getStorageUsage(PRODUCER))) }, { imageCount: 0, bytes: 0 });
      },
    },
    {
      name: "returned values are copies: mutating them does not change the store",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", sizeBytes: 5 });
        const member = memberOf(image, CONSUMER, "accepted");
        await seedMembers(ctx, image, [member, memberOf(image, FOURTH, "pending")]);
        const found = await expectOk("getImage", () => ctx.store.getImage(image.id));
        tamper(() => {
          if (found !== null) Object.assign(found.image, { name: "hacked", ownerAccountId: CONSUMER });
        });
        const gotMember = await expectOk("getMember", () => ctx.store.getMember(image.id, CONSUMER));
        tamper(() => {
          if (gotMember !== null) Object.assign(gotMember, { status: "rejected" });
        });
        const members = await expectOk("listMembers", () => ctx.store.listMembers(image.id));
        tamper(() => members.pop());
        tamper(() => {
          if (members[0] !== undefined) Object.assign(members[0], { status: "rejected" });
        });
        const listed = await expectOk("listVisibleImages", () =>
          ctx.store.listVisibleImages({ accountId: CONSUMER, region: "global", after: null, limit: 10 }),
        );
        tamper(() => {
          if (listed[0] !== undefined) Object.assign(listed[0], { region: "LON" });
        });
        const pending = await expectOk("listPendingShares", () => ctx.store.listPendingShares(FOURTH, "global"));
        tamper(() => {
          if (pending[0] !== undefined) Object.assign(pending[0].member, { status: "accepted" });
        });
        const events = await eventsOf(ctx.store, PRODUCER);
        tamper(() => {
          if (events[0] !== undefined) Object.assign(events[0], { ownerAccountId: CONSUMER });
        });
        const usage = await expectOk("getStorageUsage", () => ctx.store.getStorageUsage(PRODUCER));
        tamper(() => Object.assign(usage, { bytes: 0 }));

        assert.deepEqual((await storedImage(ctx.store, image.id)).image, image);
        assert.deepEqual(await storedMember(ctx.store, image.id, CONSUMER), member);
        assert.equal((await expectOk("listMembers again", () => ctx.store.listMembers(image.id))).length, 2);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "IAD" }), [image.id]);
        const pendingAgain = await expectOk("listPendingShares again", () => ctx.store.listPendingShares(FOURTH, "global"));
        assert.equal(pendingAgain[0]?.member.status, "pending");
        assert.equal(await expectOk("countMembers", () => ctx.store.countMembers(image.id)), 2);
        assert.ok(
          (await eventsOf(ctx.store, PRODUCER)).every((e) => e.ownerAccountId === PRODUCER),
          "stored events are unchanged",
        );
        assert.equal((await expectOk("getStorageUsage again", () => ctx.store.getStorageUsage(PRODUCER))).bytes, 5);
      },
    },
    {
      name: "committed values are copied: mutating the caller's objects afterwards does not change the store",
      run: async (ctx) => {
        const image = imageOf({ id: "img-1" });
        const original = { ...image };
        const event = ctx.event("ImageCreated", image);
        const originalEvent = { ...event };
        await commitOk(ctx, "create", { imageId: image.id, expectedVersion: null, image, events: [event] });
        Object.assign(image, { name: "changed later" });
        Object.assign(event, { ownerAccountId: CONSUMER });
        assert.deepEqual((await storedImage(ctx.store, image.id)).image, original);
        assert.deepEqual(await eventsOf(ctx.store, PRODUCER), [originalEvent]);
      },
    },
    {
      name: "errors are values: a commit that cannot apply (members on a missing image) returns an error and stores nothing",
      run: async (ctx) => {
        const ghost = imageOf({ id: "no-such-image" });
        const error = await expectStoreError(
          "members on a missing image",
          () =>
            ctx.store.commit({
              imageId: ghost.id,
              expectedVersion: null,
              putMembers: [memberOf(ghost, CONSUMER, "pending")],
              events: [ctx.event("ImageShared", ghost, CONSUMER)],
            }),
          ["StorageFailure", "ConcurrentModification"],
        );
        assert.ok(error.message.length > 0, "the error says what went wrong");
        assert.equal(await expectOk("getMember", () => ctx.store.getMember(ghost.id, CONSUMER)), null);
        assert.deepEqual(await expectOk("listPendingShares", () => ctx.store.listPendingShares(CONSUMER, "global")), []);
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [], "no event of a failed commit");
      },
    },
    {
      name: "errors are values: reads about unknown accounts and images answer empty values, not errors",
      run: async (ctx) => {
        assert.deepEqual(await visibleIds(ctx.store, "999999"), []);
        assert.deepEqual(await expectOk("listPendingShares(unknown)", () => ctx.store.listPendingShares("999999", "IAD")), []);
        assert.deepEqual({ ...(await expectOk("getStorageUsage(unknown)", () => ctx.store.getStorageUsage("999999"))) }, { imageCount: 0, bytes: 0 });
        assert.deepEqual(await eventIds(ctx.store, "999999"), []);
        assert.deepEqual(await expectOk("listMembers(unknown)", () => ctx.store.listMembers("no-such-image")), []);
      },
    },
  ],
};
