import type { ImageSharingStore, StoreCommit } from "cloud-image-sharing";
import { createPostgresStore } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import { ACCOUNTS, CONSUMER, eventOf, imageOf, memberOf, OTHER, OWNER, snapshot } from "./fixtures.js";
import { type ScriptedClient, scriptedClient, sqlError } from "./scripted-client.js";

// What the store does when the database fails: a failure at any point of a commit leaves
// nothing of it (R14: no change without its event, no event without its change), a lost
// connection is StorageFailure, serialization failures and deadlocks are re-run, and no
// method ever throws (R15).

/** Three commits of different shapes on image `id`, each run on the state the previous one left. */
function commitsOn(id: string): { name: string; commit: (store: ImageSharingStore) => Promise<StoreCommit> }[] {
  const image = imageOf(id);
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
        expectedVersion: okOrThrow(await store.getImage(id))?.version ?? -1,
        putMembers: [memberOf(id, CONSUMER, "accepted", 4), memberOf(id, OTHER, "pending", 4)],
        events: [eventOf("ShareAccepted", image, CONSUMER), eventOf("ImageShared", image, OTHER)],
      }),
    },
    {
      name: "delete the image (members cascade)",
      commit: async (store) => ({
        imageId: id,
        expectedVersion: okOrThrow(await store.getImage(id))?.version ?? -1,
        image: null,
        events: [eventOf("ImageDeleted", image), eventOf("ImageDeleted", image, CONSUMER), eventOf("ImageDeleted", image, OTHER)],
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

    it("R14: a failure at any statement of a commit leaves neither the change nor its events", async () => {
      for (const { name, commit } of commitsOn("img-atomic")) {
        const change = await commit(store);
        const before = await snapshot(store, ["img-atomic"]);
        let failedAt = 0;
        for (;;) {
          const injected = sqlError("XX000", `injected failure at statement ${failedAt + 1} of "${name}"`);
          scripted.reset();
          scripted.inject(({ number }) => (number === failedAt + 1 ? injected : undefined));
          const result = await store.commit(change);
          const reached = scripted.statements.length > failedAt;
          scripted.inject(null);
          if (!reached) {
            // The fault lay beyond the commit's last statement: this run was the clean one.
            expect(result.isOk(), `${name}: the clean run succeeds`).toBe(true);
            break;
          }
          expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", cause: injected });
          expect(await snapshot(store, ["img-atomic"]), `${name}: failed at statement ${failedAt + 1}`).toEqual(before);
          failedAt += 1;
        }
        // Every statement of the commit was made to fail once, and the commit has several.
        expect(failedAt, name).toBeGreaterThanOrEqual(3);
        expect(await snapshot(store, ["img-atomic"]), `${name}: the clean run changed the store`).not.toEqual(before);
      }
    });

    it("R15: a connection lost in the middle of a commit is StorageFailure, and nothing of the commit is applied", async () => {
      const image = imageOf("img-dropped");
      const before = await snapshot(store, [image.id]);
      const change: StoreCommit = {
        imageId: image.id,
        expectedVersion: null,
        image,
        putMembers: [memberOf(image.id, CONSUMER)],
        events: [eventOf("ImageCreated", image)],
      };
      // The connection goes away at the commit's second statement; every later statement fails
      // as it would on a dead socket, until the "reconnect" below.
      const dropped = new Error("Connection terminated unexpectedly");
      let lost = false;
      scripted.reset();
      scripted.inject(({ number }) => {
        if (number === 2) lost = true;
        return lost ? dropped : undefined;
      });
      const result = await store.commit(change);
      scripted.inject(null);
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", cause: dropped });
      expect(await snapshot(store, [image.id])).toEqual(before);
      // Once the database is reachable again, the same commit goes through.
      expect((await store.commit(change)).isOk()).toBe(true);
    });

    it.runIf(target.isServer)(
      "R15: the server ending the session mid-commit is StorageFailure; nothing is applied and the pool recovers",
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
        // A real drop: instead of its second statement, the commit's session asks the server to end it.
        scripted.substitute(({ number, transaction }) =>
          transaction > 0 && number === 2 ? "SELECT pg_terminate_backend(pg_backend_pid())" : undefined,
        );
        const result = await store.commit(change);
        scripted.substitute(null);
        expect(result._unsafeUnwrapErr().type).toBe("StorageFailure");
        expect(await snapshot(store, [image.id])).toEqual(before);
        expect((await store.commit(change)).isOk()).toBe(true);
      },
    );

    it("R16: serialization failures (40001) and deadlocks (40P01) are re-run within the retry budget, and applied once", async () => {
      for (const code of ["40001", "40P01"]) {
        const image = imageOf(`img-retried-${code}`);
        scripted.reset();
        // The first statement of the first two transactions fails as the engine would report it.
        scripted.inject(({ transaction, text }) =>
          transaction <= 2 && text.startsWith("INSERT INTO") && text.includes("images") ? sqlError(code, "could not serialize access") : undefined,
        );
        const result = await store.commit({ imageId: image.id, expectedVersion: null, image, events: [eventOf("ImageCreated", image)] });
        scripted.inject(null);
        expect(result.isOk(), code).toBe(true);
        expect(scripted.transactions(), code).toBe(3);
        expect(okOrThrow(await store.getImage(image.id))?.version, code).toBe(1);
        const events = okOrThrow(await store.listEvents({ accountId: OWNER, after: null, limit: 1000 })) ?? [];
        expect(
          events.filter((e) => e.imageId === image.id),
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
      scripted.inject(({ transaction }) => (transaction > 0 ? sqlError("40001", "restart transaction") : undefined));
      const result = await impatient.commit({ imageId: image.id, expectedVersion: null, image, events: [eventOf("ImageCreated", image)] });
      scripted.inject(null);
      expect(result._unsafeUnwrapErr().type).toBe("ConcurrentModification");
      expect(scripted.transactions()).toBe(retries + 1);
      expect(okOrThrow(await impatient.getImage(image.id))).toBeNull();
    });
  });
}
