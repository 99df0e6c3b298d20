import { type Budget, type Latency, measureLatency, measureThroughputSync, type Throughput, timed } from "./measure.js";
import { createCasbinPeer } from "./peers/casbin.js";
import { createCaslPeer } from "./peers/casl.js";
import { createNaivePeer } from "./peers/naive.js";
import type { Peer } from "./peers/peer.js";
import { type BootQuestion, type BootQuestionSets, expectedVisible, LIST_SELECTORS } from "./questions.js";
import { accountId, imageId, SUBJECT, type World } from "./world.js";

/** What one peer measured at one size (or why it was skipped). */
export type PeerResult = {
  readonly name: string;
  readonly buildSeconds: number;
  readonly skipped?: string;
  /** Questions whose answers were checked against the world before timing. */
  readonly checked: number;
  readonly boot?: { readonly acceptedShare: Throughput; readonly ownImage: Throughput; readonly denied: Throughput };
  readonly listImages?: Record<string, Latency>;
};

type BootArgs = readonly [string, string, string];

/** The i-th element of a non-empty list, cycling. */
export function cycle<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length];
  if (item === undefined) throw new RangeError("cycle over an empty list");
  return item;
}

/** A fast peer gets a JIT warm-up; a peer that scans the whole store gets a handful of calls. */
function budgets(slow: boolean): { boot: Budget; list: Budget; checks: number } {
  return slow
    ? {
        boot: { minOps: 3, maxOps: 1_000_000, maxMs: 700, warmupOps: 1 },
        list: { minOps: 3, maxOps: 200, maxMs: 700, warmupOps: 1 },
        checks: 8,
      }
    : {
        boot: { minOps: 2_000, maxOps: 5_000_000, maxMs: 700, warmupOps: 5_000 },
        list: { minOps: 5, maxOps: 2_000, maxMs: 700, warmupOps: 3 },
        checks: 1_000,
      };
}

async function measurePeer(
  peer: Peer,
  world: World,
  sets: BootQuestionSets,
  slow: boolean,
): Promise<Omit<PeerResult, "name" | "buildSeconds">> {
  const budget = budgets(slow);
  const argsOf = (questions: readonly BootQuestion[]): { args: BootArgs[]; allowed: boolean[] } => ({
    args: questions.map((q): BootArgs => [accountId(q.account), imageId(q.image), q.region]),
    allowed: questions.map((q) => q.allowed),
  });
  let checked = 0;
  const boot = (questions: readonly BootQuestion[]): Throughput => {
    const { args, allowed } = argsOf(questions);
    for (let k = 0; k < Math.min(budget.checks, args.length); k += 1, checked += 1) {
      if (peer.mayBoot(...cycle(args, k)) !== allowed[k])
        throw new Error(`${peer.name} disagrees with the world on ${cycle(args, k).join(" ")}`);
    }
    return measureThroughputSync((k) => peer.mayBoot(...cycle(args, k)), budget.boot);
  };
  const results = { acceptedShare: boot(sets.acceptedShare), ownImage: boot(sets.ownImage), denied: boot(sets.denied) };
  const listImages: Record<string, Latency> = {};
  for (const selector of LIST_SELECTORS) {
    const expected = expectedVisible(world, SUBJECT, selector, 100).map(imageId).join();
    if ((await peer.visibleImageIds(accountId(SUBJECT), selector, 100)).join() !== expected)
      throw new Error(`${peer.name} lists other images`);
    checked += 1;
    listImages[selector] = await measureLatency(
      () => peer.visibleImageIds(accountId(SUBJECT), selector, 100),
      budget.list,
    );
  }
  return { checked, boot: results, listImages };
}

/**
 * The peers on the same world and questions: a naive linear scan, CASL and casbin. casbin
 * evaluates its matcher on every policy per check, so above `casbinMaxSize` it is skipped
 * (a single check would take seconds) and the report says so.
 */
export async function comparePeers(
  world: World,
  sets: BootQuestionSets,
  options: { readonly size: number; readonly casbinMaxSize: number },
  log: (line: string) => void,
): Promise<PeerResult[]> {
  const results: PeerResult[] = [];
  const naive = await timed(() => createNaivePeer(world));
  results.push({
    name: naive.value.name,
    buildSeconds: naive.seconds,
    ...(await measurePeer(naive.value, world, sets, world.images > 100_000)),
  });
  log(`size ${options.size}: naive measured`);
  const casl = await timed(() => {
    const peer = createCaslPeer(world);
    const accounts = [
      SUBJECT,
      ...Object.values(sets).flatMap((questions: readonly BootQuestion[]) => questions.map((q) => q.account)),
    ];
    peer.warm(accounts.map(accountId));
    return peer;
  });
  results.push({
    name: casl.value.name,
    buildSeconds: casl.seconds,
    ...(await measurePeer(casl.value, world, sets, false)),
  });
  log(`size ${options.size}: casl measured`);
  if (options.size > options.casbinMaxSize) {
    results.push({
      name: "casbin 5 (RBAC with domains)",
      buildSeconds: 0,
      checked: 0,
      skipped: `not run above ${options.casbinMaxSize} images (BENCH_CASBIN_MAX)`,
    });
    return results;
  }
  const casbin = await timed(() => createCasbinPeer(world));
  results.push({
    name: casbin.value.name,
    buildSeconds: casbin.seconds,
    ...(await measurePeer(casbin.value, world, sets, true)),
  });
  log(`size ${options.size}: casbin measured (${casbin.value.policies} policies)`);
  return results;
}
