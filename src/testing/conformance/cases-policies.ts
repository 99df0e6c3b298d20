import assert from "node:assert/strict";
import { BYSTANDER, CONSUMER, FOURTH, memberOf, PRODUCER, policyFields, policyOf, SETUP_ACCOUNTS } from "./fixtures.js";
import {
  type ConformanceGroup,
  commitOk,
  commitPolicyOk,
  eventIds,
  expectStoreError,
  factsOf,
  memberOfAccount,
  seedImage,
  settle,
  storedPolicyOf,
} from "./harness.js";

/** getSharingPolicy and commitPolicy (R17): one versioned policy per account, written with its event. */
export const policyGuarantees: ConformanceGroup = {
  title: "sharing policies",
  cases: [
    {
      name: "getSharingPolicy answers null for an account that never set one, and the committed policy with a whole-number version after",
      run: async (ctx) => {
        assert.equal(await storedPolicyOf(ctx.store, CONSUMER), null, "no policy before the first commit");
        assert.equal(await storedPolicyOf(ctx.store, "999999"), null, "nor for an account outside the directory");
        const policy = policyOf(CONSUMER, { autoAcceptFrom: [PRODUCER, FOURTH], blockFrom: [BYSTANDER] }, 10);
        await commitPolicyOk(ctx.store, "first", {
          policy,
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });
        const found = await storedPolicyOf(ctx.store, CONSUMER);
        assert.ok(found !== null, "a committed policy must be found");
        assert.deepEqual(policyFields(found.policy), policy, "the policy as committed, lists in their order");
        assert.ok(Number.isSafeInteger(found.version), "the version is a whole number");
        assert.equal(
          await storedPolicyOf(ctx.store, PRODUCER),
          null,
          "a policy is one account's: the others still have none",
        );
      },
    },
    {
      name: "commitPolicy on the current version replaces the policy and gives it a new version",
      run: async (ctx) => {
        await commitPolicyOk(ctx.store, "first", {
          policy: policyOf(CONSUMER, { autoAcceptFrom: [PRODUCER] }, 10),
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });
        const first = await storedPolicyOf(ctx.store, CONSUMER);
        assert.ok(first !== null);
        const replaced = policyOf(CONSUMER, { blockFrom: [PRODUCER, BYSTANDER] }, 20);
        await commitPolicyOk(ctx.store, "second", {
          policy: replaced,
          expectedVersion: first.version,
          event: ctx.event.policyChanged(CONSUMER),
        });
        const second = await storedPolicyOf(ctx.store, CONSUMER);
        assert.ok(second !== null);
        assert.deepEqual(policyFields(second.policy), replaced, "the whole policy is replaced, lists emptied included");
        assert.notEqual(second.version, first.version, "a new version");
        await seedImage(ctx, { id: "img-1", second: 1 });
        const facts = await factsOf(ctx.store, { imageId: "img-1", accountId: PRODUCER, consumerAccountId: CONSUMER });
        const read = facts.consumer?.policy ?? null;
        assert.deepEqual(
          read === null ? null : policyFields(read),
          replaced,
          "a share decision reads the current policy too",
        );
      },
    },
    {
      name: "commitPolicy on a stale version fails with ConcurrentModification and stores neither the policy nor its event",
      run: async (ctx) => {
        const policy = policyOf(CONSUMER, { autoAcceptFrom: [PRODUCER] }, 10);
        const created = ctx.event.policyChanged(CONSUMER);
        await commitPolicyOk(ctx.store, "first", { policy, expectedVersion: null, event: created });
        const first = await storedPolicyOf(ctx.store, CONSUMER);
        assert.ok(first !== null);
        await commitPolicyOk(ctx.store, "second", {
          policy: policyOf(CONSUMER, { autoAcceptFrom: [FOURTH] }, 20),
          expectedVersion: first.version,
          event: ctx.event.policyChanged(CONSUMER),
        });
        const current = await storedPolicyOf(ctx.store, CONSUMER);
        const before = await eventIds(ctx.store, CONSUMER);
        await expectStoreError(
          "commitPolicy on a stale version",
          () =>
            ctx.store.commitPolicy({
              policy: policyOf(CONSUMER, { blockFrom: [PRODUCER] }, 30),
              expectedVersion: first.version,
              event: ctx.event.policyChanged(CONSUMER),
            }),
          ["ConcurrentModification"],
        );
        const after = await storedPolicyOf(ctx.store, CONSUMER);
        assert.deepEqual(
          after === null ? null : { policy: policyFields(after.policy), version: after.version },
          current === null ? null : { policy: policyFields(current.policy), version: current.version },
          "the policy and its version are unchanged",
        );
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), before, "no event of the refused change");
      },
    },
    {
      name: "commitPolicy expecting no policy fails with ConcurrentModification when one exists, and expecting a version fails when none exists",
      run: async (ctx) => {
        await expectStoreError(
          "commitPolicy with a version, before any policy",
          () =>
            ctx.store.commitPolicy({
              policy: policyOf(CONSUMER, { blockFrom: [PRODUCER] }, 5),
              expectedVersion: 1,
              event: ctx.event.policyChanged(CONSUMER),
            }),
          ["ConcurrentModification"],
        );
        assert.equal(await storedPolicyOf(ctx.store, CONSUMER), null, "nothing was stored");
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), [], "nor recorded");
        const policy = policyOf(CONSUMER, { autoAcceptFrom: [PRODUCER] }, 10);
        await commitPolicyOk(ctx.store, "first", {
          policy,
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });
        const recorded = await eventIds(ctx.store, CONSUMER);
        await expectStoreError(
          "commitPolicy expecting no policy, over an existing one",
          () =>
            ctx.store.commitPolicy({
              policy: policyOf(CONSUMER, {}, 20),
              expectedVersion: null,
              event: ctx.event.policyChanged(CONSUMER),
            }),
          ["ConcurrentModification"],
        );
        const kept = await storedPolicyOf(ctx.store, CONSUMER);
        assert.deepEqual(kept === null ? null : policyFields(kept.policy), policy, "the existing policy is kept");
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), recorded, "and nothing more recorded");
      },
    },
    {
      name: "concurrent commitPolicy calls built on the same version: exactly one wins, the others fail with ConcurrentModification",
      run: async (ctx) => {
        const producers = SETUP_ACCOUNTS.map((a) => a.id).filter((id) => id !== CONSUMER);
        const results = await Promise.all(
          producers.map((producer, n) =>
            settle(`commitPolicy trusting ${producer}`, () =>
              ctx.store.commitPolicy({
                policy: policyOf(CONSUMER, { autoAcceptFrom: [producer] }, 10 + n),
                expectedVersion: null,
                event: ctx.event.policyChanged(CONSUMER),
              }),
            ),
          ),
        );
        assert.equal(
          results.filter((r) => r.isOk()).length,
          1,
          `exactly one of ${producers.length} racing policy commits succeeds`,
        );
        assert.ok(
          results.every((r) => r.isOk() || r.error.type === "ConcurrentModification"),
          "the losers get ConcurrentModification",
        );
        const winner = producers[results.findIndex((r) => r.isOk())];
        const stored = await storedPolicyOf(ctx.store, CONSUMER);
        assert.deepEqual(stored?.policy.autoAcceptFrom, [winner], "the winner's policy is stored");
        assert.equal((await eventIds(ctx.store, CONSUMER))?.length, 1, "and only the winner's event");
      },
    },
    {
      name: "R16/R17: a commit expecting the consumer's policy version fails with ConcurrentModification once that policy changed, and applies nothing",
      run: async (ctx) => {
        const { image } = await seedImage(ctx, { id: "img-1", second: 1 });
        const decidedOn = await factsOf(ctx.store, {
          imageId: image.id,
          accountId: PRODUCER,
          consumerAccountId: CONSUMER,
        });
        const policyVersion = decidedOn.consumer?.policyVersion;
        assert.equal(policyVersion, null, "no policy yet: policyVersion is null");
        await commitPolicyOk(ctx.store, "trust the producer", {
          policy: policyOf(CONSUMER, { autoAcceptFrom: [PRODUCER] }, 10),
          expectedVersion: null,
          event: ctx.event.policyChanged(CONSUMER),
        });
        const before = await eventIds(ctx.store, CONSUMER);
        const member = memberOf(image, CONSUMER, "pending", 20);
        await expectStoreError(
          "a share decided before the policy change",
          () =>
            ctx.store.commit({
              imageId: image.id,
              expectedVersion: decidedOn.image?.version ?? null,
              expectedConsumerPolicy: { accountId: CONSUMER, version: null },
              putMembers: [member],
              events: [ctx.event("ImageShared", image, CONSUMER)],
            }),
          ["ConcurrentModification"],
        );
        assert.equal(await memberOfAccount(ctx.store, image.id, CONSUMER), null, "no member was stored");
        assert.deepEqual(await eventIds(ctx.store, CONSUMER), before, "no event was recorded");
        const fresh = await factsOf(ctx.store, { imageId: image.id, accountId: PRODUCER, consumerAccountId: CONSUMER });
        assert.ok(
          fresh.consumer?.policyVersion !== null && fresh.consumer?.policyVersion !== undefined,
          "the new policy's version is read with the facts",
        );
        await commitOk(ctx, "the same share decided on the current policy", {
          imageId: image.id,
          expectedVersion: fresh.image?.version ?? null,
          expectedConsumerPolicy: { accountId: CONSUMER, version: fresh.consumer.policyVersion },
          putMembers: [{ ...member, status: "accepted" }],
          events: [ctx.event("ImageShared", image, CONSUMER)],
        });
      },
    },
  ],
};
