import { ok, ResultAsync } from "neverthrow";
import { quickBootInput, quickPrincipal } from "../src/domain/quick-parse.js";
import { AuthorizeBootInputSchema, type ImageSharing, type InMemoryStore, PrincipalSchema } from "../src/index.js";
import { decideBoot } from "../src/policy/index.js";
import { type Budget, measureThroughputAsync, measureThroughputSync, type Throughput } from "./measure.js";
import type { BootRequest } from "./ours.js";
import { bootCall, boundBootCall } from "./ours.js";
import { cycle } from "./peer-run.js";

// Where the time of one authorizeBoot goes: each step of the service's path timed on its own,
// on the same requests (accepted shares). The steps overlap (the whole call contains them all),
// so they explain the total, they do not add up to it exactly.

/** One step: CPU nanoseconds per call. */
export type Step = { readonly step: string; readonly nanosPerCall: number; readonly wallNanosPerCall: number };

const BUDGET: Budget = { minOps: 20_000, maxOps: 2_000_000, maxMs: 500, warmupOps: 20_000 };
const perCall = (step: string, t: Throughput): Step => ({
  step,
  nanosPerCall: 1e9 / t.cpuOpsPerSecond,
  wallNanosPerCall: 1e9 / t.opsPerSecond,
});

/** Times the steps of the boot path one by one. */
export async function bootBreakdown(
  sharing: ImageSharing,
  store: InMemoryStore,
  requests: readonly BootRequest[],
): Promise<Step[]> {
  const resolved = Promise.resolve(1);
  const answered = ok(1);
  const call = bootCall(sharing);
  const bound = boundBootCall(sharing);
  const facts = requests.map(({ principal, input }) => {
    const read = store.readImageFacts({ imageId: input.imageId, accountId: principal.accountId });
    const stored = read.isOk() ? read.value : { image: null, member: null };
    return {
      principal,
      imageId: input.imageId,
      image: stored.image?.image ?? null,
      ownMember: stored.member,
      now: "1970-01-01T00:00:00.000Z",
      requestedRegion: input.region,
    };
  });
  return [
    perCall(
      "authorizeBoot, whole call (await included)",
      await measureThroughputAsync((k) => call(cycle(requests, k)), BUDGET),
    ),
    perCall(
      "as(principal).authorizeBoot, whole call (await included)",
      await measureThroughputAsync((k) => bound(cycle(requests, k)), BUDGET),
    ),
    perCall(
      "baseline: await of a resolved native promise",
      await measureThroughputAsync(async () => {
        await resolved;
      }, BUDGET),
    ),
    perCall(
      "the contract's floor: a ResultAsync of a Result in hand, made and awaited",
      await measureThroughputAsync(() => new ResultAsync(Promise.resolve(answered)), BUDGET),
    ),
    perCall(
      "quick input check (the path valid inputs take)",
      measureThroughputSync((k) => quickBootInput(cycle(requests, k).input) !== undefined, BUDGET),
    ),
    perCall(
      "quick principal check (the path valid principals take)",
      measureThroughputSync((k) => quickPrincipal(cycle(requests, k).principal) !== undefined, BUDGET),
    ),
    perCall(
      "zod: PrincipalSchema.safeParse (the path invalid ones take)",
      measureThroughputSync((k) => PrincipalSchema.safeParse(cycle(requests, k).principal).success, BUDGET),
    ),
    perCall(
      "zod: AuthorizeBootInputSchema.safeParse",
      measureThroughputSync((k) => AuthorizeBootInputSchema.safeParse(cycle(requests, k).input).success, BUDGET),
    ),
    perCall(
      "store: readImageFacts (answered synchronously)",
      measureThroughputSync((k) => {
        const { principal, input } = cycle(requests, k);
        return store.readImageFacts({ imageId: input.imageId, accountId: principal.accountId }).isOk();
      }, BUDGET),
    ),
    perCall(
      "policy: decideBoot on loaded facts (sync)",
      measureThroughputSync((k) => decideBoot(cycle(facts, k)).isOk(), BUDGET),
    ),
  ];
}
