import type {
  ImageSharing,
  ImageSharingStore,
  ImageView,
  Member,
  Principal,
  SharingError,
  SharingPolicy,
} from "cloud-image-sharing";
import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
import type { Result } from "neverthrow";
import { WORLD_START, type World } from "./world.js";

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
  /** The members, in the order of `world.members`, in their final status (with `expiresAt` where the world set one). */
  readonly members: readonly Member[];
  /** The sharing policies, in the order of `world.policies`, as `setSharingPolicy` answered. */
  readonly policies: readonly SharingPolicy[];
  /** An account owner (`identity:user-admin`) of each account, by account id: acts on everything of its account. */
  readonly admins: ReadonlyMap<string, Principal>;
  /** The time the service clock reads next (it advances one second per reading). */
  readonly now: () => string;
  /**
   * Moves the service clock to `time` (ISO-8601), e.g. past a `WORLD_EXPIRY_TIMES` entry to see
   * shares expire (R18). Throws a `RangeError` for a time earlier than {@link MaterialisedWorld.now}:
   * a clock that runs backwards is not a world the library promises anything about.
   */
  readonly advanceClockTo: (time: string) => void;
};

/**
 * Builds a world through the public API only — `createImage`, then `shareImage` (with the
 * member's `expiresAt`), then `acceptImage` / `rejectImage`, and last `setSharingPolicy` (a
 * policy is not retroactive, so the members keep the status the world gave them) — so what you
 * observe afterwards is what real calls produce. The clock starts at `WORLD_START` and advances
 * one second per reading, and ids are `w-1`, `w-2`, …, so a world materialises the same way
 * every time; `advanceClockTo` moves the clock on.
 *
 * Test helper: the promise rejects (with the `SharingError` as `cause`) if the service refuses
 * a step, which means the library broke one of its own rules.
 *
 * @example
 * const { sharing, images, admins, advanceClockTo } = await materialiseWorld(world);
 * const owner = admins.get(world.images[0].ownerAccountId);
 * advanceClockTo(WORLD_EXPIRY_TIMES[0]); // shares expiring then are gone for their consumers
 */
export async function materialiseWorld(world: World, options: MaterialiseOptions = {}): Promise<MaterialisedWorld> {
  const store = options.store ?? createInMemoryStore({ accounts: world.accounts.map((a) => ({ id: a.id })) });
  let nowMs = Date.parse(WORLD_START);
  let nextId = 0;
  const sharing = createImageSharing({
    store,
    regions: [...world.regions],
    memberQuota: options.memberQuota ?? Number.POSITIVE_INFINITY,
    clock: () => {
      const reading = new Date(nowMs);
      nowMs += 1000;
      return reading;
    },
    newId: () => `w-${++nextId}`,
  });
  // The account owner role acts on everything of its account, so every step is allowed.
  const adminOf = (accountId: string): Principal => ({
    userId: `owner-of-${accountId}`,
    accountId,
    roles: ["identity:user-admin"],
  });
  const admins = new Map(world.accounts.map((a): [string, Principal] => [a.id, adminOf(a.id)]));

  const images: ImageView[] = [];
  for (const image of world.images) {
    const { ownerAccountId, ...input } = image;
    images.push(succeeded("createImage", await sharing.createImage(adminOf(ownerAccountId), input)));
  }
  const members: Member[] = [];
  for (const member of world.members) {
    const image = images[member.imageIndex];
    if (image === undefined)
      throw new RangeError(`world member names image ${member.imageIndex}, which does not exist`);
    const ref = { imageId: image.id, consumerAccountId: member.consumerAccountId };
    const expiry = member.expiresAt === undefined ? {} : { expiresAt: member.expiresAt };
    let current = succeeded(
      "shareImage",
      await sharing.shareImage(adminOf(image.ownerAccountId), { ...ref, ...expiry }),
    );
    const consumer = adminOf(member.consumerAccountId);
    if (member.status === "accepted")
      current = succeeded("acceptImage", await sharing.acceptImage(consumer, { imageId: image.id }));
    if (member.status === "rejected")
      current = succeeded("rejectImage", await sharing.rejectImage(consumer, { imageId: image.id }));
    members.push(current);
  }
  const policies: SharingPolicy[] = [];
  for (const policy of world.policies) {
    const input = { autoAcceptFrom: [...policy.autoAcceptFrom], blockFrom: [...policy.blockFrom] };
    policies.push(succeeded("setSharingPolicy", await sharing.setSharingPolicy(adminOf(policy.accountId), input)));
  }
  const now = () => new Date(nowMs).toISOString();
  const advanceClockTo = (time: string) => {
    const target = Date.parse(time);
    if (!(target >= nowMs))
      throw new RangeError(`materialiseWorld: cannot move the clock back from ${now()} to ${time}`);
    nowMs = target;
  };
  return { sharing, store, images, members, policies, admins, now, advanceClockTo };
}

/** The ok value, or a rejection naming the step the service refused. */
function succeeded<T>(step: string, result: Result<T, SharingError>): T {
  if (result.isOk()) return result.value;
  throw new Error(`materialiseWorld: ${step} failed: ${result.error.message}`, { cause: result.error });
}
