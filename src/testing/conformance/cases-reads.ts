import assert from "node:assert/strict";
import {
  at,
  BYSTANDER,
  CONSUMER,
  FIFTH,
  FOURTH,
  future,
  imageFields,
  memberFields,
  memberOf,
  PRODUCER,
  policyFields,
  policyOf,
  SETUP_ACCOUNTS,
  UNKNOWN_ACCOUNT,
} from "./fixtures.js";
import {
  type ConformanceGroup,
  commitOk,
  commitPolicyOk,
  deleteImage,
  factsOf,
  memberCountOf,
  memberOfAccount,
  membersOf,
  seedImage,
  seedMembers,
  storedImage,
  versionOf,
} from "./harness.js";

/** readImageFacts returns, in one answer, what the last successful commits wrote. */
export const readsAfterWrites: ConformanceGroup = {
  title: "reads after writes (readImageFacts)",
  cases: [
    {
      name: "readImageFacts returns the committed image with a whole-number version, and no facts for an unknown id",
      run: async (ctx) => {
        const unknown = await factsOf(ctx.store, {
          imageId: "no-such-image",
          accountId: CONSUMER,
          consumerAccountId: BYSTANDER,
          withMembers: true,
        });
        assert.equal(unknown.image, null, "an unknown image is null");
        assert.equal(unknown.member, null, "an unknown image has no member record");
        assert.equal(unknown.consumer?.member ?? null, null, "nor a consumer record");
        assert.equal(unknown.consumer?.memberCount ?? 0, 0, "nor members to count");
        assert.deepEqual([...(unknown.members ?? [])], [], "nor members to list");
        const { image } = await seedImage(ctx, { id: "img-1", second: 1, sizeBytes: 1234, name: "golden Ubuntu ☕" });
        const found = await factsOf(ctx.store, { imageId: "img-1", accountId: PRODUCER });
        assert.ok(found.image !== null, "a committed image must be found");
        assert.deepEqual(imageFields(found.image.image), image);
        assert.ok(Number.isSafeInteger(found.image.version), "the version is a whole number");
        assert.equal(found.member, null, "the owner has no member record of its own image");
      },
    },
    {
      name: "readImageFacts reflects an update at once",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const before = await versionOf(ctx.store, image.id);
        const renamed = { ...image, name: "renamed", updatedAt: at(50) };
        await commitOk(ctx, "rename", {
          imageId: image.id,
          expectedVersion: before,
          image: renamed,
          events: [ctx.event("ImageUpdated", image)],
        });
        assert.deepEqual((await storedImage(ctx.store, image.id)).image, renamed);
      },
    },
    {
      name: "readImageFacts returns the acting account's own member record, and null for an account without one",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        assert.equal(await memberOfAccount(ctx.store, image.id, CONSUMER), null, "no record before sharing");
        const member = memberOf(image, CONSUMER, "pending", 10);
        const other = memberOf(image, FOURTH, "accepted", 11);
        await seedMembers(ctx, image, [member, other]);
        assert.deepEqual(await memberOfAccount(ctx.store, image.id, CONSUMER), member, "the consumer's own record");
        assert.deepEqual(
          await memberOfAccount(ctx.store, image.id, FOURTH),
          other,
          "each account gets its own record, not another's",
        );
        assert.equal(
          await memberOfAccount(ctx.store, image.id, BYSTANDER),
          null,
          "an account the image is not shared with has none",
        );
        assert.equal(
          await memberOfAccount(ctx.store, "no-such-image", CONSUMER),
          null,
          "nor has anyone for an unknown image",
        );
      },
    },
    {
      name: "readImageFacts' consumer facts: the consumer's record, whether it exists, its policy, and the member count of every status",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const before = await factsOf(ctx.store, {
          imageId: image.id,
          accountId: PRODUCER,
          consumerAccountId: CONSUMER,
        });
        assert.ok(before.consumer !== undefined, "consumer facts are returned when consumerAccountId is asked for");
        const { member: noMember, exists, policy: noPolicy, memberCount } = before.consumer;
        assert.deepEqual(
          { member: noMember, exists, policy: noPolicy, memberCount },
          { member: null, exists: true, policy: null, memberCount: 0 },
          "before any share: no record, a known account, no policy, no members",
        );
        const member = memberOf(image, CONSUMER, "rejected", 10);
        await seedMembers(ctx, image, [
          member,
          memberOf(image, BYSTANDER, "pending", 11),
          memberOf(image, FOURTH, "accepted", 12),
        ]);
        const policy = policyOf(CONSUMER, { autoAcceptFrom: [FIFTH], blockFrom: [BYSTANDER] }, 20);
        await commitPolicyOk(ctx.store, "consumer policy", {
          policy,
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });
        const after = await factsOf(ctx.store, { imageId: image.id, accountId: PRODUCER, consumerAccountId: CONSUMER });
        assert.ok(after.consumer !== undefined, "consumer facts are returned when consumerAccountId is asked for");
        assert.deepEqual(
          after.consumer.member === null ? null : memberFields(after.consumer.member),
          member,
          "the consumer's record",
        );
        assert.equal(after.consumer.exists, true);
        assert.deepEqual(
          after.consumer.policy === null ? null : policyFields(after.consumer.policy),
          policy,
          "the consumer's policy",
        );
        assert.equal(after.consumer.memberCount, 3, "members of every status count");
        const unknown = await factsOf(ctx.store, {
          imageId: image.id,
          accountId: PRODUCER,
          consumerAccountId: UNKNOWN_ACCOUNT,
        });
        assert.equal(unknown.consumer?.exists, false, "an account outside the directory does not exist");
        assert.equal(unknown.consumer?.member, null);
        assert.equal(unknown.consumer?.memberCount, 3, "the count is the image's, whoever is asked about");
      },
    },
    {
      name: "readImageFacts' consumer facts know every account of the directory, and no other",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        for (const { id } of SETUP_ACCOUNTS) {
          const facts = await factsOf(ctx.store, { imageId: image.id, accountId: PRODUCER, consumerAccountId: id });
          assert.equal(facts.consumer?.exists, true, `account ${id} was in the setup`);
        }
        for (const id of [UNKNOWN_ACCOUNT, "100001 ", "10000"]) {
          const facts = await factsOf(ctx.store, { imageId: image.id, accountId: PRODUCER, consumerAccountId: id });
          assert.equal(facts.consumer?.exists, false, `account ${JSON.stringify(id)} was not in the setup`);
        }
      },
    },
    {
      name: "readImageFacts withMembers returns every member of every status, newest first by createdAt, ties by consumer account id descending",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        await seedMembers(ctx, image, [
          memberOf(image, CONSUMER, "pending", 10),
          memberOf(image, BYSTANDER, "accepted", 30),
          memberOf(image, FOURTH, "rejected", 10),
          memberOf(image, FIFTH, "pending", 20),
        ]);
        const listed = await membersOf(ctx.store, image.id);
        assert.deepEqual(
          listed.map((m) => [m.consumerAccountId, m.status]),
          [
            [BYSTANDER, "accepted"],
            [FIFTH, "pending"],
            [FOURTH, "rejected"],
            [CONSUMER, "pending"],
          ],
        );
        assert.deepEqual(await membersOf(ctx.store, "no-such-image"), [], "an unknown image has no members");
      },
    },
    {
      name: "a put member replaces the previous record and a removed member is gone from every fact",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const pending = memberOf(image, CONSUMER, "pending", 10);
        await seedMembers(ctx, image, [pending, memberOf(image, BYSTANDER, "pending", 11)]);
        const accepted = { ...pending, status: "accepted" as const, updatedAt: at(300) };
        await commitOk(ctx, "accept", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          putMembers: [accepted],
          events: [ctx.event("ShareAccepted", image, CONSUMER)],
        });
        assert.deepEqual(
          await memberOfAccount(ctx.store, image.id, CONSUMER),
          accepted,
          "a put member replaces the previous record",
        );
        await commitOk(ctx, "remove", {
          imageId: image.id,
          expectedVersion: await versionOf(ctx.store, image.id),
          deleteMembers: [BYSTANDER],
          events: [ctx.event("ShareRevoked", image, BYSTANDER)],
        });
        assert.equal(
          await memberOfAccount(ctx.store, image.id, BYSTANDER),
          null,
          "the removed member's own record is gone",
        );
        const asConsumer = await factsOf(ctx.store, {
          imageId: image.id,
          accountId: PRODUCER,
          consumerAccountId: BYSTANDER,
        });
        assert.equal(asConsumer.consumer?.member, null, "so is its consumer record");
        assert.deepEqual(await membersOf(ctx.store, image.id), [accepted], "the member list holds the rest, as put");
        assert.equal(await memberCountOf(ctx.store, image.id), 1, "and the count follows");
      },
    },
    {
      name: "R18: a member keeps its expiresAt, and expired members are still read in full (record, member list, count)",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        // Reads of facts take no `now`: expiry is the service's call, the producer still sees the member.
        const expired = memberOf(image, CONSUMER, "accepted", 10, at(20));
        const expiring = memberOf(image, BYSTANDER, "pending", 11, future(1));
        const forever = memberOf(image, FOURTH, "pending", 12);
        await seedMembers(ctx, image, [expired, expiring, forever]);
        assert.deepEqual(
          await memberOfAccount(ctx.store, image.id, CONSUMER),
          expired,
          "an expired member's own record, expiresAt included",
        );
        assert.deepEqual(await memberOfAccount(ctx.store, image.id, BYSTANDER), expiring);
        assert.deepEqual(
          await memberOfAccount(ctx.store, image.id, FOURTH),
          forever,
          "a member without expiry has no expiresAt",
        );
        assert.deepEqual(
          await membersOf(ctx.store, image.id),
          [forever, expiring, expired],
          "the producer's member list holds expired members",
        );
        assert.equal(
          await memberCountOf(ctx.store, image.id),
          3,
          "expired members count toward the quota until removed",
        );
      },
    },
    {
      name: "a deleted image is gone: readImageFacts answers null",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        assert.notEqual((await factsOf(ctx.store, { imageId: image.id, accountId: PRODUCER })).image, null);
        await deleteImage(ctx, image);
        assert.equal((await factsOf(ctx.store, { imageId: image.id, accountId: PRODUCER })).image, null);
      },
    },
  ],
};
