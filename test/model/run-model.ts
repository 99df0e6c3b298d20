import type { ImageSharingStore } from "cloud-image-sharing";
import fc from "fast-check";
import { runOp } from "./execute.js";
import { assertSameState } from "./observe.js";
import { describeOp, type Op, opArbitraries } from "./operations.js";
import { createWorld, tick, type World } from "./world.js";

/** Options of {@link checkServiceAgainstModel}. */
export type ModelCheckOptions = {
  /** A fresh store whose account directory holds exactly `accounts`; called once per command sequence. */
  makeStore: (accounts: string[]) => Promise<ImageSharingStore>;
  /** How many command sequences to run. */
  numRuns: number;
  /** fast-check seed; default: the global one (fixed in test/setup/fast-check.ts). */
  seed?: number;
  /** Most commands per sequence (default 40). */
  maxCommands?: number;
};

/** What a model check ran. */
export type ModelCheckReport = { sequences: number; commands: number };

/** One op as a fast-check command: run on both sides, compare the answer, then the whole state. */
function commandOf(op: Op, report: ModelCheckReport): fc.AsyncCommand<World, World> {
  return {
    check: () => true,
    run: async (world) => {
      report.commands += 1;
      const now = tick(world);
      await runOp(world, op, now);
      await assertSameState(world);
    },
    toString: () => describeOp(op),
  };
}

/**
 * Model-based test of the whole service: random sequences of every public method, by random
 * principals (accounts known and unknown to the directory, every kind of role set), checked
 * step by step against the reference model of SPEC.md. Throws (with a shrunk, replayable
 * counterexample) when the service and the model disagree.
 *
 * @example
 * await checkServiceAgainstModel({ makeStore: async (accounts) => createInMemoryStore({ accounts: accounts.map((id) => ({ id })) }), numRuns: 100 });
 */
export async function checkServiceAgainstModel(options: ModelCheckOptions): Promise<ModelCheckReport> {
  const report: ModelCheckReport = { sequences: 0, commands: 0 };
  const commands = fc.commands([fc.oneof(...opArbitraries).map((op) => commandOf(op, report))], {
    maxCommands: options.maxCommands ?? 40,
    size: "max",
  });
  await fc.assert(
    fc.asyncProperty(commands, async (sequence) => {
      const world = await createWorld(options.makeStore);
      report.sequences += 1;
      await assertSameState(world);
      await fc.asyncModelRun(() => ({ model: world, real: world }), sequence);
    }),
    { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
  return report;
}
