import { err, type Result } from "neverthrow";
import { z } from "zod/v4";
import { AccountSchema } from "../domain/account.js";
import type { CatalogImport, ImportReport } from "../domain/catalog.js";
import { type SharingErrorOf, SharingErrors, type StoreError } from "../domain/errors.js";
import { parseArgument, parseOptionsOrThrow } from "../domain/parse.js";
import type { ImageSharingStore } from "../ports/store.js";
import { commitBatcher, isBatchable } from "./batched-commits.js";
import { factsBatcher } from "./batched-facts.js";
import type { SqlClient } from "./client.js";
import { applyCommit, applyPolicyCommit } from "./commit.js";
import { type ImportCatalogOptions, importCatalog } from "./import.js";
import { readImageFacts } from "./read-facts.js";
import * as reads from "./reads.js";
import { SchemaNameSchema, tableNames } from "./schema.js";
import { settle } from "./sql-errors.js";

/** How many times a serialization failure or deadlock is re-run before it is reported. */
export const DEFAULT_SERIALIZATION_RETRIES = 3;

/** True for a value that can serve as a {@link SqlClient} (zod cannot look inside functions). */
const isSqlClient = (value: unknown): value is SqlClient =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { query?: unknown }).query === "function" &&
  typeof (value as { transaction?: unknown }).transaction === "function";

/** The database option: a {@link SqlClient}. */
export const SqlClientSchema = z.custom<SqlClient>(
  isSqlClient,
  "a SqlClient: fromPgPool(pool), fromPGlite(db), or an object with query and transaction",
);

/** Options of {@link createPostgresStore}. Unknown keys are refused (a typo would otherwise be silently ignored). */
export const PostgresStoreOptionsSchema = z.strictObject({
  /** The database, wrapped by `fromPgPool`, `fromPGlite` or your own {@link SqlClient}. */
  client: SqlClientSchema,
  /** The schema holding the tables (the one given to `migrate`); default: the connection's search_path. */
  schema: SchemaNameSchema.optional(),
  /** Re-runs of a statement after a serialization failure (40001) or deadlock (40P01). */
  serializationRetries: z.number().int().min(0).max(100).default(DEFAULT_SERIALIZATION_RETRIES),
});

/** What {@link createPostgresStore} takes. */
export type PostgresStoreOptions = z.input<typeof PostgresStoreOptionsSchema>;

/** Account directory entries: `{ id }`, the one shape used everywhere. */
const AccountListSchema = z.array(AccountSchema);

/** The Postgres store, plus the account directory it keeps in its `accounts` table. */
export type PostgresStore = ImageSharingStore & {
  /**
   * Adds accounts (`{ id }` entries) to the directory (R10); adding one that is there is a
   * no-op. One statement whatever the number of entries (one array parameter). An invalid
   * entry is a `ValidationError` and nothing is added; never throws, never rejects.
   */
  addAccounts(
    accounts: readonly { readonly id: string }[],
  ): Promise<Result<void, StoreError | SharingErrorOf<"ValidationError">>>;
  /** {@link importCatalog} into this store's database and schema. */
  importCatalog(
    catalog: CatalogImport,
    options?: Omit<ImportCatalogOptions, "schema">,
  ): Promise<Result<ImportReport, StoreError | SharingErrorOf<"ValidationError">>>;
};

/**
 * The store over PostgreSQL 13+ (or PGlite), with exactly the semantics of the in-memory store.
 * Run {@link migrate} first (or use `openPostgresStore`).
 *
 * - One round trip per method: every read question is one statement, and `commit` /
 *   `commitPolicy` are one statement each (a data-modifying CTE gated on the version-checked
 *   write of the image or policy row), so a change through the service costs at most two round
 *   trips (`readImageFacts`, then `commit`; one when the service already knows the facts) and no
 *   BEGIN/COMMIT. The boot-check facts, and the member changes of distinct images, asked for in
 *   one turn of the event loop share one statement (see docs/consistency.md).
 * - A version mismatch is `ConcurrentModification`, with nothing applied. Serialization
 *   failures and deadlocks are re-run `serializationRetries` times, then
 *   `ConcurrentModification`. Any other database error is `StorageFailure` with reason
 *   `"unavailable"` and the driver's error as `cause`; a row this release cannot read is
 *   `"invalid-response"`. Timeouts are the service's (`timeoutMs`).
 * - Image versions come from one store-wide sequence: they never repeat, also across a delete
 *   and a re-creation of an id (R16).
 * - Every statement is served by an index; lists page by keyset; no statement has more than a
 *   fixed number of parameters (rows travel as array parameters).
 * - Never throws and never rejects once constructed. Throws a `ConfigurationError` listing
 *   every problem, before any I/O, for invalid options.
 *
 * @example
 * const client = fromPGlite(new PGlite());
 * await migrate(client);
 * const store = createPostgresStore({ client });
 * await store.addAccounts([{ id: "100001" }, { id: "100002" }]);
 * const sharing = createImageSharing({ store });
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { schema, serializationRetries } = parseOptionsOrThrow(
    "createPostgresStore",
    PostgresStoreOptionsSchema,
    options,
  );
  // The client object itself, not the own-properties copy the check read: a client may keep state.
  const client = options.client;
  const t = tableNames(schema);
  // Every method goes through here: the work becomes a value, never a throw or a rejection.
  const run = <T>(work: () => Promise<T>): Promise<Result<T, StoreError>> => settle(work, serializationRetries);
  // The boot check's facts (an image and one account's member): the calls of one turn share a statement.
  const basicFacts = factsBatcher(client, t, (query) => readImageFacts(client, t, query));
  // Member changes (share, accept, reject, unshare) of one turn share a statement too, one per image.
  const memberChanges = commitBatcher(client, t, (change) => applyCommit(client, t, change));

  return {
    readImageFacts: (query) =>
      run(() =>
        query.consumerAccountId === undefined && query.withMembers !== true
          ? basicFacts(query)
          : readImageFacts(client, t, query),
      ),
    listVisibleImages: (query) => run(() => reads.listVisibleImages(client, t, query)),
    listPendingShares: (query) => run(() => reads.listPendingShares(client, t, query)),
    getStorageUsage: (accountId) => run(() => reads.getStorageUsage(client, t, accountId)),
    listEvents: (query) => run(() => reads.listEvents(client, t, query)),
    getSharingPolicy: (accountId) => run(() => reads.getSharingPolicy(client, t, accountId)),
    commit: (change) => run(() => (isBatchable(change) ? memberChanges(change) : applyCommit(client, t, change))),
    commitPolicy: (change) => run(() => applyPolicyCommit(client, t, change)),
    addAccounts: async (entries) => {
      const parsed = parseArgument(AccountListSchema, entries, []);
      if (!parsed.success) return err(SharingErrors.validation(parsed.issues));
      const ids = parsed.data.map((account) => account.id);
      return run(async () => {
        if (ids.length === 0) return;
        await client.query(`INSERT INTO ${t.accounts} (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING`, [
          ids,
        ]);
      });
    },
    importCatalog: (catalog, importOptions) =>
      importCatalog(client, catalog, { ...importOptions, ...(schema === undefined ? {} : { schema }) }),
  };
}
