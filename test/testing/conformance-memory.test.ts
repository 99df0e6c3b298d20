import { createInMemoryStore } from "cloud-image-sharing";
import { runStoreConformance } from "cloud-image-sharing/testing";
import { describe, it } from "vitest";

// The reference store must pass every guarantee it is the reference for.
runStoreConformance({
  name: "in-memory store",
  makeStore: ({ accounts }) => createInMemoryStore({ accounts: accounts.map((id) => ({ id })) }),
  describe,
  it,
});
