import { okAsync } from "neverthrow";
import { type Budget, measureThroughputAsync, measureThroughputSync, type Throughput } from "./measure.js";
import { type BootAnswer, type BootRequest, bootRequests } from "./ours.js";
import { cycle } from "./peer-run.js";
import { createCaslPeer } from "./peers/casl.js";
import type { BootQuestion, BootQuestionSets } from "./questions.js";
import { mixedRate } from "./report.js";
import type { BootThroughput } from "./scale.js";
import { accountId, imageId, type World } from "./world.js";

// Ours ÷ a cached CASL ability on the boot questions, measured side by side: each round times
// ours and CASL on the three question sets back to back, the order swapped every round, and the
// answer is the median of the rounds' mixed ratios. The per-peer tables time each implementation
// once, at different moments of the run; on a shared VM those moments differ by more than the
// implementations do, so this is the ratio the goal is judged on.
//
// Each round also times CASL behind the same contract as ours: its answer handed over in a
// `ResultAsync` the loop awaits, as a host that put CASL behind an async, never-throwing service
// boundary would. Awaiting a `ResultAsync` alone costs more than half a CASL check, so this second
// ratio shows what our library costs apart from the shape of the contract.

/** The rounds' ratios (ours ÷ the other side, mixed questions) and their median. */
export type SideBySide = { readonly ratios: readonly number[]; readonly median: number };

/** Ours ÷ CASL called synchronously, and ours ÷ CASL answering through a `ResultAsync`. */
export type VersusCasl = SideBySide & { readonly behindContract: SideBySide };

const BUDGET: Budget = { minOps: 2_000, maxOps: 200_000, maxMs: 300, warmupOps: 2_000 };
const SETS = ["acceptedShare", "ownImage", "denied"] as const;
type Side = "ours" | "casl" | "caslBehindContract";
const SIDES: readonly Side[] = ["ours", "casl", "caslBehindContract"];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
};

/** Measures `call` (our boot check) against CASL, both ways, over `rounds` rounds; CASL's answers are checked first. */
export async function bootVersusCasl(
  world: World,
  sets: BootQuestionSets,
  call: (request: BootRequest) => BootAnswer,
  rounds: number,
): Promise<VersusCasl> {
  const casl = createCaslPeer(world);
  const groups = SETS.map((name) => {
    const questions: readonly BootQuestion[] = sets[name];
    const args = questions.map((q) => [accountId(q.account), imageId(q.image), q.region] as const);
    casl.warm(args.map(([account]) => account));
    questions.forEach((q, k) => {
      const [account, id, region] = cycle(args, k);
      if (casl.mayBoot(account, id, region) !== q.allowed) throw new Error(`CASL disagrees with the world on ${id}`);
    });
    return { requests: bootRequests(questions), args };
  });
  const bySet = ([acceptedShare, ownImage, denied]: Throughput[]): BootThroughput => {
    if (acceptedShare === undefined || ownImage === undefined || denied === undefined) throw new Error("no questions");
    return { acceptedShare, ownImage, denied };
  };
  type Group = (typeof groups)[number];
  const caslAnswer = (group: Group, k: number): boolean => {
    const [account, id, region] = cycle(group.args, k);
    return casl.mayBoot(account, id, region);
  };
  const awaitedRates = async (run: (group: Group, k: number) => unknown): Promise<BootThroughput> => {
    const rates: Throughput[] = [];
    for (const group of groups) rates.push(await measureThroughputAsync((k) => run(group, k), BUDGET));
    return bySet(rates);
  };
  const measure: Record<Side, () => Promise<BootThroughput>> = {
    ours: () => awaitedRates((group, k) => call(cycle(group.requests, k))),
    casl: async () => bySet(groups.map((group) => measureThroughputSync((k) => caslAnswer(group, k), BUDGET))),
    caslBehindContract: () => awaitedRates((group, k) => okAsync(caslAnswer(group, k))),
  };
  const ratios: number[] = [];
  const behindContract: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const rate: Record<Side, number> = { ours: Number.NaN, casl: Number.NaN, caslBehindContract: Number.NaN };
    // Each side goes first, second and last in turn.
    for (let turn = 0; turn < SIDES.length; turn += 1) {
      const side = SIDES[(round + turn) % SIDES.length] ?? "ours";
      rate[side] = mixedRate(await measure[side]());
    }
    ratios.push(rate.ours / rate.casl);
    behindContract.push(rate.ours / rate.caslBehindContract);
  }
  return { ratios, median: median(ratios), behindContract: { ratios: behindContract, median: median(behindContract) } };
}
