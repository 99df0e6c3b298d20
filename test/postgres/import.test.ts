import { createImageSharing, type Image, type Member } from "cloud-image-sharing";
import { importCatalog } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import {
  ACCOUNTS,
  at,
  CONSUMER,
  EARLY,
  eventsOf,
  imageOf,
  memberOf,
  OTHER,
  OWNER,
  snapshot,
  versionedImage,
} from "./fixtures.js";

// Bulk import (issue 10): every rule of the service is kept (policy/import.ts decides), the
// documented events are written, all or nothing, and the imported data is the service's own.

const NEWCOMER = "100009";

for (const target of TARGETS) {
  describe(`${target.name}: importCatalog`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it("imports accounts, images and members in every status, with the documented events, usage and lists", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const a = imageOf("imp-a", { sizeBytes: 7 });
      const b = imageOf("imp-b", { region: "LON", createdAt: at(2), updatedAt: at(2), sizeBytes: 5 });
      const members: Member[] = [
        memberOf(a.id, CONSUMER, "accepted", 10),
        memberOf(a.id, OTHER, "rejected", 11),
        memberOf(b.id, CONSUMER, "pending", 12, at(5000)),
        memberOf(b.id, NEWCOMER, "accepted", 13),
      ];
      const report = okOrThrow(
        await store.importCatalog(
          { accounts: [{ id: NEWCOMER }], images: [a, b], members },
          { regions: ["IAD", "LON"] },
        ),
      );
      expect(report).toEqual({ accounts: 1, images: 2, members: 4, events: 2 + 4 + 3 });
      expect((await versionedImage(store, a.id))?.image).toEqual(a);
      expect(okOrThrow(await store.readImageFacts({ imageId: b.id, accountId: CONSUMER })).member).toEqual(members[2]);
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 2, bytes: 12 });
      const visible = okOrThrow(
        await store.listVisibleImages({ accountId: CONSUMER, region: "global", after: null, limit: 10, now: EARLY }),
      );
      expect(visible.map((i) => i.id)).toEqual([a.id]);
      const pending = okOrThrow(
        await store.listPendingShares({ accountId: CONSUMER, region: "LON", after: null, limit: 10, now: EARLY }),
      );
      expect(pending.map((p) => p.image.id)).toEqual([b.id]);
      expect((await eventsOf(store, OWNER)).map((e) => e.type)).toEqual([
        "ImageCreated",
        "ImageCreated",
        "ImageShared",
        "ShareAccepted",
        "ImageShared",
        "ShareRejected",
        "ImageShared",
        "ImageShared",
        "ShareAccepted",
      ]);
      const consumerFeed = await eventsOf(store, CONSUMER);
      expect(
        consumerFeed.map((e) => [
          e.type,
          "actorAccountId" in e ? e.actorAccountId : null,
          "expiresAt" in e ? e.expiresAt : null,
        ]),
      ).toEqual([
        ["ImageShared", OWNER, null],
        ["ShareAccepted", CONSUMER, null],
        ["ImageShared", OWNER, at(5000)],
      ]);
      expect(consumerFeed.every((e) => e.actorUserId === undefined && e.occurredAt.length > 0)).toBe(true);
      // The service works on imported data as on its own.
      const sharing = createImageSharing({ store, regions: ["IAD", "LON"] });
      const newcomer = { userId: "n", accountId: NEWCOMER, roles: ["cloudImages:admin"] };
      expect(okOrThrow(await sharing.authorizeBoot(newcomer, { imageId: b.id, region: "LON" })).id).toBe(b.id);
      const owner = { userId: "o", accountId: OWNER, roles: ["cloudImages:admin"] };
      okOrThrow(await sharing.deleteImage(owner, { imageId: a.id }));
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 1, bytes: 5 });
    });

    it("keeps every rule: each broken one is a ValidationError naming the catalog entry, and nothing at all is written", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const stored = imageOf("imp-stored");
      okOrThrow(
        await store.importCatalog(
          { images: [stored], members: [memberOf(stored.id, CONSUMER), memberOf(stored.id, OTHER)] },
          { memberQuota: 3 },
        ),
      );
      const version = (await versionedImage(store, stored.id))?.version;
      const fresh = imageOf("imp-fresh");
      const cases: { name: string; images?: Image[]; members?: Member[]; path: (string | number)[] }[] = [
        { name: "an image id already stored", images: [stored], path: ["images", 0, "id"] },
        { name: "an image id twice", images: [fresh, fresh], path: ["images", 1, "id"] },
        {
          name: "a region outside the catalog",
          images: [imageOf("imp-moon", { region: "MOON" })],
          path: ["images", 0, "region"],
        },
        {
          name: "a member of an unknown image",
          members: [memberOf("imp-nowhere", CONSUMER)],
          path: ["members", 0, "imageId"],
        },
        {
          name: "a self-share",
          images: [fresh],
          members: [memberOf(fresh.id, OWNER)],
          path: ["members", 0, "consumerAccountId"],
        },
        {
          name: "an unknown consumer",
          images: [fresh],
          members: [memberOf(fresh.id, "999999")],
          path: ["members", 0, "consumerAccountId"],
        },
        {
          name: "a member already stored",
          members: [memberOf(stored.id, CONSUMER)],
          path: ["members", 0, "consumerAccountId"],
        },
        {
          name: "a member twice",
          images: [fresh],
          members: [memberOf(fresh.id, CONSUMER), memberOf(fresh.id, CONSUMER)],
          path: ["members", 1, "consumerAccountId"],
        },
        {
          name: "the quota, stored members counted",
          members: [memberOf(stored.id, NEWCOMER), memberOf(stored.id, "100010")],
          path: ["members", 1, "imageId"],
        },
        {
          name: "a malformed member",
          members: [{ ...memberOf(stored.id, "100010"), status: "maybe" as never }],
          path: ["members", 0, "status"],
        },
      ];
      okOrThrow(await store.addAccounts([{ id: NEWCOMER }, { id: "100010" }]));
      const before = await snapshot(store, [stored.id, fresh.id]);
      for (const { name, images = [], members = [], path } of cases) {
        const result = await store.importCatalog({ images, members }, { memberQuota: 3 });
        expect(result.isErr(), name).toBe(true);
        expect(result._unsafeUnwrapErr(), name).toMatchObject({
          type: "ValidationError",
          issues: expect.arrayContaining([expect.objectContaining({ path })]),
        });
        expect(await snapshot(store, [stored.id, fresh.id]), name).toEqual(before);
      }
      expect((await versionedImage(store, stored.id))?.version).toBe(version);
      // Within the quota, members of a stored image are added and the image gets a new version (R16).
      okOrThrow(await store.importCatalog({ members: [memberOf(stored.id, NEWCOMER)] }, { memberQuota: 3 }));
      expect((await versionedImage(store, stored.id))?.version).toBeGreaterThan(version ?? 0);
    });

    it("throws a ConfigurationError for invalid options, before any I/O", () => {
      expect(() => importCatalog(db.client, {}, { batchSize: 0, regions: [] } as never)).toThrow(
        expect.objectContaining({
          name: "ConfigurationError",
          issues: expect.arrayContaining([expect.objectContaining({ path: ["batchSize"] })]),
        }),
      );
    });
  });
}
