// cloud-image-sharing/postgres: the SQL store. Loads without `pg` or PGlite installed; the
// host wraps the driver it uses with fromPgPool or fromPGlite.

// The database surface the store needs, and ready wrappers for pg and PGlite.
export { fromPGlite, fromPgPool, type PGliteLike, type SqlClient, type SqlQueryable, type SqlRow } from "./client.js";

// The schema (versioned, idempotent migrations), and migrate + create + accounts in one call.
export { LATEST_SCHEMA_VERSION, type MigrateOptions, MigrateOptionsSchema, migrate } from "./migrations.js";
export { type OpenPostgresStoreOptions, openPostgresStore } from "./open.js";
export { SchemaNameSchema } from "./schema.js";

// The store itself.
export {
  createPostgresStore,
  DEFAULT_SERIALIZATION_RETRIES,
  type PostgresStore,
  type PostgresStoreOptions,
  PostgresStoreOptionsSchema,
} from "./store.js";
