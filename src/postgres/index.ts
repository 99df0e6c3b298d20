// cloud-image-sharing/postgres: the SQL store. Loads without `pg` or PGlite installed (no type
// comes from either); the host wraps the driver it uses with fromPgPool or fromPGlite.

// The database surface the store needs, and ready wrappers for pg and PGlite.
export {
  type FromPgPoolOptions,
  fromPGlite,
  fromPgPool,
  type PGliteLike,
  type PGliteResultLike,
  type PGliteTransactionLike,
  type PgPoolClientLike,
  type PgPoolLike,
  type PgResultLike,
  type QueryOptions,
  type SqlClient,
  type SqlQueryable,
  type SqlRow,
} from "./client.js";
// Bulk import of an existing catalog, keeping every rule.
export { type ImportCatalogOptions, ImportCatalogOptionsSchema, importCatalog } from "./import.js";
// The schema (versioned, forward-only migrations), and migrate + create + accounts in one call.
export { LATEST_SCHEMA_VERSION, type MigrateOptions, MigrateOptionsSchema, migrate } from "./migrations.js";
export { type OpenPostgresStoreOptions, OpenPostgresStoreOptionsSchema, openPostgresStore } from "./open.js";
export { SchemaNameSchema } from "./schema.js";
// The store itself.
export {
  createPostgresStore,
  DEFAULT_SERIALIZATION_RETRIES,
  type PostgresStore,
  type PostgresStoreOptions,
  PostgresStoreOptionsSchema,
} from "./store.js";
