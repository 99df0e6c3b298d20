import fc from "fast-check";
import { describe, it } from "vitest";
import { checkRace } from "./race-check.js";
import { CONSUMERS, type RaceOp, raceArb } from "./race-ops.js";

// fast-check's scheduler decides the order in which the store calls of concurrent operations on
// one image run (every store call is a scheduling point). Each property run is one interleaving.
// FC_NUM_RUNS overrides the number of interleavings per property.
const numRuns = process.env.FC_NUM_RUNS === undefined ? 300 : Number(process.env.FC_NUM_RUNS);
const consumer = fc.constantFrom(...CONSUMERS);

describe("races on one image (R16)", () => {
  it("R16, R14: concurrent shares, unshares, accepts, rejects, renames and deletes end as some serial order of those that succeeded, with one event per change", async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), raceArb(), (s, race) => checkRace(s, race)),
      { numRuns },
    );
  });

  it("R11: concurrent shares and unshares never take an image past its member quota", async () => {
    const sharing: fc.Arbitrary<RaceOp> = fc.record({ kind: fc.constantFrom("share" as const, "share" as const, "unshare" as const), consumer });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), raceArb(sharing), (s, race) => checkRace(s, race)),
      { numRuns },
    );
  });

  it("R13: a delete racing shares, accepts and rejects leaves no member behind and every consumer loses the image", async () => {
    const aroundDelete: fc.Arbitrary<RaceOp> = fc.oneof(
      fc.constant({ kind: "delete" as const }),
      fc.record({ kind: fc.constantFrom("share" as const, "accept" as const, "reject" as const), consumer }),
    );
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), raceArb(aroundDelete), (s, race) => checkRace(s, race)),
      { numRuns },
    );
  });
});
