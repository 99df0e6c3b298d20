import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPostgresStore, fromPgPool, migrate, type PgPoolLike } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_URL, okOrThrow, openPglite, type TestDatabase } from "./databases.js";
import { ACCOUNT_ENTRIES, eventOf, imageOf } from "./fixtures.js";
import { scriptedClient, sqlError } from "./scripted-client.js";

// The seams around the store: the pg wrapper's transaction handling (with a stand-in pool, so
// it is checked without a server), the FATAL-after-ReadyForQuery crash of issue 8 item 3 (with
// a real server behind a fault-injecting proxy), the migration race, and a store working
// through the connection's search_path instead of a named schema.

/** A stand-in for a pg Pool (callback-style connect, as fromPgPool uses it) that logs what happens to its one connection. */
function fakePool(options: { failOn?: string; brokenRollback?: boolean; errorOnHandOver?: boolean } = {}) {
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
    removeListener: (event: string) => listeners.delete(event),
  };
  const release = (destroy?: Error | boolean) =>
    log.push(destroy ? `release(destroy: ${destroy === true ? "rollback failed" : destroy.message})` : "release");
  const pool: PgPoolLike = {
    connect: (callback) => {
      callback(undefined, connection, release);
      // What pg does when a FATAL sits right behind the ReadyForQuery: the connection emits
      // "error" in the same tick it was handed over. Unheard, that would crash the process.
      if (options.errorOnHandOver) {
        const listener = listeners.get("error");
        if (listener === undefined) throw new Error("uncaught: no error listener on the handed-over connection");
        listener(new Error("terminating connection due to administrator command"));
      }
    },
    query: (async (text: string | { text: string; name: string }) => {
      if (typeof text !== "string") log.push(`prepared ${text.name}`);
      return { rows: [{ text: typeof text === "string" ? text : text.text }] };
    }) as PgPoolLike["query"],
  };
  return { pool, log, listeners };
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

  it("prepares the statements the store marks hot (one name per text), unless told not to", async () => {
    const { pool, log } = fakePool();
    const client = fromPgPool(pool);
    await client.query("SELECT 1", [], { prepare: true });
    await client.query("SELECT 2", [], { prepare: true });
    await client.query("SELECT 1", [], { prepare: true });
    await client.query("SELECT 3", []);
    expect(log).toEqual(["prepared cis_1", "prepared cis_2", "prepared cis_1"]);
    const plain = fakePool();
    await fromPgPool(plain.pool, { preparedStatements: false }).query("SELECT 1", [], { prepare: true });
    expect(plain.log).toEqual([]);
  });

  it("rolls back and rethrows the work's failure, returning the healthy connection to the pool", async () => {
    const { pool, log } = fakePool({ failOn: "UPDATE" });
    await expect(fromPgPool(pool).transaction((tx) => tx.query("UPDATE x"))).rejects.toMatchObject({ code: "XX000" });
    expect(log).toEqual(["BEGIN", "UPDATE x", "ROLLBACK", "release"]);
  });

  it("destroys a connection whose ROLLBACK fails (it was lost), and rethrows the original failure — BEGIN's too", async () => {
    const { pool, log } = fakePool({ failOn: "UPDATE", brokenRollback: true });
    await expect(fromPgPool(pool).transaction((tx) => tx.query("UPDATE x"))).rejects.toMatchObject({ code: "XX000" });
    expect(log.at(-1)).toBe("release(destroy: rollback failed)");
    const begin = fakePool({ failOn: "BEGIN", brokenRollback: true });
    await expect(fromPgPool(begin.pool).transaction((tx) => tx.query("SELECT 1"))).rejects.toMatchObject({
      code: "XX000",
    });
    expect(begin.log).toEqual(["BEGIN", "ROLLBACK", "release(destroy: rollback failed)"]);
  });

  it("R15: hears the connection's error event in the very tick the pool hands the connection over, and destroys that connection", async () => {
    const { pool, log } = fakePool({ errorOnHandOver: true });
    await fromPgPool(pool).transaction((tx) => tx.query("SELECT 1"));
    expect(log.at(-1)).toBe("release(destroy: terminating connection due to administrator command)");
  });
});

describe.runIf(DATABASE_URL !== undefined)(
  "fromPgPool on a real server: a FATAL right behind a ReadyForQuery (issue 8 item 3)",
  () => {
    const child = fileURLToPath(new URL("./pool-fault/child.ts", import.meta.url));
    const run = (mode: "fixed" | "naive") =>
      spawnSync(process.execPath, ["--import", "tsx", child, mode], {
        encoding: "utf8",
        env: process.env,
        timeout: 60_000,
      });

    it("R15: the connection handed to a waiting transaction dies in the same chunk; the host process survives and the pool recovers", () => {
      const result = run("fixed");
      expect(result.status, result.stderr).toBe(0);
      const outcome = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
      expect(outcome.first).toEqual({ ok: true, rows: 1 });
      expect(outcome.second).toMatchObject({ ok: false, error: expect.stringContaining("terminating connection") });
      expect(outcome.after).toEqual({ ok: true, value: 3 });
    });

    it("the proxy reproduces the crash: 0.1's wrapper (listener attached after `await pool.connect()`) dies of an uncaught error", () => {
      const result = run("naive");
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/terminating connection due to administrator command|57P01/);
    });
  },
);

describe("PGlite: seams", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("migrate: a concurrent session creating the bookkeeping table first is not a failure; other errors are", async () => {
    const scripted = scriptedClient(db.client);
    let raced = false;
    scripted.inject(({ text }) => {
      if (raced || !text.includes('schema_migrations" (version integer')) return undefined;
      raced = true;
      return sqlError("23505", 'duplicate key value violates unique constraint "pg_type_typname_nsp_index"');
    });
    expect(okOrThrow(await migrate(scripted.client, { schema: db.freshSchemaName() })).applied).toEqual([1, 2]);
    expect(raced).toBe(true);
    scripted.inject(({ text }) =>
      text.startsWith("CREATE SCHEMA") ? sqlError("42501", "permission denied") : undefined,
    );
    expect((await migrate(scripted.client, { schema: db.freshSchemaName() }))._unsafeUnwrapErr().cause).toMatchObject({
      code: "42501",
    });
  });

  it("without a schema option, migrate and the store use the connection's search_path", async () => {
    const schema = db.freshSchemaName();
    await db.client.query(`CREATE SCHEMA "${schema}"`);
    await db.client.query(`SET search_path TO "${schema}"`);
    try {
      okOrThrow(await migrate(db.client));
      const store = createPostgresStore({ client: db.client });
      okOrThrow(await store.addAccounts(ACCOUNT_ENTRIES));
      const image = imageOf("img-search-path");
      okOrThrow(
        await store.commit({
          imageId: image.id,
          expectedVersion: null,
          image,
          events: [eventOf("ImageCreated", image)],
        }),
      );
      const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "${schema}".images`);
      expect(rows[0]).toEqual({ n: 1 });
      expect(
        okOrThrow(await store.listEvents({ accountId: image.ownerAccountId, after: null, limit: 10 })),
      ).toHaveLength(1);
    } finally {
      await db.client.query("RESET search_path");
    }
  });
});
