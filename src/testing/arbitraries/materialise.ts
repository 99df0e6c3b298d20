import type { ImageSharing, ImageSharingStore, ImageView, Member, Principal, SharingError } from "cloud-image-sharing";
import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
import type { Result } from "neverthrow";
import type { World } from "./world.js";

/** Options of {@link materialiseWorld}. */
export type MaterialiseOptions = {
  /** Your store (every account of the world must already exist in it); default: a fresh in-memory store. */
  readonly store?: ImageSharingStore;
  /** Member quota of the service (default `Infinity`, so any world fits). */
  readonly memberQuota?: number;
};

/** A world brought to life through the public API. */
export type MaterialisedWorld = {
  readonly sharing: ImageSharing;
  readonly store: ImageSharingStore;
  /** The created images, in the order of `world.images` (so `images[m.imageIndex]` is a member's image). */
  readonly images: readonly ImageView[];
  /** The members, in the order of `world.members`, in their final status. */
  readonly members: readonly Member[];
  /** An account owner (`identity:user-admin`) of each account, by account id: acts on everything of its account. */
  readonly admins: ReadonlyMap<string, Principal>;
};

/**
 * Builds a world through the public API only — `createImage`, then `shareImage`, then
 * `acceptImage` / `rejectImage` — so what you observe afterwards is what real calls produce.
 * Time advances one second per clock reading and ids are `w-1`, `w-2`, …, so a world
 * materialises the same way every time.
 *
 * Test helper: the promise rejects (with the `SharingError` as `cause`) if the service refuses
 * a step, which means the library broke one of its own rules.
 *
 * @example
 * const { sharing, images, admins } = await materialiseWorld(world);
 * const owner = admins.get(world.images[0].ownerAccountId);
 */
export async function materialiseWorld(world: World, options: MaterialiseOptions = {}): Promise<MaterialisedWorld> {
  const store = options.store ?? createInMemoryStore({ accounts: world.accounts.map((a) => ({ id: a.id })) });
  let tick = 0;
  let nextId = 0;
  const sharing = createImageSharing({
    store,
    regions: [...world.regions],
    memberQuota: options.memberQuota ?? Number.POSITIVE_INFINITY,
    clock: () => new Date(Date.UTC(2026, 0, 1) + 1000 * tick++),
    newId: () => `w-${++nextId}`,
  });
  // The account owner role acts on everything of its account, so every step is allowed.
  const adminOf = (accountId: string): Principal => ({ userId: `owner-of-${accountId}`, accountId, roles: ["identity:user-admin"] });
  const admins = new Map(world.accounts.map((a): [string, Principal] => [a.id, adminOf(a.id)]));

  const images: ImageView[] = [];
  for (const image of world.images) {
    const { ownerAccountId, ...input } = image;
    images.push(succeeded("createImage", await sharing.createImage(adminOf(ownerAccountId), input)));
  }
  const members: Member[] = [];
  for (const member of world.members) {
    const image = images[member.imageIndex];
    if (image === undefined) throw new RangeError(`world member names image ${member.imageIndex}, which does not exist`);
    const ref = { imageId: image.id, consumerAccountId: member.consumerAccountId };
    let current = succeeded("shareImage", await sharing.shareImage(adminOf(image.ownerAccountId), ref));
    const consumer = adminOf(member.consumerAccountId);
    if (member.status === "accepted") current = succeeded("acceptImage", await sharing.acceptImage(consumer, { imageId: image.id }));
    if (member.status === "rejected") current = succeeded("rejectImage", await sharing.rejectImage(consumer, { imageId: image.id }));
    members.push(current);
  }
  return { sharing, store, images, members, admins };
}

/** The ok value, or a rejection naming the step the service refused. */
function succeeded<T>(step: string, result: Result<T, SharingError>): T {
  if (result.isOk()) return result.value;
  throw new Error(`materialiseWorld: ${step} failed: ${result.error.message}`, { cause: result.error });
}
