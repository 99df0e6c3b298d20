import { ResultAsync } from "neverthrow";
import { z } from "zod/v4";
import { type SharingErrorOf, SharingErrors } from "../domain/errors.js";
import { parseOptionsOrThrow } from "../domain/parse.js";
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
  {
    version: 2,
    name: "0.2: store-wide versions, expiring shares, pending-share paging, sharing policies, flat usage, a feed without counters",
    statements: (t) => [
      // R16: every image version comes from one store-wide sequence, so an image re-created under
      // an old id never repeats a version a decision could have been made on. bigint: at a
      // thousand commits a second an int4 sequence would run out within a month.
      `CREATE SEQUENCE IF NOT EXISTS ${t.imageVersions} AS bigint`,
      `ALTER TABLE ${t.images} ALTER COLUMN version TYPE bigint`,
      `SELECT setval(${t.imageVersionsLiteral}, (SELECT coalesce(max(version), 0) + 1 FROM ${t.images}), false)`,
      // R18: when a share expires, as the clock wrote it (exact round trip) and as epoch
      // milliseconds (what the service compares: Date.parse, so both sides agree to the ms).
      `ALTER TABLE ${t.members} ADD COLUMN IF NOT EXISTS expires_at text COLLATE "C", ADD COLUMN IF NOT EXISTS expires_ms bigint`,
      `ALTER TABLE ${t.members} ADD CONSTRAINT members_expiry_both CHECK ((expires_at IS NULL) = (expires_ms IS NULL))`,
      // Members are written only by statements that first lock their image's row (a commit, an
      // import), and a delete removes them in the same statement: the foreign key only cost a
      // look-up and a row lock on the image per member written (3.5x the cost of a bulk insert).
      `ALTER TABLE ${t.members} DROP CONSTRAINT IF EXISTS members_image_id_fkey`,
      // The consumer's lists. A share that never expires is found in list order by a partial
      // index per list (accepted: by the image's createdAt; pending: by the share's createdAt,
      // newest share first), global and per region. An expiring share is found by a range scan
      // `expires_ms > now` on one more index, so a list never walks the consumer's expired
      // shares one by one: its cost follows the unexpired shares only. Rejected shares are in
      // none of these indexes (no list shows them).
      `DROP INDEX IF EXISTS ${t.prefix}members_by_consumer`,
      `DROP INDEX IF EXISTS ${t.prefix}members_by_consumer_region`,
      `CREATE INDEX IF NOT EXISTS members_accepted ON ${t.members} (consumer_account_id, image_created_at DESC, image_id DESC)
         WHERE status = 'accepted' AND expires_ms IS NULL`,
      `CREATE INDEX IF NOT EXISTS members_accepted_region ON ${t.members} (consumer_account_id, image_region, image_created_at DESC, image_id DESC)
         WHERE status = 'accepted' AND expires_ms IS NULL`,
      `CREATE INDEX IF NOT EXISTS members_pending ON ${t.members} (consumer_account_id, created_at DESC, image_id DESC)
         WHERE status = 'pending' AND expires_ms IS NULL`,
      `CREATE INDEX IF NOT EXISTS members_pending_region ON ${t.members} (consumer_account_id, image_region, created_at DESC, image_id DESC)
         WHERE status = 'pending' AND expires_ms IS NULL`,
      `CREATE INDEX IF NOT EXISTS members_expiring ON ${t.members} (consumer_account_id, status, expires_ms) WHERE expires_ms IS NOT NULL`,
      // R17: one row per account that ever set a policy.
      `CREATE TABLE IF NOT EXISTS ${t.sharingPolicies} (
         account_id text COLLATE "C" PRIMARY KEY,
         auto_accept_from text[] NOT NULL,
         block_from text[] NOT NULL,
         updated_at text COLLATE "C",
         version bigint NOT NULL CHECK (version >= 1))`,
      // R7 usage, kept as a running total per owner: written only when an image is created,
      // deleted or changes size (never by a share or an accept), read with one primary-key look-up.
      `CREATE TABLE IF NOT EXISTS ${t.storageUsage} (
         owner_account_id text COLLATE "C" PRIMARY KEY,
         image_count bigint NOT NULL CHECK (image_count >= 0),
         bytes numeric NOT NULL CHECK (bytes >= 0))`,
      `INSERT INTO ${t.storageUsage} (owner_account_id, image_count, bytes)
         SELECT owner_account_id, count(*), sum(size_bytes) FROM ${t.images} GROUP BY owner_account_id
         ON CONFLICT (owner_account_id) DO NOTHING`,
      // Events of 0.2: the acting user may be absent (a share accepted by policy), a share may
      // carry its expiry, and a SharingPolicyChanged event names an account, not an image.
      `ALTER TABLE ${t.events} ALTER COLUMN image_id DROP NOT NULL, ALTER COLUMN owner_account_id DROP NOT NULL,
         ALTER COLUMN actor_account_id DROP NOT NULL, ALTER COLUMN actor_user_id DROP NOT NULL`,
      `ALTER TABLE ${t.events} ADD COLUMN IF NOT EXISTS expires_at text COLLATE "C", ADD COLUMN IF NOT EXISTS by_policy boolean NOT NULL DEFAULT false,
         ADD COLUMN IF NOT EXISTS account_id text COLLATE "C"`,
      // The feed without a counter row per account (0.1 locked one per commit, so one busy
      // producer's writes ran one at a time) and without a copy of each event per account: an
      // event records the transaction that wrote it (xid8) and a position from a sequence, and
      // an account's feed is read straight from the events, by three indexes in (xid, position)
      // order — as owner, as consumer, as the account of a policy event — merged. Readers only
      // show events no running writer can still precede (see listEvents), so a reader paging
      // with `after` never skips one. 0.1 events keep being read from their per-account copies
      // (account_events, no longer written), before every new event.
      `ALTER TABLE ${t.events} ADD COLUMN IF NOT EXISTS xid xid8, ADD COLUMN IF NOT EXISTS position bigint`,
      `CREATE SEQUENCE IF NOT EXISTS ${t.eventPositions} AS bigint`,
      `CREATE INDEX IF NOT EXISTS events_by_owner ON ${t.events} (owner_account_id, xid, position) WHERE position IS NOT NULL`,
      `CREATE INDEX IF NOT EXISTS events_by_consumer ON ${t.events} (consumer_account_id, xid, position)
         WHERE position IS NOT NULL AND consumer_account_id <> owner_account_id`,
      `CREATE INDEX IF NOT EXISTS events_by_account ON ${t.events} (account_id, xid, position) WHERE position IS NOT NULL AND account_id IS NOT NULL`,
      `DROP TABLE IF EXISTS ${t.eventFeeds}`,
    ],
  },
];

