import { createPostgresStore, migrate } from "cloud-image-sharing/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_URL, okOrThrow, openServer, type TestDatabase } from "./databases.js";
import { ACCOUNT_ENTRIES, at, eventOf, imageOf, OWNER } from "./fixtures.js";

// The event feed without a counter row per account (issue 10: 0.1 locked one per commit, so one
// owner's writes ran one at a time): events carry their transaction's xid and are read in
// (xid, position) order. xids are handed out when a transaction starts writing, not when it
// commits, so a reader must hold back what a still-running feed writer could yet put before
// it — and only that: a long transaction that writes no feed entries holds nothing back.
// Real concurrency needs a real server.

describe.runIf(DATABASE_URL !== undefined)("postgres server: the event feed never lets a reader skip an entry", () => {
  let db: TestDatabase;
  let side: pg.Client;
  beforeAll(async () => {
    db = await openServer(DATABASE_URL ?? "");
    side = new pg.Client({ connectionString: DATABASE_URL });
    await side.connect();
  });
  afterAll(async () => {
    await side?.end();
    await db?.close();
  });

  it("entries of an older feed writer still running are waited for; younger entries appear after them, never before", async () => {
    const schema = db.freshSchemaName();
    okOrThrow(await migrate(db.client, { schema }));
    const store = createPostgresStore({ client: db.client, schema });
    okOrThrow(await store.addAccounts(ACCOUNT_ENTRIES));
    const create = async (id: string) => {
      const image = imageOf(id);
      const event = eventOf("ImageCreated", image);
      okOrThrow(await store.commit({ imageId: id, expectedVersion: null, image, events: [event] }));
      return event.id;
    };
    const page = async (after: string | null) =>
      (okOrThrow(await store.listEvents({ accountId: OWNER, after, limit: 100 })) ?? []).map((e) => e.id);

    const first = await create("img-first");
    expect(await page(null)).toEqual([first]);
    // An older feed writer begins (it takes the feed table's lock before it has an xid, as a commit statement does) …
    await side.query("BEGIN");
    await side.query(`LOCK TABLE "${schema}".events IN ROW EXCLUSIVE MODE`);
    await side.query(`INSERT INTO "${schema}".accounts (id) VALUES ('side-writer')`);
    // … a younger commit lands meanwhile: read-after-first must not show it yet.
    const younger = await create("img-younger");
    expect(await page(first)).toEqual([]);
    // The older writer files its entry and commits: it comes first, then the younger one — nothing skipped.
    await side.query(
      `INSERT INTO "${schema}".events (id, type, occurred_at, image_id, owner_account_id, actor_account_id, xid, position)
       VALUES ('evt-older', 'ImageUpdated', $2, 'img-first', $1, $1, pg_current_xact_id(), nextval('"${schema}".event_positions'))`,
      [OWNER, at(9)],
    );
    await side.query("COMMIT");
    expect(await page(first)).toEqual(["evt-older", younger]);
  });

  it("a long transaction that writes no feed entry holds nothing back (read-your-writes)", async () => {
    const schema = db.freshSchemaName();
    okOrThrow(await migrate(db.client, { schema }));
    const store = createPostgresStore({ client: db.client, schema });
    okOrThrow(await store.addAccounts(ACCOUNT_ENTRIES));
    await side.query("BEGIN");
    await side.query(`INSERT INTO "${schema}".accounts (id) VALUES ('busy-elsewhere')`);
    try {
      const image = imageOf("img-now");
      const event = eventOf("ImageCreated", image);
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [event] }));
      expect(
        (okOrThrow(await store.listEvents({ accountId: OWNER, after: null, limit: 10 })) ?? []).map((e) => e.id),
      ).toEqual([event.id]);
    } finally {
      await side.query("ROLLBACK");
    }
  });
});
