import type { ImageSharingStore, StoreCommit } from "cloud-image-sharing";
import { createPostgresStore } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import {
  ACCOUNTS,
  CONSUMER,
  eventOf,
  eventsOf,
  imageOf,
  memberOf,
  OTHER,
  OWNER,
  snapshot,
  versionedImage,
} from "./fixtures.js";
import { type ScriptedClient, scriptedClient, sqlError } from "./scripted-client.js";

// What the store does when the database fails: a commit is one statement, so a failure leaves
// nothing of it (R14: no change without its event, no event without its change); a lost
// connection is StorageFailure "unavailable" with the driver's error; serialization failures
// and deadlocks are re-run; no method ever throws (R15).

/** Three commits of different shapes on image `id`, each run on the state the previous one left. */
function commitsOn(id: string): { name: string; commit: (store: ImageSharingStore) => Promise<StoreCommit> }[] {
  const image = imageOf(id);
  const versionOf = async (store: ImageSharingStore) => (await versionedImage(store, id))?.version ?? -1;
  return [
    {
      name: "create an image with a member",
      commit: async () => ({
        imageId: id,
        expectedVersion: null,
        image,
        putMembers: [memberOf(id, CONSUMER)],
        events: [eventOf("ImageCreated", image), eventOf("ImageShared", image, CONSUMER)],
      }),
    },
    {
      name: "accept a share and share with another account",
      commit: async (store) => ({
        imageId: id,
        expectedVersion: await versionOf(store),
        putMembers: [memberOf(id, CONSUMER, "accepted", 4), memberOf(id, OTHER, "pending", 4)],
        events: [eventOf("ShareAccepted", image, CONSUMER), eventOf("ImageShared", image, OTHER)],
      }),
    },
    {
      name: "delete the image (members cascade)",
      commit: async (store) => ({
        imageId: id,
        expectedVersion: await versionOf(store),
        image: null,
        events: [
          eventOf("ImageDeleted", image),
          eventOf("ImageDeleted", image, CONSUMER),
          eventOf("ImageDeleted", image, OTHER),
        ],
      }),
    },
  ];
}

