import assert from "node:assert/strict";
import {
  BYSTANDER,
  CONSUMER,
  FOURTH,
  imageOf,
  memberOf,
  NOW,
  PRODUCER,
  policyFields,
  policyOf,
  UNKNOWN_ACCOUNT,
} from "./fixtures.js";
import {
  type ConformanceGroup,
  commitOk,
  commitPolicyOk,
  eventIds,
  eventsOf,
  expectOk,
  expectStoreError,
  factsOf,
  memberCountOf,
  memberOfAccount,
  membersOf,
  pendingIds,
  pendingShares,
  seedImage,
  seedMembers,
  storedImage,
  storedPolicyOf,
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
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "accepted", 10),
          memberOf(image, FOURTH, "pending", 11),
        ]);
        await commitPolicyOk(ctx.store, "policy", {
          policy: policyOf(CONSUMER, { blockFrom: [BYSTANDER] }, 20),
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });
        assert.equal((await factsOf(other, { imageId: image.id, accountId: CONSUMER })).image, null);
        assert.equal(await memberOfAccount(other, image.id, CONSUMER), null);
        assert.deepEqual(await visibleIds(other, CONSUMER), []);
        assert.deepEqual(await pendingIds(other, FOURTH), []);
        assert.deepEqual(await eventIds(other, PRODUCER), []);
        assert.deepEqual(await eventIds(other, CONSUMER), []);
        assert.equal(await storedPolicyOf(other, CONSUMER), null);
        const usage = await expectOk("other.getStorageUsage", () => other.getStorageUsage(PRODUCER));
        assert.deepEqual({ imageCount: usage.imageCount, bytes: usage.bytes }, { imageCount: 0, bytes: 0 });
      },
    },
    {
      name: "returned values are copies: mutating them does not change the store",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1, sizeBytes: 5 });
        const member = memberOf(image, CONSUMER, "accepted", 10);
        await seedMembers(ctx, image, [member, memberOf(image, FOURTH, "pending", 11)]);
        const policy = policyOf(CONSUMER, { autoAcceptFrom: [PRODUCER] }, 20);
        await commitPolicyOk(ctx.store, "policy", {
          policy,
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });

        const facts = await factsOf(ctx.store, {
          imageId: image.id,
          accountId: CONSUMER,
          consumerAccountId: CONSUMER,
          withMembers: true,
        });
        tamper(() => {
          if (facts.image !== null) Object.assign(facts.image.image, { name: "hacked", ownerAccountId: CONSUMER });
        });
        tamper(() => {
          if (facts.member !== null) Object.assign(facts.member, { status: "rejected" });
        });
        tamper(() => {
          if (facts.consumer?.policy) facts.consumer.policy.autoAcceptFrom.push(BYSTANDER);
        });
        tamper(() => (facts.members as unknown[] | undefined)?.pop());
        tamper(() => {
          if (facts.members?.[0] !== undefined) Object.assign(facts.members[0], { status: "rejected" });
        });
        const listed = await expectOk("listVisibleImages", () =>
          ctx.store.listVisibleImages({ accountId: CONSUMER, region: "global", after: null, limit: 10, now: NOW }),
        );
        tamper(() => {
          if (listed[0] !== undefined) Object.assign(listed[0], { region: "LON" });
        });
        const pending = await pendingShares(ctx.store, FOURTH);
        tamper(() => {
          if (pending[0] !== undefined) Object.assign(pending[0].member, { status: "accepted" });
        });
        const events = await eventsOf(ctx.store, PRODUCER);
        tamper(() => {
          const first = events[0];
          if (first !== undefined && first.type !== "SharingPolicyChanged")
            Object.assign(first, { ownerAccountId: CONSUMER });
        });
        const usage = await expectOk("getStorageUsage", () => ctx.store.getStorageUsage(PRODUCER));
        tamper(() => Object.assign(usage, { bytes: 0 }));
        const found = await storedPolicyOf(ctx.store, CONSUMER);
        tamper(() => found?.policy.blockFrom.push(PRODUCER));

        assert.deepEqual((await storedImage(ctx.store, image.id)).image, image);
        assert.deepEqual(await memberOfAccount(ctx.store, image.id, CONSUMER), member);
        assert.equal((await membersOf(ctx.store, image.id)).length, 2);
        assert.deepEqual(await visibleIds(ctx.store, CONSUMER, { region: "IAD" }), [image.id]);
        assert.equal((await pendingShares(ctx.store, FOURTH))[0]?.member.status, "pending");
        assert.equal(await memberCountOf(ctx.store, image.id), 2);
        assert.ok(
          (await eventsOf(ctx.store, PRODUCER)).every(
            (e) => e.type === "SharingPolicyChanged" || e.ownerAccountId === PRODUCER,
          ),
          "stored events are unchanged",
        );
        assert.equal((await expectOk("getStorageUsage again", () => ctx.store.getStorageUsage(PRODUCER))).bytes, 5);
        const again = await storedPolicyOf(ctx.store, CONSUMER);
        assert.deepEqual(again === null ? null : policyFields(again.policy), policy, "the stored policy is unchanged");
      },
    },
    {
      name: "committed values are copied: mutating the caller's objects afterwards does not change the store",
      run: async (ctx) => {
        const image = imageOf({ id: "img-1", second: 1 });
        const original = { ...image };
        const event = ctx.event("ImageCreated", image);
        const originalEvent = { ...event };
        await commitOk(ctx, "create", { imageId: image.id, expectedVersion: null, image, events: [event] });
        Object.assign(image, { name: "changed later" });
        Object.assign(event, { ownerAccountId: CONSUMER });
        const member = memberOf(original, CONSUMER, "pending", 10);
        const originalMember = { ...member };
        await seedMembers(ctx, original, [member]);
        Object.assign(member, { status: "accepted" });
        const lists = { autoAcceptFrom: [PRODUCER], blockFrom: [BYSTANDER] };
        const policy = policyOf(CONSUMER, lists, 20);
        const originalPolicy = policyFields(policy);
        await commitPolicyOk(ctx.store, "policy", {
          policy,
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });
        policy.autoAcceptFrom.push(FOURTH);
        policy.blockFrom.length = 0;
        assert.deepEqual((await storedImage(ctx.store, image.id)).image, original);
        assert.deepEqual((await eventsOf(ctx.store, PRODUCER))[0], originalEvent);
        assert.deepEqual(await memberOfAccount(ctx.store, original.id, CONSUMER), originalMember);
        const stored = await storedPolicyOf(ctx.store, CONSUMER);
        assert.deepEqual(stored === null ? null : policyFields(stored.policy), originalPolicy);
      },
    },
    {
      name: "errors are values: a commit that cannot apply (members on a missing image) returns an error and stores nothing",
      run: async (ctx) => {
        const ghost = imageOf({ id: "no-such-image", second: 1 });
        const error = await expectStoreError(
          "members on a missing image",
          () =>
            ctx.store.commit({
              imageId: ghost.id,
              expectedVersion: null,
              putMembers: [memberOf(ghost, CONSUMER, "pending", 10)],
              events: [ctx.event("ImageShared", ghost, CONSUMER)],
            }),
          ["StorageFailure", "ConcurrentModification"],
        );
        assert.ok(error.message.length > 0, "the error says what went wrong");
        assert.equal(await memberOfAccount(ctx.store, ghost.id, CONSUMER), null);
        assert.deepEqual(await pendingIds(ctx.store, CONSUMER), []);
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [], "no event of a failed commit");
      },
    },
    {
      name: "errors are values: reads about unknown accounts and images answer empty values, not errors",
      run: async (ctx) => {
        assert.deepEqual(await visibleIds(ctx.store, UNKNOWN_ACCOUNT), []);
        assert.deepEqual(await pendingIds(ctx.store, UNKNOWN_ACCOUNT, { region: "IAD" }), []);
        const usage = await expectOk("getStorageUsage(unknown)", () => ctx.store.getStorageUsage(UNKNOWN_ACCOUNT));
        assert.deepEqual({ imageCount: usage.imageCount, bytes: usage.bytes }, { imageCount: 0, bytes: 0 });
        assert.deepEqual(await eventIds(ctx.store, UNKNOWN_ACCOUNT), []);
        assert.equal(await storedPolicyOf(ctx.store, UNKNOWN_ACCOUNT), null);
        assert.deepEqual(await membersOf(ctx.store, "no-such-image", UNKNOWN_ACCOUNT), []);
        assert.equal((await factsOf(ctx.store, { imageId: "no-such-image", accountId: UNKNOWN_ACCOUNT })).image, null);
      },
    },
  ],
};