/** The newest schema version this release knows. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.reduce((latest, m) => Math.max(latest, m.version), 0);

/** Options of {@link migrate}. */
export const MigrateOptionsSchema = z
  .strictObject({
    /** The schema to keep the tables in (created if missing); default: the connection's search_path. */
    schema: SchemaNameSchema.optional(),
    /**
     * Apply migrations up to this version only (default: every one this release knows). For a
     * host that stages an upgrade, and for upgrade tests that build an older schema first.
     */
    toVersion: z.number().int().min(1).optional(),
  })
  .prefault({});

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
 * transaction with its record. Migrations only go forward: a 0.1 database (schema 1) upgrades
 * in place, keeping its data. Running it again applies nothing; two concurrent runs apply each
 * migration once. Resolves to the versions this call applied.
 *
 * Throws a `ConfigurationError` at once, before any I/O, for invalid options; never throws or
 * rejects afterwards (a database failure is a `StorageFailure` value).
 *
 * Needs PostgreSQL 13 or later (or PGlite): the event feed uses `xid8` and `pg_current_snapshot()`.
 *
 * @example
 * const applied = await migrate(client); // Ok({ applied: [1, 2] }), then Ok({ applied: [] })
 */
export function migrate(
  client: SqlClient,
  options?: MigrateOptions,
): ResultAsync<{ applied: number[] }, SharingErrorOf<"StorageFailure">> {
  const { schema, toVersion } = parseOptionsOrThrow("migrate", MigrateOptionsSchema, options);
  const run = async (): Promise<{ applied: number[] }> => {
    const t = tableNames(schema);
    if (schema !== undefined) await createIdempotently(client, `CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await createIdempotently(
      client,
      `CREATE TABLE IF NOT EXISTS ${t.schemaMigrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (toVersion !== undefined && migration.version > toVersion) break;
      if (await applyOnce(client, t, migration)) applied.push(migration.version);
    }
    return { applied };
  };
  return ResultAsync.fromPromise(run(), (cause) => SharingErrors.storageFailure(cause));
}
