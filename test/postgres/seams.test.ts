import { fromPgPool, importCatalog, openPostgresStore, type PgPoolLike } from "cloud-image-sharing/postgres";
import { describe, expect, it } from "vitest";
import { jsonColumn, membersFromJson, textArrayColumn, totalColumn } from "../../src/postgres/rows.js";
import { openPglite } from "./databases.js";
import { imageOf } from "./fixtures.js";
import { sqlError } from "./scripted-client.js";

// Edges the other files do not reach: drivers that answer oddly, a pool that cannot hand out a
// connection, a database that fails at start-up or during an import, and catalogs that are not
// plain data (the import's fast path must fall back to the own-properties parse).

describe("rows from drivers configured differently", () => {
  it("json left as text is parsed; anything else unreadable is an UnreadableRow, never a half-typed value", () => {
    expect(jsonColumn({ j: '[{"a":1}]' }, "j")).toEqual([{ a: 1 }]);
    expect(() => jsonColumn({ j: "{not json" }, "j")).toThrow(/expected json/);
    expect(membersFromJson(null)).toEqual([]);
    expect(() => membersFromJson({})).toThrow(/json array/);
    expect(() => membersFromJson([42])).toThrow(/json objects/);
    expect(() => textArrayColumn({ a: [1] }, "a")).toThrow(/text\[\]/);
    expect(totalColumn({ b: "12345678901234567890" }, "b")).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(() => totalColumn({ b: "-1" }, "b")).toThrow(/total/);
  });
});

describe("start-up and import failures are values", () => {
  it("a pool that cannot hand out a connection fails the transaction with its error", async () => {
    const refusing: PgPoolLike = {
      connect: (callback) => callback(new Error("too many clients"), undefined, () => undefined),
      query: (async () => ({ rows: [] })) as PgPoolLike["query"],
    };
    await expect(fromPgPool(refusing).transaction(async () => 1)).rejects.toThrow("too many clients");
    const empty: PgPoolLike = {
      connect: (callback) => callback(undefined, undefined, () => undefined),
      query: refusing.query,
    };
    await expect(fromPgPool(empty).transaction(async () => 1)).rejects.toThrow(/no connection/);
  });

  it("openPostgresStore answers StorageFailure when the database refuses the migration", async () => {
    const refusing = {
      query: () => Promise.reject(sqlError("08006", "connection failure")),
      transaction: () => Promise.reject(sqlError("08006", "connection failure")),
    };
    const opened = await openPostgresStore({ client: refusing, accounts: [{ id: "100001" }] });
    expect(opened._unsafeUnwrapErr()).toMatchObject({
      type: "StorageFailure",
      reason: "unavailable",
      cause: { code: "08006" },
    });
  });

  it("importCatalog: a database failure is StorageFailure; a catalog with inherited fields takes the own-properties path", async () => {
    const refusing = {
      query: () => Promise.reject(sqlError("57P01", "terminating")),
      transaction: () => Promise.reject(sqlError("57P01", "terminating")),
    };
    expect((await importCatalog(refusing, { images: [imageOf("x")] }))._unsafeUnwrapErr()).toMatchObject({
      type: "StorageFailure",
      reason: "unavailable",
    });
    const db = await openPglite();
    try {
      const schema = db.freshSchemaName();
      const opened = await openPostgresStore({
        client: db.client,
        schema,
        accounts: [{ id: "100001" }, { id: "100002" }],
      });
      const store = opened._unsafeUnwrap();
      // A polluted prototype supplies the missing status: the import must not read it (R15), so the member is invalid.
      const member = {
        imageId: "img-proto",
        consumerAccountId: "100002",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
      };
      Object.defineProperty(Object.prototype, "status", { value: "accepted", configurable: true, writable: true });
      let polluted: Awaited<ReturnType<typeof store.importCatalog>>;
      try {
        polluted = await store.importCatalog({ images: [imageOf("img-proto")], members: [member as never] });
      } finally {
        delete (Object.prototype as { status?: unknown }).status;
      }
      expect(polluted._unsafeUnwrapErr()).toMatchObject({
        type: "ValidationError",
        issues: [{ path: ["members", 0, "status"] }],
      });
      // A sparse list of images (a hole would read an inherited element) is checked the slow way, and imports.
      const sparse = [imageOf("img-a")];
      sparse[2] = imageOf("img-b");
      expect((await store.importCatalog({ images: sparse.filter(Boolean) })).isOk()).toBe(true);
      expect((await store.importCatalog({ images: sparse }))._unsafeUnwrapErr()).toMatchObject({
        type: "ValidationError",
        issues: [{ path: ["images", 1] }],
      });
    } finally {
      await db.close();
    }
  });
});
