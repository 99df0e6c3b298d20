import type { Result } from "neverthrow";
import { z } from "zod/v4";
import { AccountSchema } from "../domain/account.js";
import type { SharingErrorOf, StoreError } from "../domain/errors.js";
import { parseOptionsOrThrow } from "../domain/parse.js";
import { migrate } from "./migrations.js";
import { createPostgresStore, type PostgresStore, PostgresStoreOptionsSchema } from "./store.js";

/** Options of {@link openPostgresStore}: the store's, plus accounts to put in the directory. */
export const OpenPostgresStoreOptionsSchema = PostgresStoreOptionsSchema.extend({
  /** Accounts (`{ id }` entries) added to the directory (idempotent), e.g. for a demo or a test. */
  accounts: z.array(AccountSchema).default([]),
});

/** What {@link openPostgresStore} takes. */
export type OpenPostgresStoreOptions = z.input<typeof OpenPostgresStoreOptionsSchema>;

/**
 * Everything to start in one call: migrates the schema, creates the store, and adds `accounts`
 * to its directory. Throws a `ConfigurationError` listing every problem, before any I/O, for
 * invalid options (store options and account entries alike); everything after is an error value.
 *
 * @example
 * const opened = await openPostgresStore({ client: fromPGlite(new PGlite()), accounts: [{ id: "100001" }, { id: "100002" }] });
 * const store = opened.match((s) => s, (e) => { throw new Error(e.message); });
 */
export function openPostgresStore(
  options: OpenPostgresStoreOptions,
): Promise<Result<PostgresStore, StoreError | SharingErrorOf<"ValidationError">>> {
  // Synchronous up to here: a bad option throws at the call, not as a rejection later.
  const { accounts, ...checked } = parseOptionsOrThrow("openPostgresStore", OpenPostgresStoreOptionsSchema, options);
  const store = createPostgresStore({ ...checked, client: options.client });
  const migration = migrate(options.client, checked.schema === undefined ? {} : { schema: checked.schema });
  return (async () => {
    const migrated = await migration;
    if (migrated.isErr()) return migrated.map(() => store);
    return (await store.addAccounts(accounts)).map(() => store);
  })();
}
