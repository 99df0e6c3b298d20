import {
  createImageSharing,
  createInMemoryStore,
  type Image,
  type ImageSharingStore,
  type SharingError,
  type StoreCommit,
} from "cloud-image-sharing";
import { createPostgresStore, LATEST_SCHEMA_VERSION, migrate, openPostgresStore } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import {
  ACCOUNT_ENTRIES,
  ACCOUNTS,
  at,
  CONSUMER,
  EARLY,
  eventOf,
  eventsOf,
  imageOf,
  memberOf,
  OTHER,
  OWNER,
  versionedImage,
} from "./fixtures.js";

// The adapter's own guarantees beyond the shared conformance suite: migrations (and the 0.1 →
// 0.2 upgrade in place), start-up checks, the account directory, versions that never restart,
// exact round-trips, collation-proof order, and a real race through the service.

/** Thrown by a factory: a ConfigurationError with these issue paths. */
function configurationErrorOf(make: () => unknown): { name: string; issues: { path: (string | number)[] }[] } {
  try {
    make();
  } catch (error) {
    return error as { name: string; issues: { path: (string | number)[] }[] };
  }
  throw new Error("expected a ConfigurationError, nothing was thrown");
}

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
      okOrThrow(
        await store.commit({
          imageId: image.id,
          expectedVersion: null,
          image,
          events: [eventOf("ImageCreated", image)],
        }),
      );
      expect(okOrThrow(await migrate(db.client, { schema }))).toEqual({ applied: [] });
      expect((await versionedImage(store, image.id))?.image).toEqual(image);
      const { rows } = await db.client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
    });

    it("migrate: two concurrent runs on an empty schema apply each migration exactly once", async () => {
      const schema = db.freshSchemaName();
      const [a, b] = await Promise.all([migrate(db.client, { schema }), migrate(db.client, { schema })]);
      const applied = [...okOrThrow(a).applied, ...okOrThrow(b).applied].sort();
      expect(applied).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
      const store = createPostgresStore({ client: db.client, schema });
      expect(okOrThrow(await store.getStorageUsage("none"))).toEqual({ imageCount: 0, bytes: 0 });
    });

    it("migration 2: a 0.1 database (schema 1, with data) upgrades in place, keeps its data and gains 0.2's behaviour", async () => {
      const schema = db.freshSchemaName();
      expect(okOrThrow(await migrate(db.client, { schema, toVersion: 1 }))).toEqual({ applied: [1] });
      const s = `"${schema}"`;
      // Rows exactly as 0.1 wrote them: versions from 1 per image, per-account feed counters.
      await db.client.query(`INSERT INTO ${s}.accounts (id) VALUES ('${OWNER}'), ('${CONSUMER}'), ('${OTHER}')`);
      await db.client.query(
        `INSERT INTO ${s}.images (id, owner_account_id, name, region, size_bytes, created_at, updated_at, version) VALUES
           ('old-1', '${OWNER}', 'one', 'IAD', 100, '${at(1)}', '${at(1)}', 3), ('old-2', '${OWNER}', 'two', 'LON', 50, '${at(2)}', '${at(2)}', 7)`,
      );
      await db.client.query(
        `INSERT INTO ${s}.members (image_id, consumer_account_id, status, created_at, updated_at, image_region, image_created_at) VALUES
           ('old-1', '${CONSUMER}', 'accepted', '${at(5)}', '${at(6)}', 'IAD', '${at(1)}'), ('old-2', '${CONSUMER}', 'pending', '${at(7)}', '${at(7)}', 'LON', '${at(2)}')`,
      );
      await db.client.query(
        `INSERT INTO ${s}.events (id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id) VALUES
           ('ev-1', 'ImageCreated', '${at(1)}', 'old-1', '${OWNER}', NULL, '${OWNER}', 'alice'),
           ('ev-2', 'ImageShared', '${at(5)}', 'old-1', '${OWNER}', '${CONSUMER}', '${OWNER}', 'alice')`,
      );
      await db.client.query(
        `INSERT INTO ${s}.account_events (account_id, position, event_id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id) VALUES
           ('${OWNER}', 1, 'ev-1', 'ImageCreated', '${at(1)}', 'old-1', '${OWNER}', NULL, '${OWNER}', 'alice'),
           ('${OWNER}', 2, 'ev-2', 'ImageShared', '${at(5)}', 'old-1', '${OWNER}', '${CONSUMER}', '${OWNER}', 'alice'),
           ('${CONSUMER}', 1, 'ev-2', 'ImageShared', '${at(5)}', 'old-1', '${OWNER}', '${CONSUMER}', '${OWNER}', 'alice')`,
      );
      await db.client.query(
        `INSERT INTO ${s}.event_feeds (account_id, last_position) VALUES ('${OWNER}', 2), ('${CONSUMER}', 1)`,
      );

      expect(okOrThrow(await migrate(db.client, { schema }))).toEqual({ applied: [2] });
      const store = createPostgresStore({ client: db.client, schema });
      // The data is all there, read through the 0.2 port.
      const facts = okOrThrow(await store.readImageFacts({ imageId: "old-1", accountId: CONSUMER, withMembers: true }));
      expect(facts.image).toEqual({
        image: imageOf("old-1", { name: "one", sizeBytes: 100, createdAt: at(1), updatedAt: at(1) }),
        version: 3,
      });
      expect(facts.member).toEqual({
        imageId: "old-1",
        consumerAccountId: CONSUMER,
        status: "accepted",
        createdAt: at(5),
        updatedAt: at(6),
      });
      const visible = okOrThrow(
        await store.listVisibleImages({ accountId: CONSUMER, region: "global", after: null, limit: 10, now: EARLY }),
      );
      expect(visible.map((i) => i.id)).toEqual(["old-1"]);
      const pending = okOrThrow(
        await store.listPendingShares({ accountId: CONSUMER, region: "global", after: null, limit: 10, now: EARLY }),
      );
      expect(pending.map((p) => p.image.id)).toEqual(["old-2"]);
      // Usage was computed from the images; the old feed keeps its order, its acting users and its anchors.
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 2, bytes: 150 });
      expect((await eventsOf(store, OWNER)).map((e) => [e.id, e.actorUserId])).toEqual([
        ["ev-1", "alice"],
        ["ev-2", "alice"],
      ]);
      expect(
        okOrThrow(await store.listEvents({ accountId: OWNER, after: "ev-1", limit: 10 }))?.map((e) => e.id),
      ).toEqual(["ev-2"]);

      // New behaviour on old data: versions continue above every old one (R16), new events follow the old ones,
      // expiring shares, policies.
      const share = eventOf("ImageShared", facts.image?.image as Image, OTHER);
      okOrThrow(
        await store.commit({
          imageId: "old-2",
          expectedVersion: 7,
          putMembers: [memberOf("old-2", OTHER, "pending", 9, at(1000))],
          events: [{ ...share, imageId: "old-2", expiresAt: at(1000) }],
        }),
      );
      expect((await versionedImage(store, "old-2"))?.version).toBeGreaterThan(7);
      expect((await eventsOf(store, OWNER)).map((e) => e.id)).toEqual(["ev-1", "ev-2", share.id]);
      expect((await eventsOf(store, OTHER)).map((e) => ("expiresAt" in e ? e.expiresAt : null))).toEqual([at(1000)]);
      const otherPending = (now: string) =>
        store.listPendingShares({ accountId: OTHER, region: "global", after: null, limit: 10, now });
      expect(okOrThrow(await otherPending(at(999))).map((p) => p.member.expiresAt)).toEqual([at(1000)]);
      expect(okOrThrow(await otherPending(at(1000)))).toEqual([]);
      const { rows } = await db.client.query(`SELECT to_regclass('${s}.event_feeds') AS feeds`);
      expect(rows[0]?.feeds).toBeNull();
    });

    it("R16: versions never restart — a deleted and re-created image id gets a version no decision on the old image could expect", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const image = imageOf("img-reborn");
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [] }));
      const first = (await versionedImage(store, image.id))?.version ?? -1;
      okOrThrow(
        await store.commit({
          imageId: image.id,
          expectedVersion: first,
          putMembers: [memberOf(image.id, CONSUMER)],
          events: [],
        }),
      );
      const shared = (await versionedImage(store, image.id))?.version ?? -1;
      // A consumer read the shared image at `shared` and decided to accept; meanwhile the owner
      // deletes the image and creates a new one under the same id.
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: shared, image: null, events: [] }));
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [] }));
      const reborn = (await versionedImage(store, image.id))?.version ?? -1;
      expect(new Set([first, shared, reborn]).size).toBe(3);
      expect(reborn).toBeGreaterThan(shared);
      const staleAccept = await store.commit({
        imageId: image.id,
        expectedVersion: shared,
        putMembers: [memberOf(image.id, CONSUMER, "accepted", 5)],
        events: [],
      });
      expect(staleAccept._unsafeUnwrapErr().type).toBe("ConcurrentModification");
      expect(okOrThrow(await store.readImageFacts({ imageId: image.id, accountId: CONSUMER })).member).toBeNull();
      // The versions come from one sequence: two different images never share a version either.
      const other = imageOf("img-other");
      okOrThrow(await store.commit({ imageId: other.id, expectedVersion: null, image: other, events: [] }));
      expect([first, shared, reborn]).not.toContain((await versionedImage(store, other.id))?.version);
    });

    it("R15: factories throw a ConfigurationError listing every problem, before any I/O", () => {
      let touched = 0;
      const client = {
        query: async () => {
          touched += 1;
          return { rows: [] };
        },
        transaction: async () => {
          touched += 1;
          throw new Error("no");
        },
      };
      const store = configurationErrorOf(() =>
        createPostgresStore({
          client,
          schema: "Robert'); DROP TABLE images;--",
          serializationRetries: -1,
          scheme: "x",
        } as never),
      );
      expect(store.name).toBe("ConfigurationError");
      expect(store.issues.map((i) => i.path[0]).sort()).toEqual(["schema", "serializationRetries", undefined].sort());
      expect(
        configurationErrorOf(() => createPostgresStore({ client: {} as never })).issues.map((i) => i.path),
      ).toEqual([["client"]]);
      const open = configurationErrorOf(() =>
        openPostgresStore({ client, accounts: [{ id: "ok" }, { id: "has space" }], schema: "A" }),
      );
      expect(open.name).toBe("ConfigurationError");
      expect(open.issues.map((i) => i.path)).toEqual(expect.arrayContaining([["accounts", 1, "id"], ["schema"]]));
      const migration = configurationErrorOf(() => migrate(client, { schema: "Not A Schema" }));
      expect(migration).toMatchObject({ name: "ConfigurationError", issues: [{ path: ["schema"] }] });
      expect(touched).toBe(0);
    });

    it("R15: migrate returns a StorageFailure value when the database fails; it never throws", async () => {
      const refusing = {
        query: () => Promise.reject(new Error("no database")),
        transaction: () => Promise.reject(new Error("no database")),
      };
      const result = await migrate(refusing, { schema: db.freshSchemaName() });
      expect(result._unsafeUnwrapErr()).toMatchObject({
        type: "StorageFailure",
        reason: "unavailable",
        message: expect.stringContaining("no database"),
      });
    });

    it("openPostgresStore: migrates, creates the store and fills the directory with { id } entries", async () => {
      const schema = db.freshSchemaName();
      const store = okOrThrow(
        await openPostgresStore({ client: db.client, schema, accounts: [{ id: "200001" }, { id: "200002" }] }),
      );
      const facts = okOrThrow(
        await store.readImageFacts({ imageId: "none", accountId: "200001", consumerAccountId: "200002" }),
      );
      expect(facts.consumer?.exists).toBe(true);
    });

    it("R10: addAccounts fills the directory idempotently with { id } entries and refuses invalid ones with a ValidationError", async () => {
      const { store } = await freshStore(db, []);
      const exists = async (id: string) =>
        okOrThrow(await store.readImageFacts({ imageId: "x", accountId: OWNER, consumerAccountId: id })).consumer
          ?.exists;
      okOrThrow(await store.addAccounts([{ id: "200001" }, { id: "200001" }]));
      okOrThrow(await store.addAccounts([{ id: "200001" }, { id: "200002" }]));
      okOrThrow(await store.addAccounts([]));
      expect(await exists("200001")).toBe(true);
      expect(await exists("200002")).toBe(true);
      expect(await exists("200003")).toBe(false);
      const invalid = await store.addAccounts([{ id: "ok-id" }, { id: "has space" }]);
      expect(invalid._unsafeUnwrapErr()).toMatchObject({ type: "ValidationError", issues: [{ path: [1, "id"] }] });
      expect(await exists("ok-id")).toBe(false);
    });

    it("R15: a store over a schema that was never migrated answers StorageFailure 'unavailable' with the driver's error, never a throw", async () => {
      const store = createPostgresStore({ client: db.client, schema: db.freshSchemaName() });
      const result = await store.readImageFacts({ imageId: "x", accountId: OWNER });
      expect(result._unsafeUnwrapErr()).toMatchObject({
        type: "StorageFailure",
        reason: "unavailable",
        cause: { code: "42P01" },
      });
    });

    it("values round-trip exactly: timestamps as the clock wrote them, sizes up to MAX_SAFE_INTEGER, absent fields stay absent", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const image = imageOf("img-exact", {
        sizeBytes: Number.MAX_SAFE_INTEGER,
        createdAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:00:00.123456Z",
      });
      const created = eventOf("ImageCreated", image);
      const { actorUserId: _none, ...byPolicy } = {
        ...eventOf("ShareAccepted", image, CONSUMER),
        byPolicy: true as const,
      };
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [created] }));
      const version = (await versionedImage(store, image.id))?.version ?? -1;
      const member = memberOf(image.id, CONSUMER, "accepted", 4, "2027-01-01T00:00:00.5Z");
      okOrThrow(
        await store.commit({ imageId: image.id, expectedVersion: version, putMembers: [member], events: [byPolicy] }),
      );
      expect((await versionedImage(store, image.id))?.image).toEqual(image);
      expect(okOrThrow(await store.readImageFacts({ imageId: image.id, accountId: CONSUMER })).member).toStrictEqual(
        member,
      );
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 1, bytes: Number.MAX_SAFE_INTEGER });
      const events = await eventsOf(store, OWNER);
      expect(events).toStrictEqual([created, byPolicy]);
      expect("consumerAccountId" in (events[0] ?? {})).toBe(false);
      expect("actorUserId" in (events[1] ?? {})).toBe(false);
    });

    it("storage usage follows creation, size changes and deletion only (R7), whatever the members do", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const a = imageOf("img-a", { sizeBytes: 100 });
      const b = imageOf("img-b", { sizeBytes: 30 });
      okOrThrow(
        await store.commit({
          imageId: a.id,
          expectedVersion: null,
          image: a,
          putMembers: [memberOf(a.id, CONSUMER)],
          events: [],
        }),
      );
      okOrThrow(await store.commit({ imageId: b.id, expectedVersion: null, image: b, events: [] }));
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 2, bytes: 130 });
      expect(okOrThrow(await store.getStorageUsage(CONSUMER))).toEqual({ imageCount: 0, bytes: 0 });
      const va = (await versionedImage(store, a.id))?.version ?? -1;
      okOrThrow(
        await store.commit({
          imageId: a.id,
          expectedVersion: va,
          image: { ...a, sizeBytes: 160, name: "bigger" },
          events: [],
        }),
      );
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 2, bytes: 190 });
      const vb = (await versionedImage(store, b.id))?.version ?? -1;
      okOrThrow(await store.commit({ imageId: b.id, expectedVersion: vb, image: null, events: [] }));
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 1, bytes: 160 });
      // A lost race changes no usage.
      expect((await store.commit({ imageId: a.id, expectedVersion: va, image: null, events: [] })).isErr()).toBe(true);
      expect(okOrThrow(await store.getStorageUsage(OWNER))).toEqual({ imageCount: 1, bytes: 160 });
    });

    it("lists order ids and times by code unit, exactly as the in-memory store, whatever the database's collation", async () => {
      const { store } = await freshStore(db, ACCOUNTS);
      const memory = createInMemoryStore({ accounts: [...ACCOUNT_ENTRIES] });
      // Mixed case, punctuation and two spellings of one instant: a locale-aware collation
      // (en-US: "a" < "B") would order these differently from JavaScript's string comparison.
      const ids = ["b", "B", "a", "A", "_x", "~y", "Z9", "z-1"];
      const times = ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z"];
      for (const [n, id] of ids.entries()) {
        const time = times[n % times.length] ?? "";
        const image = imageOf(id, { createdAt: time, updatedAt: time });
        const commit: StoreCommit = {
          imageId: id,
          expectedVersion: null,
          image,
          events: [eventOf("ImageCreated", image)],
        };
        okOrThrow(await store.commit(commit));
        okOrThrow(await memory.commit(commit));
      }
      const list = async (s: ImageSharingStore, after: { createdAt: string; id: string } | null) =>
        okOrThrow(await s.listVisibleImages({ accountId: OWNER, region: "global", after, limit: 3, now: EARLY }));
      let after: { createdAt: string; id: string } | null = null;
      const seen: string[] = [];
      for (;;) {
        const expected: Image[] = await list(memory, after);
        expect((await list(store, after)).map((i) => i.id)).toEqual(expected.map((i) => i.id));
        const last: Image | undefined = expected.at(-1);
        if (last === undefined) break;
        seen.push(...expected.map((i) => i.id));
        after = { createdAt: last.createdAt, id: last.id };
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
      const results = await Promise.all(
        consumers.map((consumerAccountId) => sharing.shareImage(admin, { imageId: image.id, consumerAccountId })),
      );
      const succeeded = results.filter((r) => r.isOk()).length;
      const failures = results.flatMap((r) => (r.isErr() ? [r.error.type] : [])) as SharingError["type"][];
      const members =
        okOrThrow(await store.readImageFacts({ imageId: image.id, accountId: OWNER, withMembers: true })).members ?? [];
      expect(members.length).toBeLessThanOrEqual(quota);
      expect(members.length).toBe(succeeded);
      expect(succeeded).toBeGreaterThan(0);
      for (const type of failures) expect(["MemberQuotaExceeded", "ConcurrentModification"]).toContain(type);
      // Every successful share recorded its event, and no failed one did (R14).
      const shared = (await eventsOf(store, OWNER)).filter((e) => e.type === "ImageShared");
      expect(shared).toHaveLength(succeeded);
    });
  });
}
