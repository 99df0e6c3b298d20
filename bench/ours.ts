import {
  type BoundImageSharing,
  createImageSharing,
  type ImageSharing,
  type InMemoryStore,
  type Principal,
} from "cloud-image-sharing";
import { type Budget, type Latency, measureLatency } from "./measure.js";
import { type BootQuestion, expectedVisible, LIST_SELECTORS } from "./questions.js";
import { accountId, at, imageId, REGIONS, readerOf, SUBJECT, SUBJECT_SHAPE, type World } from "./world.js";

/** A boot question as the service receives it: a principal and an input, built before timing. */
export type BootRequest = {
  readonly principal: Principal;
  readonly input: { imageId: string; region: string };
  readonly allowed: boolean;
};

/** Turns questions into requests (each with its own principal object, as each request would bring). */
export function bootRequests(questions: readonly BootQuestion[]): BootRequest[] {
  return questions.map((q) => ({
    principal: readerOf(q.account),
    input: { imageId: imageId(q.image), region: q.region },
    allowed: q.allowed,
  }));
}

/** The service over a store that already holds the world (default catalog, default quota). */
export function serviceOver(store: InMemoryStore): ImageSharing {
  return createImageSharing({ store, regions: [...REGIONS] });
}

/** A boot call's answer: the `ResultAsync` every call of the service returns. */
export type BootAnswer = ReturnType<ImageSharing["authorizeBoot"]>;

/** One boot check through the public API (validation included), answering its `ResultAsync` as it is. */
export function bootCall(sharing: ImageSharing): (request: BootRequest) => BootAnswer {
  return (request) => sharing.authorizeBoot(request.principal, request.input);
}

/**
 * One boot check through the bound API (`sharing.as(principal)`, the principal validated once,
 * as a server would per request or per session), the input still validated on every call.
 */
export function boundBootCall(sharing: ImageSharing): (request: BootRequest) => BootAnswer {
  const bound = new Map<string, BoundImageSharing>();
  return (request) => {
    let forPrincipal = bound.get(request.principal.accountId);
    if (forPrincipal === undefined) {
      forPrincipal = sharing.as(request.principal);
      bound.set(request.principal.accountId, forPrincipal);
    }
    return forPrincipal.authorizeBoot(request.input);
  };
}

/** Awaits `call`'s answer to `request`; throws if it disagrees with the world. */
export async function checkBoot(call: (request: BootRequest) => BootAnswer, request: BootRequest): Promise<void> {
  if ((await call(request)).isOk() !== request.allowed)
    throw new Error(`authorizeBoot disagrees with the world on ${JSON.stringify(request.input)}`);
}

/**
 * A producer shares the next image (spread over the world) with a fresh consumer account, whose
 * admin accepts it: two writes through the service, each validated, decided and committed with
 * its event. Every call uses a new (image, consumer) pair, so no call hits `AlreadyShared`.
 */
export function shareAcceptRoundTrip(sharing: ImageSharing, store: InMemoryStore, world: World): () => Promise<void> {
  const consumers: Principal[] = [];
  const consumerFor = (round: number): Principal => {
    let principal = consumers[round];
    if (principal === undefined) {
      principal = { userId: `rt-admin-${round}`, accountId: `rt-consumer-${round}`, roles: ["cloudImages:admin"] };
      store.addAccounts([{ id: principal.accountId }]);
      consumers[round] = principal;
    }
    return principal;
  };
  let calls = 0;
  return async () => {
    const n = calls;
    calls += 1;
    // A stride coprime with the image count visits every image once before reusing a consumer.
    const image = (n * 7919) % world.images;
    const owner = at(world.imageOwner, image);
    const producer: Principal = { userId: `admin-${owner}`, accountId: accountId(owner), roles: ["cloudImages:admin"] };
    const consumer = consumerFor(Math.floor(n / world.images));
    const shared = await sharing.shareImage(producer, {
      imageId: imageId(image),
      consumerAccountId: consumer.accountId,
    });
    if (shared.isErr()) throw new Error(`shareImage failed: ${shared.error.message}`);
    const accepted = await sharing.acceptImage(consumer, { imageId: imageId(image) });
    if (accepted.isErr()) throw new Error(`acceptImage failed: ${accepted.error.message}`);
  };
}

/** List latencies of the subject account. */
export type ListLatencies = { readonly listImages: Record<string, Latency>; readonly listPendingShares: Latency };

/** The subject's lists agree with the world: 100 visible images globally, its IAD ones, its pending shares. */
export async function checkLists(sharing: ImageSharing, world: World): Promise<void> {
  const subject = readerOf(SUBJECT);
  for (const region of LIST_SELECTORS) {
    const page = await sharing.listImages(subject, { region, limit: 100 });
    const got = page.isOk() ? page.value.items.map((image) => image.id).join() : page.error.message;
    if (got !== expectedVisible(world, SUBJECT, region, 100).map(imageId).join())
      throw new Error(`listImages(${region}) disagrees with the world`);
  }
  const pending = await sharing.listPendingShares(subject, { region: "global" });
  if (!pending.isOk() || pending.value.items.length !== SUBJECT_SHAPE.pending)
    throw new Error("listPendingShares disagrees with the world");
}

/** Median and p99 of the subject's lists (first page of 100; pending shares, all regions), within `budget`. */
export async function listLatencies(sharing: ImageSharing, budget: Budget): Promise<ListLatencies> {
  const subject = readerOf(SUBJECT);
  const listImages: Record<string, Latency> = {};
  for (const region of LIST_SELECTORS)
    listImages[region] = await measureLatency(() => sharing.listImages(subject, { region, limit: 100 }), budget);
  const listPendingShares = await measureLatency(
    () => sharing.listPendingShares(subject, { region: "global" }),
    budget,
  );
  return { listImages, listPendingShares };
}
