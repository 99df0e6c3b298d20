import { afterAll, beforeAll, describe, it } from "vitest";
import { checkServiceAgainstModel } from "../model/run-model.js";
import { freshStore, TARGETS, type TestDatabase } from "./databases.js";

// The whole service, driven by random command sequences and checked step by step against the
// reference model of SPEC.md, with the Postgres store underneath. Few runs: each sequence
// migrates a schema of its own, and the in-memory store runs the long version of this test.

const NUM_RUNS = Number(process.env.PG_MODEL_RUNS ?? 10);

for (const target of TARGETS) {
  describe(target.name, () => {
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it("R1–R18: the service on the Postgres store behaves as the reference model", async () => {
      const report = await checkServiceAgainstModel({
        numRuns: NUM_RUNS,
        makeStore: async (accounts) => {
          if (db === undefined) throw new Error("the database did not open");
          return (await freshStore(db, accounts)).store;
        },
      });
      // The check ran what it was asked to (it would pass vacuously on zero sequences).
      if (report.sequences < NUM_RUNS) throw new Error(`only ${report.sequences} of ${NUM_RUNS} sequences ran`);
    }, 600_000);

    it("R16: three service instances over one Postgres store, each deciding changes on the facts it last knew, behave as the reference model", async () => {
      const report = await checkServiceAgainstModel({
        numRuns: NUM_RUNS,
        instances: 3,
        makeStore: async (accounts) => {
          if (db === undefined) throw new Error("the database did not open");
          return (await freshStore(db, accounts)).store;
        },
      });
      if (report.sequences < NUM_RUNS) throw new Error(`only ${report.sequences} of ${NUM_RUNS} sequences ran`);
    }, 600_000);
  });
}
