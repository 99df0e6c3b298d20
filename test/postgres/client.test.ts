import { createPostgresStore, fromPgPool, migrate, type SqlClient, type SqlRow } from "cloud-image-sharing/postgres";
import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { okOrThrow, openPglite, type TestDatabase } from "./databases.js";
import { ACCOUNTS, eventOf, imageOf, OWNER } from "./fixtures.js";
import { scriptedClient, sqlError } from "./scripted-client.js";

// The seams around the store: the pg wrapper's transaction handling (with a stand-in pool, so
// it is checked without a server), rows the store cannot read, the migration race, and a
// store working through the connection's search_path instead of a named schema.

/** A stand-in for a pg Pool that logs what happens to its one connection. */
function fakePool(options: { failOn?: string; brokenRollback?: boolean } = {}) {
  const log: string[] = [];
  const listeners = new Map<string, (error: Error) => void>();
  const connection = {
    query: async (text: string) => {
      log.push(text);
      if (text === "ROLLBACK" && options.brokenRollback) throw new Error("Connection terminated");
      if (options.failOn !== undefined && text.includes(options.failOn)) throw sqlError("XX000", `failed: ${text}`);
      return { rows: [{ text }] };
    },
    on: (event: string, listener: (error: Error) => void) => listeners.set(event, listener),
    off: (event: string) => listeners.delete(event),
    release: (destroy?: Error | boolean) =>
      log.push(destroy ? `release(destroy: ${destroy === true ? "rollback failed" : destroy.message})` : "release"),
  };
  const pool = { connect: async () => connection, query: async (text: string) => ({ rows: [{ text }] }) };
  // A structural stand-in: fromPgPool uses only connect/query/on/off/release of the real types.
  return { pool: pool as unknown as Pool, log, listeners };
}

describe("fromPgPool", () => {
  it("runs a transaction as BEGIN, the work, COMMIT on one connection, then releases it", async () => {
    const { pool, log, listeners } = fakePool();
    const client = fromPgPool(pool);
    const value = await client.transaction(async (tx) => (await tx.query("SELECT 1", [])).rows[0]);
    expect(value).toEqual({ text: "SELECT 1" });
    expect(log).toEqual(["BEGIN", "SELECT 1", "COMMIT", "release"]);
    expect(listeners.size).toBe(0);
    expect((await client.query("SELECT 2")).rows).toEqual([{ text: "SELECT 2" }]);
  });

  it("rolls back and rethrows the work's failure, returning the healthy connection to the pool", async () => {
    const { pool, log } = fakePool({ failOn: "UPDATE" });
    await expect(fromPgPool(pool).transaction((tx) => tx.query("UPDATE x"))).rejects.toMatchObject({ code: "XX000" });
    expect(log).toEqual(["BEGIN", "UPDATE x", "ROLLBACK", "release"]);
  });

  it("destroys a connection whose ROLLBACK fails (it was lost), and rethrows the original failure", async () => {
    const { pool, log } = fakePool({ failOn: "UPDATE", brokenRollback: true });
    await expect(fromPgPool(pool).transaction((tx) => tx.query("UPDATE x"))).rejects.toMatchObject({ code: "XX000" });
    expect(log.at(-1)).toBe("release(destroy: rollback failed)");
  });

  it("hears the connection's error event while checked out (no process crash) and destroys that connection", async () => {
    const { pool, log, listeners } = fakePool();
    await fromPgPool(pool).transaction(async (tx) => {
      listeners.get("error")?.(new Error("socket closed"));
      return tx.query("SELECT 1");
    });
    expect(log.at(-1)).toBe("release(destroy: socket closed)");
  });
});

describe("PGlite: seams", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("R15: a row the store cannot read (a drifted schema) is StorageFailure, never a half-typed value", async () => {
    const rowsOf = (row: SqlRow): SqlClient => ({
      query: async () => ({ rows: [row] }),
      transaction: (work) => work({ query: async () => ({ rows: [row] }) }),
    });
    const good = { id: "i", owner_account_id: OWNER, name: "n", region: "IAD", size_bytes: "5", created_at: "t", updated_at: "t", version: 1 };
    expect(okOrThrow(await createPostgresStore({ client: rowsOf(good) }).getImage("i"))?.image.sizeBytes).toBe(5);
    for (const drifted of [
      { ...good, name: 42 },
      { ...good, size_bytes: "12.5" },
      { ...good, version: null },
      { ...good, size_bytes: 10n ** 20n },
    ]) {
      const result = await createPostgresStore({ client: rowsOf(drifted) }).getImage("i");
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", cause: expect.any(TypeError) });
    }
  });

  it("migrate: a concurrent session creating the bookkeeping table first is not a failure; other errors are", async () => {
    const scripted = scriptedClient(db.client);
    let raced = false;
    scripted.inject(({ text }) => {
      if (raced || !text.includes('schema_migrations" (version integer')) return undefined;
      raced = true;
      return sqlError("23505", 'duplicate key value violates unique constraint "pg_type_typname_nsp_index"');
    });
    expect(okOrThrow(await migrate(scripted.client, { schema: db.freshSchemaName() })).applied).toEqual([1]);
    expect(raced).toBe(true);
    scripted.inject(({ text }) => (text.startsWith("CREATE SCHEMA") ? sqlError("42501", "permission denied") : undefined));
    expect((await migrate(scripted.client, { schema: db.freshSchemaName() }))._unsafeUnwrapErr().cause).toMatchObject({ code: "42501" });
  });

  it("without a schema option, migrate and the store use the connection's search_path", async () => {
    const schema = db.freshSchemaName();
    await db.client.query(`CREATE SCHEMA "${schema}"`);
    await db.client.query(`SET search_path TO "${schema}"`);
    try {
      okOrThrow(await migrate(db.client));
      const store = createPostgresStore({ client: db.client });
      okOrThrow(await store.addAccounts(ACCOUNTS));
      const image = imageOf("img-search-path");
      okOrThrow(await store.commit({ imageId: image.id, expectedVersion: null, image, events: [eventOf("ImageCreated", image)] }));
      const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "${schema}".images`);
      expect(rows[0]).toEqual({ n: 1 });
    } finally {
      await db.client.query("RESET search_path");
    }
  });
});
