import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharing,
  type ImageSharingOptions,
  type ImageView,
  type InMemoryStore,
  type PendingShare,
  type Principal,
} from "cloud-image-sharing";
import { counterIds, tickingClock } from "../support/clocks.js";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";

// A small deterministic world shared by the rule, service and adapter tests: three accounts in
// the directory, a region catalog, a clock that ticks one second per reading and counter ids, so
// every timestamp, id and order in a test is predictable.

/** The producer account, and two consumer accounts the directory knows. */
export const A = "100001";
export const B = "100002";
export const C = "100003";
/** An account id the directory does not know. */
export const UNKNOWN_ACCOUNT = "999999";
/** The catalog every world uses. */
export const REGIONS = ["IAD", "DFW", "ORD"] as const;

// Clocks, ids, principals and result helpers come from the one test/support folder.
export { type ControlledClock, controlledClock, counterIds, frozenClock, tickingClock } from "../support/clocks.js";
export { adminOf, creatorOf, observerOf, user } from "../support/principals.js";
export { errOf, okOf } from "../support/results.js";

/** A service over a fresh in-memory store with accounts A, B and C. */
export type World = { readonly sharing: ImageSharing; readonly store: InMemoryStore };

/** Builds a {@link World}; `options` override the deterministic defaults. */
export function makeWorld(options: Partial<ImageSharingOptions> = {}, accounts: string[] = [A, B, C]): World {
  const store = createInMemoryStore({ accounts: accounts.map((id) => ({ id })) });
  const sharing = createImageSharing({
    store,
    regions: [...REGIONS],
    clock: tickingClock(),
    newId: counterIds(),
    ...options,
  });
  return { sharing, store };
}

/** Creates an image in the producer account A (by an admin unless `by` says otherwise). */
export function createImage(
  world: World,
  region = "IAD",
  name = "golden",
  by: Principal = adminOf(A),
): Promise<ImageView> {
  return okOf(world.sharing.createImage(by, { name, region }));
}

/** An image of A shared with `consumer`, pending. */
export async function sharedImage(world: World, consumer = B, region = "IAD"): Promise<ImageView> {
  const image = await createImage(world, region);
  await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: consumer }));
  return image;
}

/** An image of A shared with `consumer` and accepted by it. */
export async function acceptedImage(world: World, consumer = B, region = "IAD"): Promise<ImageView> {
  const image = await sharedImage(world, consumer, region);
  await okOf(world.sharing.acceptImage(adminOf(consumer), { imageId: image.id }));
  return image;
}

/** The ids of the images `principal` sees in its image list (one big page). */
export async function listedIds(world: World, principal: Principal, region = "global"): Promise<string[]> {
  const page = await okOf(world.sharing.listImages(principal, { region, limit: 1000 }));
  return page.items.map((image) => image.id);
}

/** The pending shares `principal`'s account is notified of (one big page), as [imageId, status]. */
export async function pendingOf(world: World, principal: Principal, region = "global"): Promise<PendingShare[]> {
  const page = await okOf(world.sharing.listPendingShares(principal, { region, limit: 1000 }));
  if (page.nextCursor !== null) throw new Error("pendingOf expects every pending share on one page");
  return page.items;
}

/** The types of the events that concern `principal`'s account, oldest first. */
export async function eventTypes(world: World, principal: Principal): Promise<string[]> {
  const page = await okOf(world.sharing.listEvents(principal, { limit: 1000 }));
  return page.items.map((event) => event.type);
}
