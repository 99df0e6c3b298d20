import { createInMemoryStore, type ImageSharingStore, type StoreCommit } from "cloud-image-sharing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import { ACCOUNTS, CONSUMER, eventOf, imageOf, memberOf, OTHER, snapshot } from "./fixtures.js";

// Commits the service never sends but a buggy caller could: each is refused exactly as the
// in-memory store (the reference) refuses it — a lost race first, then StorageFailure for an
// invalid shape — and none of them changes anything.

const existing = imageOf("img-existing");

/** Invalid or stale commits against a store holding `existing` at version 1. */
const CASES: { name: string; commit: StoreCommit }[] = [
  {
    name: "create with an image whose id is not the commit's",
    commit: { imageId: "img-a", expectedVersion: null, image: imageOf("img-b"), events: [] },
  },
  {
    name: "create without an image",
    commit: { imageId: "img-none", expectedVersion: null, putMembers: [memberOf("img-none", CONSUMER)], events: [] },
  },
  {
    name: "create over an existing image",
    commit: { imageId: existing.id, expectedVersion: null, image: existing, events: [eventOf("ImageCreated", existing)] },
  },
  { name: "expect a version of a missing image", commit: { imageId: "img-missing", expectedVersion: 1, putMembers: [], events: [] } },
  {
    name: "delete the image and put members at once",
    commit: { imageId: existing.id, expectedVersion: 1, image: null, putMembers: [memberOf(existing.id, CONSUMER)], events: [] },
  },
  {
    name: "the same, at a stale version",
    commit: { imageId: existing.id, expectedVersion: 0, image: null, putMembers: [memberOf(existing.id, CONSUMER)], events: [] },
  },
  {
    name: "put a member of another image",
    commit: { imageId: existing.id, expectedVersion: 1, putMembers: [memberOf("img-other", OTHER)], events: [] },
  },
  {
    name: "move the image to another region",
    commit: { imageId: existing.id, expectedVersion: 1, image: { ...existing, region: "LON" }, events: [] },
  },
  {
    name: "give the image another owner",
    commit: { imageId: existing.id, expectedVersion: 1, image: { ...existing, ownerAccountId: OTHER }, events: [] },
  },
  {
    name: "move the image, at a stale version",
    commit: { imageId: existing.id, expectedVersion: 7, image: { ...existing, region: "LON" }, events: [] },
  },
  {
    name: "delete at a stale version",
    commit: { imageId: existing.id, expectedVersion: 2, image: null, events: [eventOf("ImageDeleted", existing)] },
  },
];

for (const target of TARGETS) {
  describe(`${target.name}: invalid and stale commits`, () => {
    let db: TestDatabase;
    let store: ImageSharingStore;
    const memory = createInMemoryStore({ accounts: ACCOUNTS.map((id) => ({ id })) });
    beforeAll(async () => {
      db = await target.open();
      store = (await freshStore(db, ACCOUNTS)).store;
      const create: StoreCommit = { imageId: existing.id, expectedVersion: null, image: existing, events: [eventOf("ImageCreated", existing)] };
      okOrThrow(await store.commit(create));
      okOrThrow(await memory.commit(create));
    });
    afterAll(async () => {
      await db?.close();
    });

    for (const { name, commit } of CASES) {
      it(`R16: ${name} is refused as the in-memory store refuses it, and changes nothing`, async () => {
        const before = await snapshot(store, [existing.id, commit.imageId]);
        const expected = (await memory.commit(commit))._unsafeUnwrapErr().type;
        const actual = (await store.commit(commit))._unsafeUnwrapErr();
        expect(actual.type).toBe(expected);
        expect(await snapshot(store, [existing.id, commit.imageId])).toEqual(before);
      });
    }
  });
}
