import { z } from "zod";

// Every table name the store and the migrations use, qualified with an optional schema, so a
// host can keep the tables in a schema of its own (and tests can give each case a fresh one).

/** A Postgres schema name the store accepts: lower-case, unquoted-identifier style. */
export const SchemaNameSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a schema name is 1–63 lower-case letters, digits or '_', not starting with a digit");

/** The qualified, quoted name of every table. */
export type TableNames = {
  readonly schemaMigrations: string;
  readonly accounts: string;
  readonly images: string;
  readonly members: string;
  readonly events: string;
  readonly eventFeeds: string;
  readonly accountEvents: string;
};

/** Table names inside `schema` (validated by {@link SchemaNameSchema}), or unqualified (the search_path) when absent. */
export function tableNames(schema: string | undefined): TableNames {
  const q = (table: string) => (schema === undefined ? `"${table}"` : `"${schema}"."${table}"`);
  return {
    schemaMigrations: q("schema_migrations"),
    accounts: q("accounts"),
    images: q("images"),
    members: q("members"),
    events: q("events"),
    eventFeeds: q("event_feeds"),
    accountEvents: q("account_events"),
  };
}
