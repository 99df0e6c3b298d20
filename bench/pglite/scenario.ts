import { isDeepStrictEqual } from "node:util";
import type { Result } from "neverthrow";
import type { ImageSharing, ImageSharingStore } from "../../src/index.js";
import type { SqlQueryable } from "../../src/postgres/index.js";
import { type Budget, measureThroughputAsync, type Throughput } from "../measure.js";
import { type BootRequest, bootRequests, bootThroughService } from "../ours.js";
import { cycle } from "../peer-run.js";
import { createPrng } from "../prng.js";
import { type BootQuestionSets, LIST_SELECTORS } from "../questions.js";
import { accountId, at, imageAt, imageId, memberAt, readerOf, SUBJECT, type World } from "../world.js";

// What is timed on PGlite, and the checks that must pass first: the same questions as the
// in-memory benchmark (bench/scale.ts), asked through the service over the Postgres store.

/** Boot checks per second, per group of questions. */
export type BootRates = { readonly acceptedShare: Throughput; readonly ownImage: Throughput; readonly denied: Throughput };

// Each statement is a round trip into PGlite's WASM engine (a few hundred microseconds for a
// primary-key look-up here), so far fewer calls fit than in the in-memory bench: longer budgets.
const BOOT_BUDGET: Budget = { minOps: 500, maxOps: 100_000, maxMs: 3_000, warmupOps: 500 };
export const LIST_BUDGET: Budget = { minOps: 200, maxOps: 5_000, maxMs: 2_000, warmupOps: 100 };

/**
 * The loaded rows are the world's: `sample` random images and members read back through the
 * store equal `imageAt` / `memberAt` field for field (ids, timestamps, sizes, statuses).
 */
export async function checkLoadedRows(store: ImageSharingStore, world: World, sample: number): Promise<void> {
  const random = createPrng(11);
  for (let k = 0; k < sample; k += 1) {
    const i = random.below(world.images);
    const image = await store.getImage(imageId(i));
    if (image.isErr() || !isDeepStrictEqual(image.value?.image, imageAt(world, i))) throw new Error(`image ${i} was not loaded as the world has it`);
    const j = random.below(world.members);
    const sharedImage = imageId(at(world.memberImage, j));
    const member = await store.getMember(sharedImage, accountId(at(world.memberConsumer, j)));
    if (member.isErr() || !isDeepStrictEqual(member.value, memberAt(world, j, { id: sharedImage })))
      throw new Error(`member ${j} was not loaded as the world has it`);
  }
}

/** Checks every question's answer once, then times each group. */
export async function bootRates(sharing: ImageSharing, sets: BootQuestionSets): Promise<BootRates> {
  const run = async (requests: readonly BootRequest[]): Promise<Throughput> => {
    for (const request of requests) await bootThroughService(sharing, request);
    return measureThroughputAsync((k) => bootThroughService(sharing, cycle(requests, k)), BOOT_BUDGET);
  };
  return {
    acceptedShare: await run(bootRequests(sets.acceptedShare)),
    ownImage: await run(bootRequests(sets.ownImage)),
    denied: await run(bootRequests(sets.denied)),
  };
}

/**
 * Diagnostic: one primary-key look-up straight on the client (the boot check's first
 * statement, no store, no service), per second. An authorizeBoot sends two such statements, so
 * this bounds what the service can reach on PGlite.
 */
export async function roundTripRate(db: SqlQueryable, world: World): Promise<Throughput> {
  const ids = Array.from({ length: 1_000 }, (_, k) => imageId((k * 7919) % world.images));
  const lookUp = async (k: number) => {
    const { rows } = await db.query(
      "SELECT id, owner_account_id, name, region, size_bytes, created_at, updated_at, version FROM images WHERE id = $1",
      [cycle(ids, k)],
    );
    if (rows.length !== 1) throw new Error(`image ${cycle(ids, k)} is missing`);
  };
  return measureThroughputAsync(lookUp, BOOT_BUDGET);
}

/** The value of a result the benchmark needs to be ok (it has checked the answers already). */
function okOrThrow<T>(result: Result<T, { message: string }>): T {
  if (result.isErr()) throw new Error(result.error.message);
  return result.value;
}

/** The calls whose statements are EXPLAINed: each timed call, with the subject or a question of each kind. */
export function probeCalls(sharing: ImageSharing, sets: BootQuestionSets): { readonly name: string; readonly call: () => Promise<unknown> }[] {
  const subject = readerOf(SUBJECT);
  const boot = (name: string, questions: BootQuestionSets[keyof BootQuestionSets], index: number) => {
    const request = bootRequests(questions)[index];
    if (request === undefined) throw new RangeError(`no question ${index} for ${name}`);
    return { name: `authorizeBoot, ${name}`, call: () => bootThroughService(sharing, request) };
  };
  return [
    ...LIST_SELECTORS.map((region) => ({
      name: `listImages(${region}, limit 100)`,
      call: async () => okOrThrow(await sharing.listImages(subject, { region, limit: 100 })),
    })),
    { name: "listPendingShares(global)", call: async () => okOrThrow(await sharing.listPendingShares(subject, { region: "global" })) },
    boot("accepted share", sets.acceptedShare, 0),
    boot("own image", sets.ownImage, 0),
    // The denied questions cycle through: pending share, rejected share, stranger, wrong region.
    boot("denied: pending share", sets.denied, 0),
    boot("denied: rejected share", sets.denied, 1),
    boot("denied: no member", sets.denied, 2),
    boot("denied: wrong region", sets.denied, 3),
  ];
}
