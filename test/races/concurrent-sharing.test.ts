import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRace, runRace } from "./race-check.js";
import { CONSUMERS, type InitialStatus, policyOpArb, type RaceOp, raceArb } from "./race-ops.js";

// fast-check's scheduler decides the order in which the store calls of concurrent operations on
// one image run (every store call is a scheduling point). Each property run is one interleaving.
// FC_NUM_RUNS overrides the number of interleavings per property.
const numRuns = process.env.FC_NUM_RUNS === undefined ? 250 : Number(process.env.FC_NUM_RUNS);
const consumer = fc.constantFrom(...CONSUMERS);
const [FIRST] = CONSUMERS;

describe("races on one image (R16)", () => {
  it("R16, R14: concurrent shares, unshares, accepts, rejects, renames and deletes end as some serial order of those that succeeded, with one event per change", async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), raceArb(), (s, race) => checkRace(s, race)),
      { numRuns },
    );
  });

  it("R11: concurrent shares and unshares never take an image past its member quota", async () => {
    const sharing: fc.Arbitrary<RaceOp> = fc.record({
      kind: fc.constantFrom("share" as const, "share" as const, "unshare" as const),
      consumer,
    });
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

  it("R17, R16: a policy change racing a share is seen before or after, never half: the end state (member status, events, policy) is some serial order", async () => {
    const share = fc.record({ kind: fc.constant("share" as const), consumer });
    const around = fc.oneof(
      policyOpArb,
      fc.record({ kind: fc.constantFrom("share" as const, "unshare" as const, "accept" as const), consumer }),
    );
    const race = fc
      .tuple(raceArb(around, { min: 0, max: 2 }), policyOpArb, share)
      .map(([base, policy, sharing]) => ({ initial: base.initial, ops: [policy, sharing, ...base.ops] }));
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), race, (s, r) => checkRace(s, r)),
      { numRuns },
    );
  });

  it("R16, R5, R11: an image deleted and re-created under the same id (a host's newId repeating it) inherits nothing decided on the old one; the quota holds", async () => {
    // The old image has at most one member (the first consumer); the re-created one gets the other two (the quota).
    const onOld = fc.record({
      kind: fc.constantFrom("accept" as const, "reject" as const, "share" as const, "unshare" as const),
      consumer: fc.constant(FIRST),
    });
    const race = fc
      .tuple(
        fc.constantFrom<InitialStatus>("none", "pending", "accepted", "rejected"),
        fc.array(onOld, { minLength: 1, maxLength: 3 }),
      )
      .map(([status, ops]) => ({
        initial: [status, "none", "none"] as InitialStatus[],
        ops: [{ kind: "recreate" as const }, ...ops],
      }));
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), race, (s, r) => checkRace(s, r)),
      { numRuns },
    );
  });
});

describe("revocation makes progress under contention (R16)", () => {
  const MAX_ATTEMPTS = 4;
  // A stream of competing writes on the image: renames to distinct names (each one a real change)
  // and decisions by the other consumers.
  const competing = (n: number): RaceOp[] =>
    Array.from(
      { length: n },
      (_, i): RaceOp =>
        i % 3 === 2 ? { kind: "reject", consumer: CONSUMERS[1] } : { kind: "rename", name: `name-${i}` },
    );
  const revocation = fc.constantFrom<RaceOp>({ kind: "unshare", consumer: FIRST }, { kind: "delete" });

  it("R16: every lost race of an unshare or delete is another write's win: it fails (ConcurrentModification) only if at least maxAttempts competing commits landed during it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), revocation, fc.integer({ min: 1, max: 8 }), async (s, revoke, n) => {
        const race = { initial: ["accepted", "pending", "none"] as InitialStatus[], ops: [revoke, ...competing(n)] };
        const { outcomes, scheduled } = await runRace(s, race, { maxAttempts: MAX_ATTEMPTS });
        const revoker = "op-0.0";
        const lost = scheduled.commits.filter((c) => c.actor === revoker && !c.ok).length;
        // All ops start at once, so the revocation's window is the log up to its last commit.
        const end = scheduled.commits.map((c) => c.actor).lastIndexOf(revoker);
        const othersWon = scheduled.commits.slice(0, end + 1).filter((c) => c.actor !== revoker && c.ok).length;
        // Each lost attempt read a version some other commit replaced before its own commit: a distinct win.
        expect(othersWon).toBeGreaterThanOrEqual(lost);
        const answer = outcomes[0]?.[0];
        if (answer?.ok === false) {
          expect(answer.type).toBe("ConcurrentModification");
          expect(lost).toBe(MAX_ATTEMPTS);
        }
        // Fewer competing writes than attempts: the revocation cannot be starved, whatever the interleaving.
        if (n < MAX_ATTEMPTS) expect(answer).toEqual({ ok: true, value: undefined });
      }),
      { numRuns },
    );
  });
});
