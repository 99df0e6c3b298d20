import { createInMemoryStore, type ImageSharingStore, type StoreCommit } from "cloud-image-sharing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import {
  ACCOUNT_ENTRIES,
  ACCOUNTS,
  CONSUMER,
  eventOf,
  imageOf,
  memberOf,
  OTHER,
  snapshot,
  versionedImage,
} from "./fixtures.js";

// Commits the service never sends but a buggy caller could: each is refused exactly as the
// in-memory store (the reference) refuses it — a lost race first, then StorageFailure for an
// invalid shape — and none of them changes anything. `V` stands for the image's current version.

const existing = imageOf("img-existing");
const V = -999;

/** Invalid or stale commits against a store holding `existing`. */
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
    commit: {
      imageId: existing.id,
      expectedVersion: null,
      image: existing,
      events: [eventOf("ImageCreated", existing)],
    },
  },
  {
    name: "expect a version of a missing image",
    commit: { imageId: "img-missing", expectedVersion: 1, putMembers: [], events: [] },
  },
  {
    name: "delete the image and put members at once",
    commit: {
      imageId: existing.id,
      expectedVersion: V,
      image: null,
      putMembers: [memberOf(existing.id, CONSUMER)],
      events: [],
    },
  },
  {
    name: "the same, at a stale version",
    commit: {
      imageId: existing.id,
      expectedVersion: 0,
      image: null,
      putMembers: [memberOf(existing.id, CONSUMER)],
      events: [],
    },
  },
  {
    name: "put a member of another image",
    commit: { imageId: existing.id, expectedVersion: V, putMembers: [memberOf("img-other", OTHER)], events: [] },
  },
  {
    name: "move the image to another region",
    commit: { imageId: existing.id, expectedVersion: V, image: { ...existing, region: "LON" }, events: [] },
  },
  {
    name: "give the image another owner",
    commit: { imageId: existing.id, expectedVersion: V, image: { ...existing, ownerAccountId: OTHER }, events: [] },
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
    const memory = createInMemoryStore({ accounts: [...ACCOUNT_ENTRIES] });
    const versions = new Map<ImageSharingStore, number>();
    beforeAll(async () => {
      db = await target.open();
      store = (await freshStore(db, ACCOUNTS)).store;
      const create: StoreCommit = {
        imageId: existing.id,
        expectedVersion: null,
        image: existing,
        events: [eventOf("ImageCreated", existing)],
      };
      for (const s of [store, memory]) {
        okOrThrow(await s.commit(create));
        versions.set(s, (await versionedImage(s, existing.id))?.version ?? -1);
      }
    });
    afterAll(async () => {
      await db?.close();
    });

    for (const { name, commit } of CASES) {
      it(`R16: ${name} is refused as the in-memory store refuses it, and changes nothing`, async () => {
        const on = (s: ImageSharingStore): StoreCommit =>
          commit.expectedVersion === V ? { ...commit, expectedVersion: versions.get(s) ?? -1 } : commit;
        const before = await snapshot(store, [existing.id, commit.imageId]);
        const expected = (await memory.commit(on(memory)))._unsafeUnwrapErr();
        const actual = (await store.commit(on(store)))._unsafeUnwrapErr();
        expect(actual.type).toBe(expected.type);
        if (actual.type === "StorageFailure" && expected.type === "StorageFailure")
          expect(actual.reason).toBe(expected.reason);
        expect(await snapshot(store, [existing.id, commit.imageId])).toEqual(before);
      });
    }
  });
}
