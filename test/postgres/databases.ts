import { PGlite } from "@electric-sql/pglite";
import {
  createPostgresStore,
  fromPGlite,
  fromPgPool,
  migrate,
  type PostgresStore,
  type SqlClient,
} from "cloud-image-sharing/postgres";
import type { Result } from "neverthrow";
import pg from "pg";

// The databases the Postgres adapter's tests run on: PGlite in-process always, and a real
// server through `pg` when DATABASE_URL is set (.ci/postgres.sh sets it). Each store lives in
// a fresh schema of its own, so cases never see each other's rows and no database restarts.

/** One database the tests can run on. */
export type TestDatabase = {
  readonly name: string;
  /** The database as the store sees it. */
  readonly client: SqlClient;
  /** True for a real server (several connections, real concurrency). */
  readonly isServer: boolean;
  /** A schema name no other store of this run uses. */
  freshSchemaName(): string;
  /** Drops the schemas this run created and closes the database. */
  close(): Promise<void>;
};

/** The server's connection string, when the server tests should run. */
export const DATABASE_URL = process.env.DATABASE_URL;

/** The targets of a test file: PGlite always, the server when DATABASE_URL is set. */
export const TARGETS: readonly {
  readonly name: string;
  readonly isServer: boolean;
  readonly open: () => Promise<TestDatabase>;
}[] = [
  { name: "PGlite", isServer: false, open: openPglite },
  ...(DATABASE_URL === undefined
    ? []
    : [{ name: "postgres server", isServer: true, open: () => openServer(DATABASE_URL) }]),
];

const runTag = `${process.pid.toString(36)}_${Date.now().toString(36)}`;

function schemaNamer(prefix: string): { next(): string; created: string[] } {
  let counter = 0;
  const created: string[] = [];
  return {
    created,
    next() {
      counter += 1;
      const name = `${prefix}_${runTag}_${counter}`;
      created.push(name);
      return name;
    },
  };
}

/** A fresh in-process PGlite database. */
export async function openPglite(): Promise<TestDatabase> {
  const db = new PGlite();
  await db.waitReady;
  const names = schemaNamer("lite");
  return {
    name: "PGlite",
    client: fromPGlite(db),
    isServer: false,
    freshSchemaName: names.next,
    close: () => db.close(),
  };
}

/** A pool on the server at `url`; closing drops every schema it created. */
export async function openServer(url: string): Promise<TestDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle connection the server drops must not crash the test process.
  pool.on("error", () => undefined);
  const names = schemaNamer("srv");
  return {
    name: "postgres server",
    client: fromPgPool(pool),
    isServer: true,
    freshSchemaName: names.next,
    async close() {
      for (const schema of names.created) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

/** Migrates a fresh schema and returns a store on it whose directory holds `accounts`. */
export async function freshStore(
  db: TestDatabase,
  accounts: readonly string[],
  client: SqlClient = db.client,
): Promise<{ store: PostgresStore; schema: string }> {
  const schema = db.freshSchemaName();
  okOrThrow(await migrate(db.client, { schema }));
  const store = createPostgresStore({ client, schema });
  okOrThrow(await store.addAccounts(accounts.map((id) => ({ id }))));
  return { store, schema };
}

/** The ok value of a result; throws with the error's message otherwise (test set-up only). */
export function okOrThrow<T>(result: Result<T, { type: string; message: string }>): T {
  if (result.isErr()) throw new Error(`${result.error.type}: ${result.error.message}`);
  return result.value;
}
