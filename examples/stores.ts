// Where the example keeps its data. Every kind gives the same thing: a store seeded with the
// example's accounts, and a way to release it. Adding a store is one more branch in
// `makeExampleStore` (and one more name in `STORE_KINDS`).

// Imported by package name, exactly as in your application; inside this repository the
// tsconfig `paths` map it to the sources, so the example runs without a build.
import { createInMemoryStore, type ImageSharingStore } from "cloud-image-sharing";

/**
 * The accounts of the example: the producer shares images with the consumer, and with a second
 * consumer whose sharing policy trusts the producer (R17).
 */
export const EXAMPLE_ACCOUNTS = { producer: "100001", consumer: "100002", trusting: "100003" } as const;

/** The stores the example can run on (`--store <kind>`). */
export const STORE_KINDS = ["memory", "pglite"] as const;

/** One of {@link STORE_KINDS}. */
export type StoreKind = (typeof STORE_KINDS)[number];

/** A store ready for the example, and how to release it when the example is done. */
export type ExampleStore = { readonly store: ImageSharingStore; readonly close: () => Promise<void> };

/** True when `value` names a store the example knows. */
export function isStoreKind(value: string): value is StoreKind {
  return (STORE_KINDS as readonly string[]).includes(value);
}

/** A fresh store of the given kind whose account directory knows the example's accounts (R10). */
export async function makeExampleStore(kind: StoreKind): Promise<ExampleStore> {
  const accounts = Object.values(EXAMPLE_ACCOUNTS).map((id) => ({ id }));
  switch (kind) {
    case "memory":
      return { store: createInMemoryStore({ accounts }), close: async () => {} };
    case "pglite":
      return openPgliteStore(accounts);
    default: {
      // A new kind added to STORE_KINDS without a branch here fails to compile.
      const unhandled: never = kind;
      throw new TypeError(`unknown store kind: ${String(unhandled)}`);
    }
  }
}

/**
 * The PostgreSQL store on a fresh in-process PGlite database, migrated, with `accounts` in its
 * directory: the SQL store without a server. Loaded lazily, so the memory example needs neither
 * PGlite nor the adapter.
 */
async function openPgliteStore(accounts: readonly { readonly id: string }[]): Promise<ExampleStore> {
  const [{ PGlite }, { fromPGlite, openPostgresStore }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("cloud-image-sharing/postgres"),
  ]);
  const db = new PGlite();
  const opened = await openPostgresStore({ client: fromPGlite(db), accounts: [...accounts] });
  if (opened.isErr()) {
    await db.close();
    throw new Error(`could not open the PGlite store: ${opened.error.message}`);
  }
  return { store: opened.value, close: () => db.close() };
}
