import { z } from "zod/v4";

// Every table and sequence name the store and the migrations use, qualified with an optional
// schema, so a host can keep the tables in a schema of its own (and tests can give each case a
// fresh one).

/** A Postgres schema name the store accepts: lower-case, unquoted-identifier style. */
export const SchemaNameSchema = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    "a schema name is 1–63 lower-case letters, digits or '_', not starting with a digit",
  );

/** The qualified, quoted name of every table, and of every sequence as a `regclass` literal for `nextval`. */
export type TableNames = {
  /** `"schema".` or empty: prefixes an index name in DROP INDEX. */
  readonly prefix: string;
  readonly schemaMigrations: string;
  readonly accounts: string;
  readonly images: string;
  readonly members: string;
  readonly events: string;
  readonly accountEvents: string;
  readonly sharingPolicies: string;
  readonly storageUsage: string;
  /** The 0.1 feed counters (dropped by migration 2). */
  readonly eventFeeds: string;
  /** The store-wide sequence every image version comes from (R16: versions never repeat). */
  readonly imageVersions: string;
  /** `'…image_versions'`: the sequence as a literal for `nextval(…)`. */
  readonly imageVersionsLiteral: string;
  /** The sequence numbering feed entries within one transaction. */
  readonly eventPositions: string;
  readonly eventPositionsLiteral: string;
};

/** Table names inside `schema` (validated by {@link SchemaNameSchema}), or unqualified (the search_path) when absent. */
export function tableNames(schema: string | undefined): TableNames {
  const q = (table: string) => (schema === undefined ? `"${table}"` : `"${schema}"."${table}"`);
  return {
    prefix: schema === undefined ? "" : `"${schema}".`,
    schemaMigrations: q("schema_migrations"),
    accounts: q("accounts"),
    images: q("images"),
    members: q("members"),
    events: q("events"),
    accountEvents: q("account_events"),
    sharingPolicies: q("sharing_policies"),
    storageUsage: q("storage_usage"),
    eventFeeds: q("event_feeds"),
    imageVersions: q("image_versions"),
    imageVersionsLiteral: `'${q("image_versions")}'`,
    eventPositions: q("event_positions"),
    eventPositionsLiteral: `'${q("event_positions")}'`,
  };
}
