import { createImageSharing } from "cloud-image-sharing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshStore, okOrThrow, openPglite, type TestDatabase } from "./databases.js";
import { eventsOf, OWNER } from "./fixtures.js";
import { scriptedClient } from "./scripted-client.js";

// Issue 8 item 5: the wire protocol allows 65,535 parameters per statement and pg wraps the
// count silently, so 0.1 could never delete an image with ≥ 3,277 members nor add ≥ 65,536
// accounts at once. Rows now travel as array parameters: every statement has a handful of
// parameters whatever the number of rows. Proven at 10,000 members and 100,000 accounts.

const MOST_PARAMETERS = 40;

describe("PGlite: sizes past the wire protocol's parameter limit", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("100,000 accounts are added in one statement, and an image with 10,000 members is deleted with all of them through the service", async () => {
    const scripted = scriptedClient(db.client);
    const { store, schema } = await freshStore(db, [OWNER], scripted.client);
    const consumers = Array.from({ length: 100_000 }, (_, i) => `acct-${String(i).padStart(6, "0")}`);
    scripted.reset();
    okOrThrow(await store.addAccounts(consumers.map((id) => ({ id }))));
    expect(scripted.statements).toHaveLength(1);
    const last = consumers.at(-1) ?? "";
    expect(
      okOrThrow(await store.readImageFacts({ imageId: "x", accountId: OWNER, consumerAccountId: last })).consumer
        ?.exists,
    ).toBe(true);

    const sharing = createImageSharing({ store, memberQuota: Number.POSITIVE_INFINITY, regions: ["IAD"] });
    const admin = { userId: "alice", accountId: OWNER, roles: ["cloudImages:admin"] };
    const image = okOrThrow(await sharing.createImage(admin, { name: "popular", region: "IAD" }));
    const members = consumers.slice(0, 10_000).map((consumerAccountId) => ({
      imageId: image.id,
      consumerAccountId,
      status: "pending" as const,
      createdAt: image.createdAt,
      updatedAt: image.createdAt,
    }));
    const version = okOrThrow(await store.readImageFacts({ imageId: image.id, accountId: OWNER })).image?.version ?? -1;
    scripted.reset();
    okOrThrow(await store.commit({ imageId: image.id, expectedVersion: version, putMembers: members, events: [] }));
    expect(
      okOrThrow(await store.readImageFacts({ imageId: image.id, accountId: OWNER, withMembers: true })).members,
    ).toHaveLength(10_000);

    okOrThrow(await sharing.deleteImage(admin, { imageId: image.id }));
    for (const statement of scripted.statements)
      expect(statement.params.length, statement.text).toBeLessThanOrEqual(MOST_PARAMETERS);
    const after = okOrThrow(
      await store.readImageFacts({ imageId: image.id, accountId: consumers[0] ?? "", withMembers: true }),
    );
    expect(after).toMatchObject({ image: null, member: null, members: [] });
    // R13/R14: one ImageDeleted per account that lost the image, in one commit.
    const deleted = (await eventsOf(store, OWNER)).filter((e) => e.type === "ImageDeleted");
    expect(deleted.length).toBeGreaterThanOrEqual(1);
    expect((await eventsOf(store, consumers[9_999] ?? "")).map((e) => e.type)).toEqual(["ImageDeleted"]);
    const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "${schema}".members`);
    expect(rows[0]?.n).toBe(0);
  }, 240_000);
});
