import { describe, expect, it } from "vitest";
import { checkServiceAgainstModel } from "./run-model.js";

// R15 inside the model-based run: store calls throw, reject, answer garbage or a raw driver
// error, or hang (timeoutMs is 5 ms here), before or after applying a write. Every such call
// answers the matching typed StorageFailure, nothing crashes, and the state afterwards is the one
// before the call — or, for a timed-out write (outcome unknown), before or after it.
const numRuns = process.env.FC_NUM_RUNS === undefined ? 150 : Math.ceil(Number(process.env.FC_NUM_RUNS) / 3);

describe("model-based test with a faulty store (R15)", () => {
  it("R15, R16: a failing store gives a typed StorageFailure and leaves the state unchanged, or for a timed-out write one of the two states", {
    timeout: 600_000,
  }, async () => {
    const report = await checkServiceAgainstModel({ numRuns, faults: true });
    expect(report.sequences).toBeGreaterThanOrEqual(numRuns);
    // The run did exercise the faults, timed-out writes that had and had not been applied included.
    expect(report.faults).toBeGreaterThan(numRuns);
    expect(report.unknownApplied).toBeGreaterThan(0);
    expect(report.unknownNotApplied).toBeGreaterThan(0);
  });
});
