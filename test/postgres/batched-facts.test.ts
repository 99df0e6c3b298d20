import { createImageSharing, type ImageSharingStore } from "cloud-image-sharing";
import { createPostgresStore, migrate } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH } from "../../src/postgres/batched-facts.js";
import { okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import { ACCOUNT_ENTRIES, CONSUMER, eventOf, imageOf, memberOf, OTHER, OWNER } from "./fixtures.js";
import { type ScriptedClient, scriptedClient, sqlError } from "./scripted-client.js";

// Issue 10: the boot check's facts, asked for by many calls in one turn of the event loop (a
// server answering requests at once), are read with ONE statement (src/postgres/batched-facts.ts).
// Each caller must get exactly what a lone call gets; a failed statement fails each of them.

for (const target of TARGETS) {
  describe(`${target.name}: the calls of one turn share one facts statement`, () => {
    let db: TestDatabase;
    let scripted: ScriptedClient;
    let store: ImageSharingStore;
    const images = ["img-a", "img-b", "img-c"].map((id) => imageOf(id));
    beforeAll(async () => {
      db = await target.open();
      const schema = db.freshSchemaName();
      okOrThrow(await migrate(db.client, { schema }));
      scripted = scriptedClient(db.client);
      const postgres = createPostgresStore({ client: scripted.client, schema });
      okOrThrow(await postgres.addAccounts(ACCOUNT_ENTRIES));
      store = postgres;
      for (const image of images)
        okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [] }));
      const shared = images[0] ?? imageOf("never");
      const { image: versioned } = okOrThrow(await store.readImageFacts({ imageId: shared.id, accountId: OWNER }));
      okOrThrow(
        await store.commit({
          imageId: shared.id,
          expectedVersion: versioned?.version ?? null,
          putMembers: [memberOf(shared.id, CONSUMER)],
          events: [eventOf("ImageShared", shared, CONSUMER)],
        }),
      );
    });
    afterAll(async () => {
      await db?.close();
    });

    /** Every combination: own image, a member, no member, a missing image, an unknown account. */
    const queries = [...images.map((i) => i.id), "img-missing"].flatMap((imageId) =>
      [OWNER, CONSUMER, OTHER, "999999"].map((accountId) => ({ imageId, accountId })),
    );

    it("R16: each caller of a batch gets exactly the facts a lone call gets, in one statement", async () => {
      const alone = [];
      for (const query of queries) alone.push(okOrThrow(await store.readImageFacts(query)));
      scripted.reset();
      const together = await Promise.all(queries.map((query) => store.readImageFacts(query)));
      expect(together.map(okOrThrow)).toEqual(alone);
      expect(scripted.statements).toHaveLength(1);
    });

    it(`splits more than ${MAX_BATCH} calls into statements of at most ${MAX_BATCH}`, async () => {
      const many = Array.from({ length: MAX_BATCH + 1 }, (_, i) => queries[i % queries.length] ?? queries[0]);
      scripted.reset();
      const answers = await Promise.all(many.map((query) => store.readImageFacts(query as (typeof queries)[0])));
      expect(answers.every((answer) => answer.isOk())).toBe(true);
      expect(scripted.statements).toHaveLength(2);
    });

    it("R15: a failed batch statement fails every caller with StorageFailure, and nothing escapes", async () => {
      scripted.inject(() => sqlError("57P01", "terminating connection due to administrator command"));
      const answers = await Promise.all(queries.map((query) => store.readImageFacts(query)));
      scripted.inject(null);
      for (const answer of answers)
        expect(answer._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", reason: "unavailable" });
    });

    it("32 boot checks in flight through the service take one statement, not 32", async () => {
      const sharing = createImageSharing({ store, regions: ["IAD", "LON"] });
      const owner = { userId: "alice", accountId: OWNER, roles: ["cloudImages:observer"] };
      scripted.reset();
      const answers = await Promise.all(
        Array.from({ length: 32 }, (_, i) =>
          sharing.authorizeBoot(owner, { imageId: images[i % images.length]?.id ?? "", region: "IAD" }),
        ),
      );
      expect(answers.filter((answer) => answer.isOk())).toHaveLength(32);
      expect(scripted.statements).toHaveLength(1);
    });
  });
}
