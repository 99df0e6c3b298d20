import {
  createImageSharing,
  createInMemoryStore,
  type Image,
  type ImageSharingStore,
  type SharingError,
  type StoreCommit,
} from "cloud-image-sharing";
import { createPostgresStore, LATEST_SCHEMA_VERSION, migrate } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import { ACCOUNTS, eventOf, imageOf, OWNER } from "./fixtures.js";

// The adapter's own guarantees beyond the shared conformance suite: migrations, start-up
// checks, the account directory, exact round-trips, collation-proof order, and a real race.

for (const target of TARGETS) {
  describe(`${target.name}: the Postgres store`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it("migrate: the first run applies every migration, a second run applies none and keeps the data", async () => {
      const { store, schema } = await freshStore(db, ACCOUNTS);
      const image = imageOf("img-kept");
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [eventOf("ImageCreated", image)] }));
      expect(okOrThrow(await migrate(db.client, { schema }))).toEqual({ applied: [] });
      expect(okOrThrow(await store.getImage(image.id))?.image).toEqual(image);
      const { rows } = await db.client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
    });

    it("migrate: two concurrent runs on an empty schema apply each migration exactly once", async () => {
      const schema = db.freshSchemaName();
      const [a, b] = await Promise.all([migrate(db.client, { schema }), migrate(db.client, { schema })]);
      const applied = [...okOrThrow(a).applied, ...okOrThrow(b).applied].sort();
      expect(applied).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
      const store = createPostgresStore({ client: db.client, schema });
      expect(okOrThrow(await store.countMembers("none"))).toBe(0);
    });

    it("R15: migrate returns a StorageFailure value when the database fails; it never throws", async () => {
      const refusing = { query: () => Promise.reject(new Error("no database")), transaction: () => Promise.reject(new Error("no database")) };
      const result = await migrate(refusing, { schema: db.freshSchemaName() });
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", message: expect.stringContaining("no database") });
      expect((await migrate(db.client, { schema: "Not A Schema" })).isErr()).toBe(true);
    });

    it("R15: createPostgresStore fails fast on invalid options", () => {
      expect(() => createPostgresStore({ client: db.client, schema: "Robert'); DROP TABLE images;--" })).toThrow(/schema/);
      expect(() => createPostgresStore({ client: db.client, serializationRetries: -1 })).toThrow(/serializationRetries/);
    });

    it("R10: addAccounts fills the directory idempotently and refuses invalid ids with a ValidationError", async () => {
      const { store } = await freshStore(db, []);
      okOrThrow(await store.addAccounts(["200001", "200001"]));
      okOrThrow(await store.addAccounts(["200001", "200002"]));
      okOrThrow(await store.addAccounts([]));
      expect(okOrThrow(await store.accountExists("200001"))).toBe(true);
      expect(okOrThrow(await store.accountExists("200002"))).toBe(true);
      expect(okOrThrow(await store.accountExists("200003"))).toBe(false);
      const invalid = await store.addAccounts(["ok-id", "has space"]);
      expect(invalid._unsafeUnwrapErr()).toMatchObject({ type: "ValidationError", issues: [{ path: [1] }] });
    });

    it("R15: a store over a schema that was never migrated answers StorageFailure with the driver's error, never a throw", async () => {
      const store = createPostgresStore({ client: db.client, schema: db.freshSchemaName() });
      const result = await store.getImage("x");
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", cause: { code: "42P01" } });
    });

    it("values round-trip exactly: timestamps as the clock wrote them, sizes up to MAX_SAFE_INTEGER, no consumer stays absent", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const image = imageOf("img-exact", {
        sizeBytes: Number.MAX_SAFE_INTEGER,
        createdAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:00:00.123456Z",
      });
      const created = eventOf("ImageCreated", image);
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [created] }));
      expect(okOrThrow(await store.getImage(image.id))).toEqual({ image, version: 1 });
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 1, bytes: Number.MAX_SAFE_INTEGER });
      const [event] = okOrThrow(await store.listEvents({ accountId: OWNER, after: null, limit: 10 })) ?? [];
      expect(event).toStrictEqual(created);
      expect(event !== undefined && "consumerAccountId" in event).toBe(false);
    });

    it("lists order ids and times by code unit, exactly as the in-memory store, whatever the database's collation", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const memory = createInMemoryStore({ accounts: ACCOUNTS.map((id) => ({ id })) });
      // Mixed case, punctuation and two spellings of one instant: a locale-aware collation
      // (en-US: "a" < "B") would order these differently from JavaScript's string comparison.
      const ids = ["b", "B", "a", "A", "_x", "~y", "Z9", "z-1"];
      const times = ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z"];
      for (const [n, id] of ids.entries()) {
        const time = times[n % times.length] ?? "";
        const image = imageOf(id, { createdAt: time, updatedAt: time });
        const commit: StoreCommit = { imageId: id, expectedVersion: null, image, events: [eventOf("ImageCreated", image)] };
        okOrThrow(await store.commit(commit));
        okOrThrow(await memory.commit(commit));
      }
      const list = (s: ImageSharingStore, after: { createdAt: string; id: string } | null) =>
        s.listVisibleImages({ accountId: OWNER, region: "global", after, limit: 3 }).map((page) => page.map((i) => i.id));
      let after: { createdAt: string; id: string } | null = null;
      const seen: string[] = [];
      for (;;) {
        const expected: string[] = okOrThrow(await list(memory, after));
        expect(okOrThrow(await list(store, after))).toEqual(expected);
        const last: string | undefined = expected.at(-1);
        if (last === undefined) break;
        seen.push(...expected);
        const lastImage: Image | undefined = okOrThrow(await memory.getImage(last))?.image;
        after = lastImage === undefined ? null : { createdAt: lastImage.createdAt, id: lastImage.id };
      }
      expect(seen.sort()).toEqual([...ids].sort());
    });

    it("R11 + R16: racing shares through the service never push an image past its member quota", async () => {
      const consumers = Array.from({ length: 10 }, (_, i) => String(300001 + i));
      const { store } = await freshStore(db, [OWNER, ...consumers]);
      const quota = 3;
      const sharing = createImageSharing({ store, memberQuota: quota, regions: ["IAD"] });
      const admin = { userId: "owner-admin", accountId: OWNER, roles: ["cloudImages:admin"] };
      const image = okOrThrow(await sharing.createImage(admin, { name: "raced", region: "IAD" }));
      const results = await Promise.all(consumers.map((consumerAccountId) => sharing.shareImage(admin, { imageId: image.id, consumerAccountId })));
      const succeeded = results.filter((r) => r.isOk()).length;
      const failures = results.flatMap((r) => (r.isErr() ? [r.error.type] : [])) as SharingError["type"][];
      const members = okOrThrow(await store.countMembers(image.id));
      expect(members).toBeLessThanOrEqual(quota);
      expect(members).toBe(succeeded);
      expect(succeeded).toBeGreaterThan(0);
      for (const type of failures) expect(["MemberQuotaExceeded", "ConcurrentModification"]).toContain(type);
      // Every successful share recorded its event, and no failed one did (R14).
      const shared = (okOrThrow(await store.listEvents({ accountId: OWNER, after: null, limit: 100 })) ?? []).filter((e) => e.type === "ImageShared");
      expect(shared).toHaveLength(succeeded);
      expect(okOrThrow(await store.getImage(image.id))?.version).toBe(1 + succeeded);
    });
  });
}
