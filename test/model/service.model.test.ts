import { describe, expect, it } from "vitest";
import { checkServiceAgainstModel } from "./run-model.js";

// The whole service against the oracle of SPEC.md (R1–R18, sections 4 and 5), on the in-memory
// store. FC_NUM_RUNS overrides the number of command sequences; FC_SEED replays another seed.
const numRuns = process.env.FC_NUM_RUNS === undefined ? 500 : Number(process.env.FC_NUM_RUNS);

describe("model-based test: the service behaves as the oracle of the SPEC", () => {
  it("R1–R18: every public method and clock advances, by random principals, answer and change state as the oracle does", {
    timeout: 600_000,
  }, async () => {
    const report = await checkServiceAgainstModel({ numRuns });
    expect(report.sequences).toBeGreaterThanOrEqual(numRuns);
    expect(report.commands).toBeGreaterThan(0);
  });

  it("R16: three service instances over one store, called in turn, each deciding changes on the facts it last knew, answer and change state as the oracle does", {
    timeout: 600_000,
  }, async () => {
    const runs = Math.max(1, Math.round(numRuns / 2));
    const report = await checkServiceAgainstModel({ numRuns: runs, instances: 3 });
    expect(report.sequences).toBeGreaterThanOrEqual(runs);
  });
});