for (const target of TARGETS) {
  describe(`${target.name}: failures`, () => {
    let db: TestDatabase | undefined;
    let scripted: ScriptedClient;
    let store: ImageSharingStore;
    beforeAll(async () => {
      db = await target.open();
      scripted = scriptedClient(db.client);
      store = (await freshStore(db, ACCOUNTS, scripted.client)).store;
    });
    afterAll(async () => {
      await db?.close();
    });

    it("R14: a commit is one statement; when it fails, neither the change nor its events exist", async () => {
      for (const { name, commit } of commitsOn("img-atomic")) {
        const change = await commit(store);
        const before = await snapshot(store, ["img-atomic"]);
        const injected = sqlError("XX000", `injected failure of "${name}"`);
        scripted.reset();
        scripted.inject(() => injected);
        const failed = await store.commit(change);
        scripted.inject(null);
        expect(scripted.statements, name).toHaveLength(1);
        expect(failed._unsafeUnwrapErr()).toMatchObject({
          type: "StorageFailure",
          reason: "unavailable",
          cause: injected,
        });
        expect(await snapshot(store, ["img-atomic"]), name).toEqual(before);
        scripted.reset();
        expect((await store.commit(change)).isOk(), `${name}: the clean run succeeds`).toBe(true);
        expect(scripted.statements, `${name}: one statement, no BEGIN/COMMIT`).toHaveLength(1);
        expect(scripted.transactions()).toBe(0);
        expect(await snapshot(store, ["img-atomic"]), `${name}: the clean run changed the store`).not.toEqual(before);
      }
    });

    it("R15: a connection lost during a commit is StorageFailure, and nothing of the commit is applied", async () => {
      const image = imageOf("img-dropped");
      const before = await snapshot(store, [image.id]);
      const change: StoreCommit = {
        imageId: image.id,
        expectedVersion: null,
        image,
        putMembers: [memberOf(image.id, CONSUMER)],
        events: [eventOf("ImageCreated", image)],
      };
      const dropped = new Error("Connection terminated unexpectedly");
      scripted.inject(() => dropped);
      const result = await store.commit(change);
      scripted.inject(null);
      expect(result._unsafeUnwrapErr()).toMatchObject({
        type: "StorageFailure",
        reason: "unavailable",
        cause: dropped,
      });
      expect(await snapshot(store, [image.id])).toEqual(before);
      expect((await store.commit(change)).isOk()).toBe(true);
    });

    it.runIf(target.isServer)(
      "R15: the server ending the session instead of a commit is StorageFailure; nothing is applied and the pool recovers",
      async () => {
        const image = imageOf("img-terminated");
        const before = await snapshot(store, [image.id]);
        const change: StoreCommit = {
          imageId: image.id,
          expectedVersion: null,
          image,
          putMembers: [memberOf(image.id, CONSUMER)],
          events: [eventOf("ImageCreated", image)],
        };
        scripted.reset();
        scripted.substitute(({ text }) =>
          text.includes("INSERT INTO") ? "SELECT pg_terminate_backend(pg_backend_pid())" : undefined,
        );
        const result = await store.commit(change);
        scripted.substitute(null);
        expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", reason: "unavailable" });
        expect(await snapshot(store, [image.id])).toEqual(before);
        expect((await store.commit(change)).isOk()).toBe(true);
      },
    );

    it("R16: serialization failures (40001) and deadlocks (40P01) are re-run within the retry budget, and applied once", async () => {
      for (const code of ["40001", "40P01"]) {
        const image = imageOf(`img-retried-${code}`);
        scripted.reset();
        let failures = 0;
        scripted.inject(({ text }) => {
          if (!text.includes("INSERT INTO") || failures >= 2) return undefined;
          failures += 1;
          return sqlError(code, "could not serialize access");
        });
        const result = await store.commit({
          imageId: image.id,
          expectedVersion: null,
          image,
          events: [eventOf("ImageCreated", image)],
        });
        scripted.inject(null);
        expect(result.isOk(), code).toBe(true);
        expect(scripted.statements, code).toHaveLength(3);
        expect(
          (await eventsOf(store, OWNER)).filter((e) => "imageId" in e && e.imageId === image.id),
          code,
        ).toHaveLength(1);
      }
    });

    it("R16: past the retry budget a serialization failure is ConcurrentModification and nothing is applied", async () => {
      if (db === undefined) throw new Error("the database did not open");
      const retries = 2;
      const impatient = createPostgresStore({
        client: scripted.client,
        schema: (await freshStore(db, ACCOUNTS)).schema,
        serializationRetries: retries,
      });
      const image = imageOf("img-never");
      scripted.reset();
      scripted.inject(() => sqlError("40001", "restart transaction"));
      const result = await impatient.commit({
        imageId: image.id,
        expectedVersion: null,
        image,
        events: [eventOf("ImageCreated", image)],
      });
      scripted.inject(null);
      expect(result._unsafeUnwrapErr().type).toBe("ConcurrentModification");
      expect(scripted.statements).toHaveLength(retries + 1);
      expect(await versionedImage(impatient, image.id)).toBeNull();
    });

    it("R15: a row this release cannot read is StorageFailure 'invalid-response', never a half-typed value", async () => {
      const image = imageOf("img-drifted");
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [] }));
      // Both forms of the facts statement: one json array (the boot check's), and columns.
      scripted.substitute(({ text }) =>
        text.includes("AS facts")
          ? `SELECT json_build_array('x', 42) AS facts`
          : text.includes("i.version AS i_version")
            ? `SELECT 'x' AS i_id, 42 AS i_owner`
            : undefined,
      );
      const results = [
        await store.readImageFacts({ imageId: image.id, accountId: OWNER }),
        await store.readImageFacts({ imageId: image.id, accountId: OWNER, consumerAccountId: CONSUMER }),
      ];
      scripted.substitute(null);
      for (const result of results)
        expect(result._unsafeUnwrapErr()).toMatchObject({
          type: "StorageFailure",
          reason: "invalid-response",
          cause: expect.any(TypeError),
        });
    });
  });
}
