// Testing your own adapter: prove that your ImageSharingStore keeps every promise of the port
// by running the library's conformance suite from your own test runner.
//
//   npx vitest run examples/testing-your-adapter.test.ts
import { createInMemoryStore, type ImageSharingStore } from "cloud-image-sharing";
import { runStoreConformance } from "cloud-image-sharing/testing";
import { describe, it } from "vitest";

// Your adapter goes here. This stand-in wraps the in-memory store and adds what a real
// adapter has — a connection to close — so the example runs anywhere. With Postgres, this is
// where you would create a fresh schema, run your migrations and insert the accounts.
type MyStore = ImageSharingStore & { close(): Promise<void> };

function createMyStore(accounts: readonly { readonly id: string }[]): MyStore {
  const inner = createInMemoryStore({ accounts });
  return { ...inner, close: async () => {} };
}

runStoreConformance({
  // Names the group in your runner's report.
  name: "my store",
  // Called for every case: return a fresh, EMPTY store whose account directory holds exactly
  // `accounts`. Stores from two calls must not share data (one case checks that).
  makeStore: ({ accounts }) => createMyStore(accounts),
  // Called for every store after its case, pass or fail: close connections, drop the schema.
  // It receives your own store type, so no cast is needed.
  teardown: (store) => store.close(),
  // The suite is runner-agnostic: pass your runner's describe/it. With node:test, import them
  // from "node:test" instead; cases assert with node:assert/strict either way.
  describe,
  it,
  // A case that hangs fails after this long (default 10 s); keep your runner's timeout above it.
  timeoutMs: 10_000,
});

// Every guarantee is a named case, so a failure says which promise broke, e.g.
// "optimistic versions > a stale expectedVersion fails with ConcurrentModification and applies nothing".
// STORE_GUARANTEES (from "cloud-image-sharing/testing") lists them all.
