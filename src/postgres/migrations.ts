import { ResultAsync } from "neverthrow";
import { z } from "zod";
import { type SharingErrorOf, SharingErrors } from "../domain/errors.js";
import type { SqlClient, SqlQueryable } from "./client.js";
import { SchemaNameSchema, type TableNames, tableNames } from "./schema.js";
import { sqlStateOf } from "./sql-errors.js";

/** One step of the schema: applied once, recorded in `schema_migrations` in the same transaction. */
type Migration = { readonly version: number; readonly name: string; readonly statements: (t: TableNames) => string[] };

// Ids, region codes and timestamps are `COLLATE "C"`: the library orders by plain code-unit
// comparison (ids are ASCII, timestamps ISO-8601 strings), and a database's default locale
// would sort differently. Timestamps stay text so they round-trip exactly as the clock wrote
// them. Every statement says IF NOT EXISTS, so a half-recorded migration re-runs harmlessly.
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "accounts, images, members, events",
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.accounts} (id text COLLATE "C" PRIMARY KEY)`,
      `CREATE TABLE IF NOT EXISTS ${t.images} (
         id text COLLATE "C" PRIMARY KEY,
         owner_account_id text COLLATE "C" NOT NULL,
         name text NOT NULL,
         region text COLLATE "C" NOT NULL,
         size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
         created_at text COLLATE "C" NOT NULL,
         updated_at text COLLATE "C" NOT NULL,
         version integer NOT NULL CHECK (version >= 1))`,
      // listVisibleImages (own part, "global" and one region) and getStorageUsage.
      `CREATE INDEX IF NOT EXISTS images_by_owner ON ${t.images} (owner_account_id, created_at DESC, id DESC)`,
      `CREATE INDEX IF NOT EXISTS images_by_owner_region ON ${t.images} (owner_account_id, region, created_at DESC, id DESC)`,
      // The image's region and createdAt never change, so members carry a copy: the shared
      // lists then read one index in list order instead of joining before sorting.
      `CREATE TABLE IF NOT EXISTS ${t.members} (
         image_id text COLLATE "C" NOT NULL REFERENCES ${t.images} (id) ON DELETE CASCADE,
         consumer_account_id text COLLATE "C" NOT NULL,
         status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
         created_at text COLLATE "C" NOT NULL,
         updated_at text COLLATE "C" NOT NULL,
         image_region text COLLATE "C" NOT NULL,
         image_created_at text COLLATE "C" NOT NULL,
         PRIMARY KEY (image_id, consumer_account_id))`,
      // Accepted shares (listVisibleImages) and pending shares (listPendingShares), global and per region.
      `CREATE INDEX IF NOT EXISTS members_by_consumer ON ${t.members} (consumer_account_id, status, image_created_at DESC, image_id DESC)`,
      `CREATE INDEX IF NOT EXISTS members_by_consumer_region ON ${t.members} (consumer_account_id, status, image_region, image_created_at DESC, image_id DESC)`,
      // The log of every event, once (the audit trail; ids are unique). Events outlive their
      // image: no foreign key to images.
      `CREATE TABLE IF NOT EXISTS ${t.events} (
         id text COLLATE "C" PRIMARY KEY,
         type text NOT NULL,
         occurred_at text COLLATE "C" NOT NULL,
         image_id text COLLATE "C" NOT NULL,
         owner_account_id text COLLATE "C" NOT NULL,
         consumer_account_id text COLLATE "C",
         actor_account_id text COLLATE "C" NOT NULL,
         actor_user_id text COLLATE "C" NOT NULL)`,
      // One counter per account: a commit takes the row lock of every account its events
      // concern, so positions in an account's feed are handed out in commit order (a reader
      // paging with "after" never skips an event that commits later with a smaller number).
      `CREATE TABLE IF NOT EXISTS ${t.eventFeeds} (
         account_id text COLLATE "C" PRIMARY KEY,
         last_position bigint NOT NULL)`,
      // An account's feed: a copy of each event concerning it (events never change), so a page
      // of listEvents is one range of this primary key, with no join.
      `CREATE TABLE IF NOT EXISTS ${t.accountEvents} (
         account_id text COLLATE "C" NOT NULL,
         position bigint NOT NULL,
         event_id text COLLATE "C" NOT NULL REFERENCES ${t.events} (id),
         type text NOT NULL,
         occurred_at text COLLATE "C" NOT NULL,
         image_id text COLLATE "C" NOT NULL,
         owner_account_id text COLLATE "C" NOT NULL,
         consumer_account_id text COLLATE "C",
         actor_account_id text COLLATE "C" NOT NULL,
         actor_user_id text COLLATE "C" NOT NULL,
         PRIMARY KEY (account_id, position))`,
      // listEvents' "after": where an event sits in one account's feed.
      `CREATE UNIQUE INDEX IF NOT EXISTS account_events_by_event ON ${t.accountEvents} (account_id, event_id)`,
    ],
  },
];

/** The newest schema version this release knows. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.reduce((latest, m) => Math.max(latest, m.version), 0);

/** Options of {@link migrate}. */
export const MigrateOptionsSchema = z.object({ schema: SchemaNameSchema.optional() }).prefault({});

/** What {@link migrate} takes. */
export type MigrateOptions = z.input<typeof MigrateOptionsSchema>;

/** SQLSTATEs of two sessions creating the same object at once (Postgres checks its catalog late). */
const CREATED_CONCURRENTLY: ReadonlySet<string> = new Set(["23505", "42P07", "42P06"]);

/** Runs a CREATE … IF NOT EXISTS; if a concurrent session created the same object first, once more (then it exists). */
async function createIdempotently(db: SqlQueryable, statement: string): Promise<void> {
  try {
    await db.query(statement);
  } catch (cause) {
    if (!CREATED_CONCURRENTLY.has(sqlStateOf(cause) ?? "")) throw cause;
    await db.query(statement);
  }
}

/** Applies one migration unless it is recorded; the record and the change commit together. */
async function applyOnce(client: SqlClient, t: TableNames, migration: Migration): Promise<boolean> {
  return client.transaction(async (tx) => {
    // A concurrent migrate() blocks here on the uncommitted row, then finds it recorded.
    const claimed = await tx.query(
      `INSERT INTO ${t.schemaMigrations} (version, name) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING RETURNING version`,
      [migration.version, migration.name],
    );
    if (claimed.rows.length === 0) return false;
    for (const statement of migration.statements(t)) await tx.query(statement);
    return true;
  });
}

/**
 * Brings the database (or `options.schema`, created if missing) to the latest schema:
 * applies, in order, every migration not yet recorded in `schema_migrations`, each in its own
 * transaction with its record. Running it again applies nothing; two concurrent runs apply each
 * migration once. Resolves to the versions this call applied; never throws.
 *
 * @example
 * const applied = await migrate(client); // Ok({ applied: [1] }), then Ok({ applied: [] })
 */
export function migrate(client: SqlClient, options?: MigrateOptions): ResultAsync<{ applied: number[] }, SharingErrorOf<"StorageFailure">> {
  const run = async (): Promise<{ applied: number[] }> => {
    const { schema } = MigrateOptionsSchema.parse(options);
    const t = tableNames(schema);
    if (schema !== undefined) await createIdempotently(client, `CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await createIdempotently(
      client,
      `CREATE TABLE IF NOT EXISTS ${t.schemaMigrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (await applyOnce(client, t, migration)) applied.push(migration.version);
    }
    return { applied };
  };
  return ResultAsync.fromPromise(run(), (cause) => SharingErrors.storageFailure(cause));
}
