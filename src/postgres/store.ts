import { errAsync, ResultAsync } from "neverthrow";
import { z } from "zod";
import { type SharingErrorOf, SharingErrors, type StoreError } from "../domain/errors.js";
import { AccountIdSchema } from "../domain/ids.js";
import type { ImageSharingStore } from "../ports/store.js";
import type { SqlClient } from "./client.js";
import { applyCommit } from "./commit.js";
import * as reads from "./reads.js";
import { SchemaNameSchema, tableNames } from "./schema.js";
import { settle } from "./sql-errors.js";

/** How many times a serialization failure or deadlock is re-run before it is reported. */
export const DEFAULT_SERIALIZATION_RETRIES = 3;

/** Options of {@link createPostgresStore}, apart from the client (which zod cannot check). */
export const PostgresStoreOptionsSchema = z.object({
  /** The schema holding the tables (the one given to `migrate`); default: the connection's search_path. */
  schema: SchemaNameSchema.optional(),
  /** Re-runs of a transaction after a serialization failure (40001) or deadlock (40P01). */
  serializationRetries: z.number().int().min(0).max(100).default(DEFAULT_SERIALIZATION_RETRIES),
});

/** What {@link createPostgresStore} takes. */
export type PostgresStoreOptions = z.input<typeof PostgresStoreOptionsSchema> & {
  /** The database, wrapped by `fromPgPool`, `fromPGlite` or your own {@link SqlClient}. */
  readonly client: SqlClient;
};

/** The Postgres store, plus the account directory it keeps in its `accounts` table. */
export type PostgresStore = ImageSharingStore & {
  /**
   * Adds accounts to the directory (R10); adding one that is there is a no-op. An invalid id
   * is a `ValidationError`; never throws.
   */
  addAccounts(accountIds: readonly string[]): ResultAsync<void, StoreError | SharingErrorOf<"ValidationError">>;
};

/**
 * The store over Postgres (or PGlite, or a Postgres-compatible engine such as CockroachDB or
 * YugabyteDB), with exactly the semantics of the in-memory store. Run {@link migrate} first.
 *
 * - `commit` is one transaction: the image row is written at the expected version
 *   (`… WHERE version = $expected`), members and events follow, or nothing happens.
 *   A mismatch is `ConcurrentModification`; serialization failures and deadlocks are re-run
 *   `serializationRetries` times, then `ConcurrentModification`; anything else is
 *   `StorageFailure` with the driver's error as `cause`.
 * - Every query is served by an index; lists page by keyset.
 * - Never throws and never rejects once constructed. Throws at start-up for invalid options.
 *
 * @example
 * const client = fromPGlite(new PGlite());
 * await migrate(client);
 * const store = createPostgresStore({ client });
 * await store.addAccounts(["100001", "100002"]);
 * const sharing = createImageSharing({ store });
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { client, ...rest } = options;
  const parsed = PostgresStoreOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new TypeError(`createPostgresStore: invalid options: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const { schema, serializationRetries } = parsed.data;
  const t = tableNames(schema);
  // Every method goes through here: the work becomes a value, never a throw or a rejection.
  const run = <T>(work: () => Promise<T>): ResultAsync<T, StoreError> => new ResultAsync(settle(work, serializationRetries));

  return {
    getImage: (imageId) => run(() => reads.selectImage(client, t, imageId)),
    getMember: (imageId, consumerAccountId) => run(() => reads.selectMember(client, t, imageId, consumerAccountId)),
    listMembers: (imageId) => run(() => reads.selectMembers(client, t, imageId)),
    countMembers: (imageId) => run(() => reads.countMembers(client, t, imageId)),
    accountExists: (accountId) => run(() => reads.accountExists(client, t, accountId)),
    listVisibleImages: (query) => run(() => reads.selectVisibleImages(client, t, query)),
    listPendingShares: (accountId, region) => run(() => reads.selectPendingShares(client, t, accountId, region)),
    getStorageUsage: (accountId) => run(() => reads.selectStorageUsage(client, t, accountId)),
    listEvents: (query) => run(() => reads.selectEvents(client, t, query)),
    commit: (change) => run(() => client.transaction((tx) => applyCommit(tx, t, change))),
    addAccounts: (accountIds) => {
      const ids = z.array(AccountIdSchema).safeParse(accountIds);
      if (!ids.success) {
        const issues = ids.error.issues.map((i) => ({
          path: i.path.map((k) => (typeof k === "symbol" ? String(k) : k)),
          message: i.message,
        }));
        return errAsync(SharingErrors.validation(issues));
      }
      if (ids.data.length === 0) return run(async () => undefined);
      const placeholders = ids.data.map((_, index) => `($${index + 1})`).join(", ");
      return run(async () => {
        await client.query(`INSERT INTO ${t.accounts} (id) VALUES ${placeholders} ON CONFLICT (id) DO NOTHING`, ids.data);
      });
    },
  };
}
