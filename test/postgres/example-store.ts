import { PGlite } from "@electric-sql/pglite";
import { fromPGlite, openPostgresStore, type PostgresStore } from "cloud-image-sharing/postgres";

/**
 * A Postgres store on a fresh in-process PGlite database, migrated, with `accounts` in its
 * directory — for examples and demos that want the SQL store without a server. Call `close`
 * when done.
 *
 * @example
 * const { store, close } = await createPgliteStoreForExample(["100001", "100002"]);
 * const sharing = createImageSharing({ store });
 */
export async function createPgliteStoreForExample(accounts: readonly string[]): Promise<{ store: PostgresStore; close: () => Promise<void> }> {
  const db = new PGlite();
  const opened = await openPostgresStore({ client: fromPGlite(db), accounts });
  if (opened.isErr()) {
    await db.close();
    throw new Error(`could not open the example store: ${opened.error.message}`);
  }
  return { store: opened.value, close: () => db.close() };
}
