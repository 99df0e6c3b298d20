import { createInMemoryStore, type InMemoryStore } from "cloud-image-sharing";
import { bootBreakdown, type Step } from "./breakdown.js";
import { liveHeapBytes } from "./heap.js";
import { loadImages, loadMemberEvents, loadMembers } from "./load.js";
import { type Budget, type Latency, measureThroughputAsync, type Throughput, timed } from "./measure.js";
import {
  type BootAnswer,
  bootCall,
  bootRequests,
  boundBootCall,
  checkBoot,
  checkLists,
  listLatencies,
  serviceOver,
  shareAcceptRoundTrip,
} from "./ours.js";
import { comparePeers, cycle, type PeerResult } from "./peer-run.js";
import { type BootQuestionSets, bootQuestions } from "./questions.js";
import { bootVersusCasl, type VersusCasl } from "./versus-casl.js";
import { accountId, buildWorld } from "./world.js";

/** Boot checks per second for each group of questions. */
export type BootThroughput = {
  readonly acceptedShare: Throughput;
  readonly ownImage: Throughput;
  readonly denied: Throughput;
};

/** Everything measured at one store size. */
export type ScaleResult = {
  readonly size: number;
  readonly world: {
    readonly accounts: number;
    readonly images: number;
    readonly members: number;
    readonly events: number;
  };
  readonly loadSeconds: {
    readonly world: number;
    readonly images: number;
    readonly members: number;
    readonly memberEvents: number;
  };
  /** Live heap growth (after full GCs) per record loaded; see load.ts for what each phase holds. */
  readonly heap: {
    readonly bytesPerImage: number;
    readonly bytesPerMember: number;
    readonly eventBytesPerMember: number;
  };
  readonly ours: {
    readonly bootThroughService: BootThroughput;
    readonly bootThroughBoundService: BootThroughput;
    readonly listImages: Record<string, Latency>;
    readonly listPendingShares: Latency;
    readonly shareAcceptRoundTrips: Throughput;
    /** Ours (`authorizeBoot`, per-call principal) ÷ a cached CASL ability, measured side by side. */
    readonly bootVersusCasl: VersusCasl;
  };
  readonly peers: PeerResult[];
  /** Where one authorizeBoot's time goes (measured at the first size only). */
  readonly bootBreakdown: Step[] | null;
};

/** Options of one size's run. */
export type ScaleOptions = {
  readonly size: number;
  readonly casbinMaxSize: number;
  readonly questions: number;
  readonly breakdown: boolean;
};

const BOOT_BUDGET: Budget = { minOps: 2_000, maxOps: 300_000, maxMs: 800, warmupOps: 3_000 };
const LIST_BUDGET: Budget = { minOps: 300, maxOps: 5_000, maxMs: 800, warmupOps: 300 };
/** Rounds of the side-by-side boot comparison with CASL (see versus-casl.ts). */
const VERSUS_CASL_ROUNDS = 6;
const ROUND_TRIP_BUDGET: Budget = { minOps: 200, maxOps: 20_000, maxMs: 800, warmupOps: 200 };

/**
 * Boot checks per second, one set of questions at a time. Every answer is checked against the
 * world first (as the peers' are); the timed loop then awaits each call's `ResultAsync` itself,
 * as a caller does, with no wrapper of the benchmark's around it (the peers' loops call theirs
 * bare too).
 */
async function bootThroughput(
  sets: BootQuestionSets,
  call: (request: ReturnType<typeof bootRequests>[number]) => BootAnswer,
): Promise<BootThroughput> {
  const run = async (questions: BootQuestionSets[keyof BootQuestionSets]): Promise<Throughput> => {
    const requests = bootRequests(questions);
    for (const request of requests) await checkBoot(call, request);
    return measureThroughputAsync((k) => call(cycle(requests, k)), BOOT_BUDGET);
  };
  return {
    acceptedShare: await run(sets.acceptedShare),
    ownImage: await run(sets.ownImage),
    denied: await run(sets.denied),
  };
}

/** Builds the world of `size` images, loads it, and measures our store and the peers on it. */
export async function runScale(options: ScaleOptions, log: (line: string) => void): Promise<ScaleResult> {
  const { size } = options;
  const built = await timed(() => buildWorld(size));
  const world = built.value;
  log(
    `size ${size}: world built (${world.accounts} accounts, ${world.members} members) in ${built.seconds.toFixed(1)} s`,
  );
  const store: InMemoryStore = createInMemoryStore({
    accounts: Array.from({ length: world.accounts }, (_, a) => ({ id: accountId(a) })),
  });
  const heapBefore = liveHeapBytes();
  const images = await timed(() => loadImages(store, world));
  const heapImages = liveHeapBytes();
  const members = await timed(() => loadMembers(store, world));
  const heapMembers = liveHeapBytes();
  const memberEvents = await timed(() => loadMemberEvents(store, world));
  const heapEvents = liveHeapBytes();
  log(`size ${size}: loaded in ${(images.seconds + members.seconds + memberEvents.seconds).toFixed(1)} s`);

  const sharing = serviceOver(store);
  const sets = bootQuestions(world, options.questions);
  await checkLists(sharing, world);
  const ours = {
    bootThroughService: await bootThroughput(sets, bootCall(sharing)),
    bootThroughBoundService: await bootThroughput(sets, boundBootCall(sharing)),
    ...(await listLatencies(sharing, LIST_BUDGET)),
    shareAcceptRoundTrips: await measureThroughputAsync(shareAcceptRoundTrip(sharing, store, world), ROUND_TRIP_BUDGET),
    bootVersusCasl: await bootVersusCasl(world, sets, bootCall(sharing), VERSUS_CASL_ROUNDS),
  };
  const breakdown = options.breakdown ? await bootBreakdown(sharing, store, bootRequests(sets.acceptedShare)) : null;
  log(`size ${size}: ours measured`);
  const peers = await comparePeers(world, sets, options, log);
  const eventCount = world.images + world.members + world.memberStatus.filter((status) => status !== 0).length;
  return {
    size,
    world: { accounts: world.accounts, images: world.images, members: world.members, events: eventCount },
    loadSeconds: {
      world: built.seconds,
      images: images.seconds,
      members: members.seconds,
      memberEvents: memberEvents.seconds,
    },
    heap: {
      bytesPerImage: (heapImages - heapBefore) / world.images,
      bytesPerMember: (heapMembers - heapImages) / world.members,
      eventBytesPerMember: (heapEvents - heapMembers) / world.members,
    },
    ours,
    peers,
    bootBreakdown: breakdown,
  };
}
