import { runStoreConformance } from "cloud-image-sharing/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { freshStore, TARGETS, type TestDatabase } from "./databases.js";

// The shared store conformance suite, on PGlite and (with DATABASE_URL) on a real server:
// every case gets a store in a fresh schema of one database opened per target.

for (const target of TARGETS) {
  describe(target.name, () => {
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    runStoreConformance({
      name: `postgres store on ${target.name}`,
      makeStore: async ({ accounts }) => {
        if (db === undefined) throw new Error("the database did not open");
        return (
          await freshStore(
            db,
            accounts.map((a) => a.id),
          )
        ).store;
      },
      describe,
      it,
      timeoutMs: 30_000,
      largeCaseTimeoutMs: 240_000,
    });
  });
}
