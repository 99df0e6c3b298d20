import type { ResultAsync } from "neverthrow";
import type { SharingErrorOf, StoreError } from "../domain/errors.js";
import { migrate } from "./migrations.js";
import { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from "./store.js";

/** Options of {@link openPostgresStore}: the store's, plus accounts to put in the directory. */
export type OpenPostgresStoreOptions = PostgresStoreOptions & {
  /** Account ids added to the directory (idempotent), e.g. for a demo or a test. */
  readonly accounts?: readonly string[];
};

/**
 * Everything to start in one call: migrates the schema, creates the store, and adds `accounts`
 * to its directory. Throws at once for invalid options (like {@link createPostgresStore});
 * everything else is an error value.
 *
 * @example
 * const store = (await openPostgresStore({ client: fromPGlite(new PGlite()), accounts: ["100001", "100002"] }))
 *   .match((s) => s, (e) => { throw new Error(e.message); });
 */
export function openPostgresStore(options: OpenPostgresStoreOptions): ResultAsync<PostgresStore, StoreError | SharingErrorOf<"ValidationError">> {
  const { accounts = [], ...storeOptions } = options;
  const store = createPostgresStore(storeOptions);
  return migrate(storeOptions.client, { schema: storeOptions.schema })
    .andThen(() => store.addAccounts(accounts))
    .map(() => store);
}
