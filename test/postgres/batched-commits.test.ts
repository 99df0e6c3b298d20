import { createImageSharing, type ImageSharingStore, type StoreCommit } from "cloud-image-sharing";
import { createPostgresStore, migrate } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import { ACCOUNT_ENTRIES, CONSUMER, eventOf, eventsOf, imageOf, memberOf, OTHER, OWNER } from "./fixtures.js";
import { type ScriptedClient, scriptedClient, sqlError } from "./scripted-client.js";

// Issue 10: member changes (share, accept, reject, unshare) committed in one turn of the event
// loop are applied by ONE statement when they concern distinct images
// (src/postgres/batched-commits.ts). Each must fare exactly as it would alone: applied whole with
// its events and a new version, or — a lost race — not at all, reported as ConcurrentModification.

for (const target of TARGETS) {
  describe(`${target.name}: the member changes of one turn share one statement`, () => {
    let db: TestDatabase;
    let scripted: ScriptedClient;
    let store: ImageSharingStore;
    let serial = 0;
    beforeAll(async () => {
      db = await target.open();
      const schema = db.freshSchemaName();
      okOrThrow(await migrate(db.client, { schema }));
      scripted = scriptedClient(db.client);
      const postgres = createPostgresStore({ client: scripted.client, schema });
      okOrThrow(await postgres.addAccounts(ACCOUNT_ENTRIES));
      store = postgres;
    });
    afterAll(async () => {
      await db?.close();
    });

    /** Fresh images, created one by one, with their versions. */
    async function freshImages(count: number) {
      const images = [];
      for (let i = 0; i < count; i += 1) {
        serial += 1;
        const image = imageOf(`img-batch-${serial}`);
        const { version } = okOrThrow(
          await store.commit({ imageId: image.id, expectedVersion: null, image, events: [] }),
        );
        images.push({ image, version: version ?? 0 });
      }
      return images;
    }

    const shareOf = (image: ReturnType<typeof imageOf>, version: number, consumer = CONSUMER): StoreCommit => ({
      imageId: image.id,
      expectedVersion: version,
      putMembers: [memberOf(image.id, consumer)],
      events: [eventOf("ImageShared", image, consumer)],
      expectedConsumerPolicy: { accountId: consumer, version: null },
    });

    const versionOf = async (imageId: string) =>
      okOrThrow(await store.readImageFacts({ imageId, accountId: OWNER })).image?.version;

    it("R16: each commit of a batch is applied whole, with its events, and answers the version the image now has", async () => {
      const images = await freshImages(6);
      const eventsBefore = (await eventsOf(store, CONSUMER)).length;
      scripted.reset();
      const receipts = await Promise.all(images.map(({ image, version }) => store.commit(shareOf(image, version))));
      expect(scripted.statements).toHaveLength(1);
      for (const [i, receipt] of receipts.entries()) {
        const { image } = images[i] ?? { image: imageOf("none") };
        expect(okOrThrow(receipt).version).toBe(await versionOf(image.id));
        const facts = okOrThrow(await store.readImageFacts({ imageId: image.id, accountId: CONSUMER }));
        expect(facts.member).toMatchObject({ consumerAccountId: CONSUMER, status: "pending" });
      }
      const events = await eventsOf(store, CONSUMER);
      expect(events.slice(eventsBefore).map((e) => (e.type === "ImageShared" ? e.imageId : e.type))).toEqual(
        images.map(({ image }) => image.id),
      );
    });

    it("R16: a commit of the batch on a stale version writes nothing and is ConcurrentModification; the others apply", async () => {
      const images = await freshImages(3);
      const [first, stale, third] = images;
      if (first === undefined || stale === undefined || third === undefined) throw new Error("three images");
      okOrThrow(
        await store.commit({ ...shareOf(stale.image, stale.version, OTHER), expectedConsumerPolicy: undefined }),
      );
      const eventsBefore = (await eventsOf(store, CONSUMER)).length;
      const results = await Promise.all([
        store.commit(shareOf(first.image, first.version)),
        store.commit(shareOf(stale.image, stale.version)),
        store.commit(shareOf(third.image, third.version)),
      ]);
      expect(results[0]?.isOk()).toBe(true);
      expect(results[1]?._unsafeUnwrapErr()).toMatchObject({ type: "ConcurrentModification" });
      expect(results[2]?.isOk()).toBe(true);
      const staleFacts = okOrThrow(await store.readImageFacts({ imageId: stale.image.id, accountId: CONSUMER }));
      expect(staleFacts.member).toBeNull();
      const events = (await eventsOf(store, CONSUMER)).slice(eventsBefore);
      expect(events.map((e) => (e.type === "ImageShared" ? e.imageId : ""))).toEqual([first.image.id, third.image.id]);
    });

    it("R16: two commits of one image in one turn never share a statement: exactly one of them wins", async () => {
      const [only] = await freshImages(1);
      if (only === undefined) throw new Error("one image");
      scripted.reset();
      const results = await Promise.all([
        store.commit(shareOf(only.image, only.version, CONSUMER)),
        store.commit(shareOf(only.image, only.version, OTHER)),
      ]);
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect(results.find((r) => r.isErr())?._unsafeUnwrapErr()).toMatchObject({ type: "ConcurrentModification" });
      const members = okOrThrow(
        await store.readImageFacts({ imageId: only.image.id, accountId: OWNER, withMembers: true }),
      );
      expect(members.members).toHaveLength(1);
    });

    it("R17: a commit whose consumer policy moved on is refused and writes nothing, in a batch too", async () => {
      const images = await freshImages(2);
      const [kept, refused] = images;
      if (kept === undefined || refused === undefined) throw new Error("two images");
      const wrongPolicy = {
        ...shareOf(refused.image, refused.version),
        expectedConsumerPolicy: { accountId: CONSUMER, version: 99 },
      };
      const results = await Promise.all([store.commit(shareOf(kept.image, kept.version)), store.commit(wrongPolicy)]);
      expect(results[0]?.isOk()).toBe(true);
      expect(results[1]?._unsafeUnwrapErr()).toMatchObject({ type: "ConcurrentModification" });
      expect(await versionOf(refused.image.id)).toBe(refused.version);
    });

    it("R15: a failed batch statement fails each of its commits with StorageFailure, and writes nothing", async () => {
      const images = await freshImages(3);
      scripted.inject(({ text }) =>
        text.includes("unnest($1::text[], $2::bigint[]") ? sqlError("57P01", "terminated") : undefined,
      );
      const results = await Promise.all(images.map(({ image, version }) => store.commit(shareOf(image, version))));
      scripted.inject(null);
      for (const result of results) expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure" });
      for (const { image, version } of images) expect(await versionOf(image.id)).toBe(version);
    });

    it("R16: 16 share + accept pairs in flight through the service take two statements, not 32", async () => {
      const sharing = createImageSharing({ store, regions: ["IAD"] });
      const owner = { userId: "alice", accountId: OWNER, roles: ["cloudImages:admin"] };
      const consumer = { userId: "bob", accountId: OTHER, roles: ["cloudImages:admin"] };
      // The instance creates the images (so it knows them) and meets the consumer account once.
      const images = [];
      for (let i = 0; i < 17; i += 1)
        images.push(okOrThrow(await sharing.createImage(owner, { name: `pair ${i}`, region: "IAD" })));
      const [warm, ...rest] = images;
      if (warm === undefined) throw new Error("images");
      okOrThrow(await sharing.shareImage(owner, { imageId: warm.id, consumerAccountId: OTHER }));
      scripted.reset();
      const outcomes = await Promise.all(
        rest.map(async (image) => {
          const shared = await sharing.shareImage(owner, { imageId: image.id, consumerAccountId: OTHER });
          return shared.isOk() ? sharing.acceptImage(consumer, { imageId: image.id }) : shared;
        }),
      );
      expect(outcomes.every((o) => o.isOk())).toBe(true);
      // Decided on known facts: no reads; the shares of one turn in one statement, then the accepts.
      expect(scripted.statements).toHaveLength(2);
      for (const image of rest) {
        const facts = okOrThrow(await store.readImageFacts({ imageId: image.id, accountId: OTHER }));
        expect(facts.member?.status).toBe("accepted");
      }
    });
  });
}
