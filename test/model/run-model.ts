import type { ImageSharingStore } from "cloud-image-sharing";
import fc from "fast-check";
import { runOp } from "../support/execute.js";
import { type Fault, faultArb } from "../support/faulty-store.js";
import { assertSameState } from "../support/observe.js";
import { describeOp, type Op, opArbitraries } from "../support/ops.js";
import { forkModel } from "../support/oracle/model.js";
import { adoptState, cloneState } from "../support/oracle/state.js";
import { beginStep, createWorld, type World } from "../support/world.js";

/** Options of {@link checkServiceAgainstModel}. */
export type ModelCheckOptions = {
  /** A fresh store whose account directory holds exactly `accounts`; called once per command sequence (default: in-memory). */
  makeStore?: (accounts: string[]) => Promise<ImageSharingStore>;
  /** How many command sequences to run. */
  numRuns: number;
  /** fast-check seed; default: the global one (fixed in test/setup/fast-check.ts). */
  seed?: number;
  /** Most commands per sequence (default 40). */
  maxCommands?: number;
  /** Put a faulty store between service and store: some commands meet a throw, rejection, garbage or hang (R15). */
  faults?: boolean;
  /** Service instances over the one store, called in turn (default 1; see `WorldOptions.instances`). */
  instances?: number;
};

/** What a model check ran. */
export type ModelCheckReport = {
  sequences: number;
  commands: number;
  /** Commands whose store call failed by injection. */
  faults: number;
  /** Timed-out writes whose change the store had applied, and those it had not. */
  unknownApplied: number;
  unknownNotApplied: number;
};

/**
 * After a timed-out write the outcome is unknown (R15): the state must be the one before the
 * call or the one after it. Try "after" on a fork of the oracle; adopt it if the service shows
 * it, else the service must show "before".
 */
async function settleUnknownOutcome(
  world: World,
  apply: (model: ReturnType<typeof forkModel>) => void,
  adopt: () => void,
): Promise<boolean> {
  const fork = forkModel(world.model, cloneState);
  apply(fork);
  try {
    await assertSameState(world, fork);
  } catch {
    return false;
  }
  adoptState(world.model.state, fork.state);
  adopt();
  return true;
}

/** One op as a fast-check command: run on both sides, compare the answer, then the whole state. */
function commandOf(op: Op, fault: Fault | undefined, report: ModelCheckReport): fc.AsyncCommand<World, World> {
  return {
    check: () => true,
    run: async (world) => {
      report.commands += 1;
      beginStep(world);
      world.faults?.arm(fault);
      const step = await runOp(world, op);
      world.faults?.disarm();
      if (step.faulted) report.faults += 1;
      if (step.unknownOutcome !== undefined) {
        const applied = await settleUnknownOutcome(world, step.unknownOutcome.apply, step.unknownOutcome.adopt);
        if (applied) report.unknownApplied += 1;
        else report.unknownNotApplied += 1;
        if (applied) return;
      }
      await assertSameState(world);
    },
    toString: () => `${describeOp(op)}${fault === undefined ? "" : ` with ${fault.kind} at store call ${fault.call}`}`,
  };
}

/**
 * Model-based test of the whole service: random sequences of every public method (and clock
 * advances), by random principals (accounts known and unknown to the directory, every kind of
 * role set), checked step by step against the oracle of SPEC.md: every answer (ok value, or
 * error type with its key details) and then the whole observable state. With `faults`, store
 * calls fail at random and the service must answer the matching `StorageFailure` and leave the
 * state as before (or, for a timed-out write, as before or after). Throws with a shrunk,
 * replayable counterexample when the service and the oracle disagree.
 *
 * @example
 * await checkServiceAgainstModel({ numRuns: 100 });
 */
export async function checkServiceAgainstModel(options: ModelCheckOptions): Promise<ModelCheckReport> {
  const report: ModelCheckReport = { sequences: 0, commands: 0, faults: 0, unknownApplied: 0, unknownNotApplied: 0 };
  const faults = options.faults === true;
  const fault: fc.Arbitrary<Fault | undefined> = faults
    ? fc.option(faultArb, { nil: undefined, freq: 5 })
    : fc.constant(undefined);
  const command = fc.tuple(fc.oneof(...opArbitraries()), fault).map(([op, f]) => commandOf(op, f, report));
  const commands = fc.commands([command], { maxCommands: options.maxCommands ?? 40, size: "max" });
  await fc.assert(
    fc.asyncProperty(commands, async (sequence) => {
      const world = await createWorld({ makeStore: options.makeStore, faults, instances: options.instances });
      report.sequences += 1;
      await assertSameState(world);
      await fc.asyncModelRun(() => ({ model: world, real: world }), sequence);
    }),
    { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
  return report;
}
