import { createInMemoryStore } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { checkServiceAgainstModel } from "./run-model.js";

// The whole service against the reference model of SPEC.md (R1–R16, sections 4 and 5), on the
// in-memory store. FC_NUM_RUNS overrides the number of command sequences (default: ~30–60 s on
// one core); FC_SEED replays another fixed seed.
const numRuns = process.env.FC_NUM_RUNS === undefined ? 500 : Number(process.env.FC_NUM_RUNS);

describe("model-based test: the service behaves as the reference model of the SPEC", () => {
  it("R1–R16: every public method, by random principals, answers and changes state as the model does", { timeout: 600_000 }, async () => {
    const report = await checkServiceAgainstModel({
      makeStore: async (accounts) => createInMemoryStore({ accounts: accounts.map((id) => ({ id })) }),
      numRuns,
    });
    expect(report.sequences).toBeGreaterThanOrEqual(numRuns);
    expect(report.commands).toBeGreaterThan(0);
  });
});
