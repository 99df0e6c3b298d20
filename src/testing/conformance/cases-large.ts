import assert from "node:assert/strict";
import { imageOf, memberOf, PRODUCER, UNKNOWN_ACCOUNT } from "./fixtures.js";
import {
  type CaseContext,
  type ConformanceGroup,
  expectOk,
  factsOf,
  membersOf,
  pendingIds,
  versionOf,
} from "./harness.js";

/** How many accounts the large directory holds. */
const DIRECTORY_SIZE = 10_000;
/** How many members the large image gets: more than 65,535 / 20, where one-parameter-per-field SQL breaks. */
const MEMBER_COUNT = 3_300;

/** Account ids `200000`, `200001`, … of the large directory. */
const largeAccountId = (n: number): string => String(200_000 + n);

/** A store whose directory holds the producer and `size` more accounts. */
function largeStore(ctx: CaseContext, size: number) {
  return ctx.anotherStore({
    accounts: [{ id: PRODUCER }, ...Array.from({ length: size }, (_, n) => ({ id: largeAccountId(n) }))],
  });
}

/** Every `step`-th index below `size`, with the first and the last. */
function sampleIndexes(size: number, step: number): number[] {
  const indexes = new Set<number>([0, size - 1]);
  for (let n = 0; n < size; n += step) indexes.add(n);
  return [...indexes];
}

/**
 * Sizes a real database meets: a SQL adapter that sends one parameter per row, or builds one
 * statement per list, breaks here (PostgreSQL's wire protocol allows 65,535 parameters per
 * statement, and pg wraps the count silently). Turn off with `largeCases: false`.
 */
export const largeGuarantees: ConformanceGroup = {
  title: "large data",
  cases: [
    {
      name: "a directory of 10,000 accounts: every account is known, and no other",
      large: true,
      run: async (ctx) => {
        const store = await largeStore(ctx, DIRECTORY_SIZE);
        const image = imageOf({ id: "img-large", second: 1 });
        await expectOk("create", () =>
          store.commit({ imageId: image.id, expectedVersion: null, image, events: [ctx.event("ImageCreated", image)] }),
        );
        const imageId = image.id;
        for (const n of sampleIndexes(DIRECTORY_SIZE, 97)) {
          const { consumer } = await factsOf(store, {
            imageId,
            accountId: PRODUCER,
            consumerAccountId: largeAccountId(n),
          });
          assert.equal(consumer?.exists, true, `account ${largeAccountId(n)} (number ${n + 1}) was in the setup`);
        }
        for (const id of [UNKNOWN_ACCOUNT, largeAccountId(DIRECTORY_SIZE)]) {
          const { consumer } = await factsOf(store, { imageId, accountId: PRODUCER, consumerAccountId: id });
          assert.equal(consumer?.exists, false, `account ${id} was not in the setup`);
        }
      },
    },
    {
      name: "an image with 3,300 members: shared in one commit, read in full, and deleted with all its members in one commit",
      large: true,
      run: async (ctx) => {
        const store = await largeStore(ctx, MEMBER_COUNT);
        const image = imageOf({ id: "img-large", second: 1, sizeBytes: 1 });
        await expectOk("create", () =>
          store.commit({ imageId: image.id, expectedVersion: null, image, events: [ctx.event("ImageCreated", image)] }),
        );
        const consumers = Array.from({ length: MEMBER_COUNT }, (_, n) => largeAccountId(n));
        const members = consumers.map((consumer, n) =>
          memberOf(image, consumer, n % 3 === 0 ? "accepted" : "pending", 10 + n),
        );
        const created = await versionOf(store, image.id);
        await expectOk("share with every consumer in one commit", () =>
          store.commit({
            imageId: image.id,
            expectedVersion: created,
            putMembers: members,
            events: consumers.map((consumer) => ctx.event("ImageShared", image, consumer)),
          }),
        );
        const listed = await membersOf(store, image.id);
        assert.equal(listed.length, MEMBER_COUNT, "every member is read");
        assert.equal(listed[0]?.consumerAccountId, consumers.at(-1), "newest first");
        const { consumer } = await factsOf(store, {
          imageId: image.id,
          accountId: PRODUCER,
          consumerAccountId: largeAccountId(1),
        });
        assert.equal(consumer?.memberCount, MEMBER_COUNT, "every member is counted");
        assert.deepEqual(
          await pendingIds(store, largeAccountId(1)),
          [image.id],
          "a consumer's pending share is listed",
        );

        const version = await versionOf(store, image.id);
        const deletedFor = [PRODUCER, ...consumers].map((account) =>
          ctx.event("ImageDeleted", image, account === PRODUCER ? undefined : account),
        );
        await expectOk("delete with every member in one commit", () =>
          store.commit({ imageId: image.id, expectedVersion: version, image: null, events: deletedFor }),
        );
        assert.deepEqual(await membersOf(store, image.id), [], "no member is left");
        for (const n of sampleIndexes(MEMBER_COUNT, 331)) {
          const id = largeAccountId(n);
          assert.deepEqual(await pendingIds(store, id), [], `account ${id} lost the share`);
          const events = await expectOk(`listEvents(${id})`, () =>
            store.listEvents({ accountId: id, after: null, limit: 10 }),
          );
          assert.deepEqual(
            events?.map((e) => e.type),
            ["ImageShared", "ImageDeleted"],
            `account ${id} was told of the share and of the deletion`,
          );
        }
      },
    },
  ],
};
