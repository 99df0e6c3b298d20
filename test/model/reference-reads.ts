import {
  errResult,
  isValidId,
  isValidPrincipal,
  isWellFormedRegion,
  levelOf,
  type ModelEvent,
  type ModelImage,
  type ModelImageView,
  type ModelMember,
  type ModelPage,
  type ModelPrincipal,
  type ModelResult,
  type ModelState,
  newestFirst,
  okResult,
} from "./reference-state.js";

// The account-wide reads of the reference model: the image list (R2, R6, paging), pending shares
// (R3, R6), storage usage (R7) and the event log (R14). All need at least the observer role (R8).

/** Where a page of images starts: after this (createdAt, id), or a cursor the library never issued. */
export type ModelCursor = { createdAt: string; id: string } | "foreign";

/** The default page size (SPEC section 4). */
const DEFAULT_LIMIT = 100;

/** Helpers shared with the write side of the model. */
type ReadHelpers = {
  isValidLimit: (value: unknown) => boolean;
  viewFor: (principal: ModelPrincipal, image: ModelImage) => ModelImageView;
};

/** The reads of the reference model over `state`. */
export function referenceReads(state: ModelState, helpers: ReadHelpers) {
  const { isValidLimit, viewFor } = helpers;

  /** Validation, then `UnknownRegion`, then the observer role: the gate of every account-wide read. */
  const gateRead = (principal: ModelPrincipal, region: string, limit: unknown): ModelResult<undefined> => {
    if (!isValidPrincipal(principal) || (region !== "global" && !isWellFormedRegion(region))) return errResult({ type: "ValidationError" });
    if (limit !== undefined && !isValidLimit(limit)) return errResult({ type: "ValidationError" });
    if (region !== "global" && !state.regions.has(region)) return errResult({ type: "UnknownRegion", region });
    if (levelOf(principal) < 1) return errResult({ type: "Forbidden" });
    return okResult(undefined);
  };

  const inRegion = (selector: string, image: ModelImage) => selector === "global" || selector === image.region;

  const memberOf = (imageId: string, accountId: string): ModelMember | undefined => state.members.get(imageId)?.get(accountId);

  /** R2: own images and accepted shares, newest first, one page after `cursor`. */
  const listImages = (
    principal: ModelPrincipal,
    input: { region?: string | undefined; limit?: number | undefined; cursor?: ModelCursor | undefined },
  ): ModelResult<ModelPage<ModelImageView, { createdAt: string; id: string }>> => {
    const region = input.region ?? "global";
    if (input.cursor === "foreign") return errResult({ type: "ValidationError" });
    const gated = gateRead(principal, region, input.limit);
    if (!gated.ok) return gated;
    const limit = input.limit ?? DEFAULT_LIMIT;
    const cursor = input.cursor;
    const listed = [...state.images.values()]
      .filter((image) => image.ownerAccountId === principal.accountId || memberOf(image.id, principal.accountId)?.status === "accepted")
      .filter((image) => inRegion(region, image))
      .filter((image) => cursor === undefined || newestFirst(image, cursor) > 0)
      .sort(newestFirst);
    const items = listed.slice(0, limit).map((image) => viewFor(principal, image));
    const last = items[items.length - 1];
    return okResult({ items, next: listed.length > limit && last !== undefined ? { createdAt: last.createdAt, id: last.id } : null });
  };

  /** R3, R6: the account's pending shares in the selected region, newest image first. */
  const listPendingShares = (
    principal: ModelPrincipal,
    input: { region?: string | undefined },
  ): ModelResult<{ image: ModelImage; member: ModelMember }[]> => {
    const region = input.region ?? "global";
    const gated = gateRead(principal, region, undefined);
    if (!gated.ok) return gated;
    const shares = [...state.images.values()]
      .filter((image) => memberOf(image.id, principal.accountId)?.status === "pending" && inRegion(region, image))
      .sort(newestFirst)
      .map((image) => ({ image: { ...image }, member: { ...(memberOf(image.id, principal.accountId) as ModelMember) } }));
    return okResult(shares);
  };

  /** R7: own images only. */
  const getStorageUsage = (principal: ModelPrincipal): ModelResult<{ accountId: string; imageCount: number; bytes: number }> => {
    const gated = gateRead(principal, "global", undefined);
    if (!gated.ok) return gated;
    const own = [...state.images.values()].filter((image) => image.ownerAccountId === principal.accountId);
    return okResult({ accountId: principal.accountId, imageCount: own.length, bytes: own.reduce((sum, image) => sum + image.sizeBytes, 0) });
  };

  /** The events that concern an account: it owns the image, or it is the consumer named. */
  const eventsOf = (accountId: string): ModelEvent[] =>
    state.events.filter((event) => event.ownerAccountId === accountId || event.consumerAccountId === accountId);

  /** R14: the account's events, oldest first, after the event with id `after`. */
  const listEvents = (
    principal: ModelPrincipal,
    input: { after?: string | undefined; limit?: number | undefined },
  ): ModelResult<ModelPage<ModelEvent, string>> => {
    if (input.after !== undefined && !isValidId(input.after)) return errResult({ type: "ValidationError" });
    const gated = gateRead(principal, "global", input.limit);
    if (!gated.ok) return gated;
    const all = eventsOf(principal.accountId);
    const start = input.after === undefined ? 0 : all.findIndex((event) => event.id === input.after) + 1;
    // Decision: whether `after` is one of the account's events can only be told by reading its
    // log, which needs the read role; so this ValidationError comes after Forbidden.
    if (start === 0 && input.after !== undefined) return errResult({ type: "ValidationError" });
    const limit = input.limit ?? DEFAULT_LIMIT;
    const rest = all.slice(start);
    const items = rest.slice(0, limit).map((event) => ({ ...event }));
    const last = items[items.length - 1];
    return okResult({ items, next: rest.length > limit && last !== undefined ? last.id : null });
  };

  return { listImages, listPendingShares, getStorageUsage, listEvents, eventsOf };
}
