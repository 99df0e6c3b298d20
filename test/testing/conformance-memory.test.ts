import { createInMemoryStore } from "cloud-image-sharing";
import { runStoreConformance } from "cloud-image-sharing/testing";
import { describe, it } from "vitest";

// The reference store must pass every guarantee it is the reference for, the large ones included.
runStoreConformance({
  name: "in-memory store",
  makeStore: ({ accounts }) => createInMemoryStore({ accounts: [...accounts] }),
  describe,
  it,
});
