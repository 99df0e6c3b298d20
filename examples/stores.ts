// Where the example keeps its data. Every kind gives the same thing: a store seeded with the
// example's accounts, and a way to release it. Adding a store is one more branch in
// `makeExampleStore` (and one more name in `STORE_KINDS`).

// The example runs from the sources; in your application, import from "cloud-image-sharing".
import { createInMemoryStore, type ImageSharingStore } from "../src/index.js";

/** The two accounts of the example: the producer shares an image with the consumer. */
export const EXAMPLE_ACCOUNTS = { producer: "100001", consumer: "100002" } as const;

/** The stores the example can run on (`--store <kind>`). */
export const STORE_KINDS = ["memory"] as const;

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
    default: {
      // A new kind added to STORE_KINDS without a branch here fails to compile.
      const unhandled: never = kind;
      throw new TypeError(`unknown store kind: ${String(unhandled)}`);
    }
  }
}
