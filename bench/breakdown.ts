import { err, ok, ResultAsync } from "neverthrow";
import { AuthorizeBootInputSchema, checkRegionKnown, decideBoot, type ImageSharing, type InMemoryStore, PrincipalSchema } from "../src/index.js";
import { operation } from "../src/service/pipeline.js";
import { type Budget, measureThroughputAsync, measureThroughputSync, type Throughput } from "./measure.js";
import type { BootRequest } from "./ours.js";
import { bootThroughService } from "./ours.js";
import { cycle } from "./peer-run.js";
import { REGIONS } from "./world.js";

// Where the time of one authorizeBoot goes: each step of the service's path timed on its own,
// on the same requests (accepted shares). The steps overlap (the whole call contains them all),
// so they explain the total, they do not add up to it exactly.

/** One step: CPU nanoseconds per call. */
export type Step = { readonly step: string; readonly nanosPerCall: number; readonly wallNanosPerCall: number };

const BUDGET: Budget = { minOps: 20_000, maxOps: 2_000_000, maxMs: 500, warmupOps: 20_000 };
const perCall = (step: string, t: Throughput): Step => ({ step, nanosPerCall: 1e9 / t.cpuOpsPerSecond, wallNanosPerCall: 1e9 / t.opsPerSecond });

/**
 * A lower bound for the boot path, built from the same public pieces: authorizeBoot's body with
 * the two reads inlined. The gap to the whole call is what `loadAccess` and the service add.
 * (An earlier profile of this kind showed `ResultAsync.combine(...).map(...)` in loadAccess
 * costing more than the reads themselves; loadAccess now awaits each read.)
 */
function inlinedBoot(store: InMemoryStore) {
  const regions: ReadonlySet<string> = new Set(REGIONS);
  return operation(AuthorizeBootInputSchema, async (principal, input) => {
    const region = checkRegionKnown(input.region, regions);
    if (region.isErr()) return err(region.error);
    const imageRead = store.getImage(input.imageId);
    const memberRead = store.getMember(input.imageId, principal.accountId);
    const image = await imageRead;
    const ownMember = await memberRead;
    if (image.isErr()) return err(image.error);
    if (ownMember.isErr()) return err(ownMember.error);
    const versioned = image.value;
    return decideBoot({
      principal,
      imageId: input.imageId,
      image: versioned?.image ?? null,
      ownMember: ownMember.value,
      requestedRegion: input.region,
    });
  });
}

/** Times the steps of the boot path one by one. */
export async function bootBreakdown(sharing: ImageSharing, store: InMemoryStore, requests: readonly BootRequest[]): Promise<Step[]> {
  const emptyOperation = operation(AuthorizeBootInputSchema, async () => ok(null));
  const inlinedAuthorizeBoot = inlinedBoot(store);
  const resolved = Promise.resolve(1);
  const steps: Step[] = [];
  steps.push(
    perCall(
      "authorizeBoot, whole call (await included)",
      await measureThroughputAsync((k) => bootThroughService(sharing, cycle(requests, k)), BUDGET),
    ),
  );
  steps.push(
    perCall(
      "operation(): zod validation + guard, empty body",
      await measureThroughputAsync(async (k) => {
        const r = cycle(requests, k);
        await emptyOperation(r.principal, r.input);
      }, BUDGET),
    ),
  );
  steps.push(
    perCall(
      "baseline: await of a resolved native promise",
      await measureThroughputAsync(async () => {
        await resolved;
      }, BUDGET),
    ),
  );
  steps.push(
    perCall(
      "zod: PrincipalSchema.safeParse",
      measureThroughputSync((k) => PrincipalSchema.safeParse(cycle(requests, k).principal).success, BUDGET),
    ),
  );
  steps.push(
    perCall(
      "zod: AuthorizeBootInputSchema.safeParse",
      measureThroughputSync((k) => AuthorizeBootInputSchema.safeParse(cycle(requests, k).input).success, BUDGET),
    ),
  );
  steps.push(
    perCall(
      "store: getImage + getMember via ResultAsync.combine (loadAccess before the fix)",
      await measureThroughputAsync(async (k) => {
        const { principal, input } = cycle(requests, k);
        await ResultAsync.combine([store.getImage(input.imageId), store.getMember(input.imageId, principal.accountId)] as const);
      }, BUDGET),
    ),
  );
  steps.push(
    perCall(
      "store: getImage then getMember, each awaited (loadAccess now)",
      await measureThroughputAsync(async (k) => {
        const { principal, input } = cycle(requests, k);
        await store.getImage(input.imageId);
        await store.getMember(input.imageId, principal.accountId);
      }, BUDGET),
    ),
  );
  const facts = await Promise.all(
    requests.map(async ({ principal, input }) => {
      const image = await store.getImage(input.imageId);
      const member = await store.getMember(input.imageId, principal.accountId);
      return {
        principal,
        imageId: input.imageId,
        image: image.isOk() ? (image.value?.image ?? null) : null,
        ownMember: member.isOk() ? member.value : null,
        requestedRegion: input.region,
      };
    }),
  );
  steps.push(
    perCall(
      "policy: decideBoot on loaded facts (sync)",
      measureThroughputSync((k) => decideBoot(cycle(facts, k)).isOk(), BUDGET),
    ),
  );
  steps.push(
    perCall(
      "lower bound: authorizeBoot body with the reads inlined (no loadAccess)",
      await measureThroughputAsync(async (k) => {
        const r = cycle(requests, k);
        const result = await inlinedAuthorizeBoot(r.principal, r.input);
        if (result.isOk() !== r.allowed) throw new Error("the inlined boot path disagrees with the service");
      }, BUDGET),
    ),
  );
  return steps;
}
