import type { MemberStatus, Principal, RegionCode } from "cloud-image-sharing";
import fc from "fast-check";
import { knownRoleArb, rolesArb } from "./principals.js";

/** An account of a {@link World} and the users acting in it (any mix of roles). */
export type WorldAccount = { readonly id: string; readonly principals: readonly Principal[] };

/** An image of a {@link World}, before it exists: the service assigns its id when materialised. */
export type WorldImage = {
  readonly ownerAccountId: string;
  readonly name: string;
  readonly region: RegionCode;
  readonly sizeBytes: number;
};

/**
 * A share of a {@link World}: image `imageIndex` of `images`, with a consumer, its final status,
 * and when it expires (R18; absent: never). Every `expiresAt` is one of {@link WORLD_EXPIRY_TIMES},
 * later than the materialised world's clock, so the share is live until you advance the clock.
 */
export type WorldMember = {
  readonly imageIndex: number;
  readonly consumerAccountId: string;
  readonly status: MemberStatus;
  readonly expiresAt?: string;
};

/** A consumer sharing policy of a {@link World} (R17), set after the shares (a policy is not retroactive). */
export type WorldPolicy = {
  readonly accountId: string;
  readonly autoAcceptFrom: readonly string[];
  readonly blockFrom: readonly string[];
};

/**
 * A small universe to run properties on: a region catalog, accounts with their users, images,
 * members in every status (some expiring), and consumer sharing policies. Consistent by
 * construction: owners and consumers are accounts of the world, regions come from the catalog,
 * a member never names its image's owner, (image, consumer) is unique, and a policy never names
 * its own account nor one account in both lists.
 */
export type World = {
  readonly regions: readonly RegionCode[];
  readonly accounts: readonly WorldAccount[];
  readonly images: readonly WorldImage[];
  readonly members: readonly WorldMember[];
  readonly policies: readonly WorldPolicy[];
};

/** Size limits of {@link worldArb}. */
export type WorldArbOptions = {
  /** Most accounts (default 4, at least 2). */
  readonly maxAccounts?: number;
  /** Most images (default 8). */
  readonly maxImages?: number;
  /** Most users per account (default 3, at least 1). */
  readonly maxUsersPerAccount?: number;
  /** Most members, over all images (default 16). */
  readonly maxMembers?: number;
  /** Most accounts with a sharing policy (default: `maxAccounts`; 0 for worlds without policies). */
  readonly maxPolicies?: number;
};

/** When a materialised world starts: its clock reads this time first, then one second more per reading. */
export const WORLD_START = "2026-01-01T00:00:00.000Z";

/** The times a world's expiring shares expire at: a day, a week and a month after {@link WORLD_START}. */
export const WORLD_EXPIRY_TIMES: readonly string[] = Object.freeze([
  "2026-01-02T00:00:00.000Z",
  "2026-01-08T00:00:00.000Z",
  "2026-02-01T00:00:00.000Z",
]);

/** A world's region catalog is drawn from these, first ones first (shrinking prefers `IAD`). */
const WORLD_REGIONS: readonly RegionCode[] = ["IAD", "DFW", "LON", "SYD"];
/** Image names, short and readable. */
const WORLD_IMAGE_NAMES = ["golden", "web", "db", "ubuntu 24.04", "café ☕"] as const;
/** Image sizes: 0 first, then everyday sizes. */
const WORLD_SIZES = [0, 1024, 10 * 2 ** 30, 2 ** 40] as const;
/** User names of a world's accounts, first ones first; a user id is `alice@100001`. */
const WORLD_USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"] as const;

/** The account id of the `n`-th account of a world: `100001`, `100002`, … (the seeds' style). */
export function worldAccountId(n: number): string {
  return String(100_001 + n);
}

/**
 * Worlds: `{ regions, accounts (with principals), images, members in all states, some
 * expiring, policies }`. Turn one into a running service with `materialiseWorld`.
 *
 * Built to shrink: every choice is a small number or a pick from a short list whose first
 * entry is the simplest, so a failing property shrinks to a small, readable world — accounts
 * `100001`, `100002`, users `alice@100001`, an image named `golden` in `IAD`, a `pending` member
 * that never expires, no policy — rather than to random strings.
 *
 * @example
 * fc.assert(fc.asyncProperty(worldArb(), async (world) => {
 *   const { sharing, admins } = await materialiseWorld(world);
 *   // … state a rule of the spec about `sharing` here
 * }));
 */
export function worldArb(options: WorldArbOptions = {}): fc.Arbitrary<World> {
  const maxAccounts = Math.max(2, options.maxAccounts ?? 4);
  const maxUsers = Math.max(1, options.maxUsersPerAccount ?? 3);
  const maxImages = Math.max(0, options.maxImages ?? 8);
  const maxMembers = Math.max(0, options.maxMembers ?? 16);
  const maxPolicies = Math.max(0, options.maxPolicies ?? maxAccounts);
  const index = (size: number) => fc.nat({ max: Math.max(0, size - 1) });
  // Raw choices are indexes and small numbers (each shrinks to 0); `toWorld` maps them onto a
  // consistent world, so shrinking any of them keeps the world consistent.
  return fc
    .record({
      accountCount: fc.integer({ min: 2, max: maxAccounts }),
      regions: fc.uniqueArray(fc.constantFrom(...WORLD_REGIONS), { minLength: 1, maxLength: WORLD_REGIONS.length }),
      users: fc.array(fc.array(principalRolesArb(), { minLength: 1, maxLength: maxUsers }), {
        minLength: maxAccounts,
        maxLength: maxAccounts,
      }),
      images: fc.array(
        fc.record({
          owner: index(maxAccounts),
          name: fc.constantFrom(...WORLD_IMAGE_NAMES),
          region: index(WORLD_REGIONS.length),
          sizeBytes: fc.constantFrom(...WORLD_SIZES),
        }),
        { maxLength: maxImages },
      ),
      members: fc.array(
        fc.record({
          image: index(maxImages),
          consumer: index(maxAccounts),
          status: fc.constantFrom<MemberStatus>("pending", "accepted", "rejected"),
          // Most shares never expire; shrinking drops an expiry first.
          expiresAt: fc.oneof(
            { withCrossShrink: true },
            { weight: 3, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom(...WORLD_EXPIRY_TIMES) },
          ),
        }),
        { maxLength: maxMembers },
      ),
      policies: fc.array(
        fc.record({
          account: index(maxAccounts),
          autoAcceptFrom: fc.uniqueArray(index(maxAccounts), { maxLength: 2 }),
          blockFrom: fc.uniqueArray(index(maxAccounts), { maxLength: 2 }),
        }),
        { maxLength: maxPolicies },
      ),
    })
    .map(toWorld);
}

/** Roles of one user: an admin-like known role first (readable when shrunk), or any mix. */
function principalRolesArb(): fc.Arbitrary<string[]> {
  return fc.oneof(
    { withCrossShrink: true },
    knownRoleArb().map((role) => [role]),
    rolesArb(),
  );
}

type RawWorld = {
  accountCount: number;
  regions: RegionCode[];
  users: string[][][];
  images: { owner: number; name: string; region: number; sizeBytes: number }[];
  members: { image: number; consumer: number; status: MemberStatus; expiresAt: string | undefined }[];
  policies: { account: number; autoAcceptFrom: number[]; blockFrom: number[] }[];
};

/** Maps raw choices onto a consistent world (indexes wrap around; duplicates are dropped). */
function toWorld(raw: RawWorld): World {
  const accountIds = Array.from({ length: raw.accountCount }, (_, n) => worldAccountId(n));
  const accountAt = (n: number): string => accountIds[n % accountIds.length] ?? worldAccountId(0);
  const accounts = accountIds.map(
    (id, n): WorldAccount => ({
      id,
      principals: (raw.users[n] ?? [[]]).map(
        (roles, u): Principal => ({ userId: `${WORLD_USERS[u] ?? `user${u}`}@${id}`, accountId: id, roles }),
      ),
    }),
  );
  const images = raw.images.map(
    (image): WorldImage => ({
      ownerAccountId: accountAt(image.owner),
      name: image.name,
      region: raw.regions[image.region % raw.regions.length] ?? "IAD",
      sizeBytes: image.sizeBytes,
    }),
  );
  const members: WorldMember[] = [];
  const shared = new Set<string>();
  if (images.length > 0) {
    for (const member of raw.members) {
      const imageIndex = member.image % images.length;
      const owner = raw.images[imageIndex]?.owner ?? 0;
      // Any account but the owner: the owner's successors, wrapping around.
      const consumerAccountId = accountAt(
        (owner % accountIds.length) + 1 + (member.consumer % (accountIds.length - 1)),
      );
      const key = `${imageIndex} ${consumerAccountId}`;
      if (shared.has(key)) continue;
      shared.add(key);
      members.push({
        imageIndex,
        consumerAccountId,
        status: member.status,
        ...(member.expiresAt === undefined ? {} : { expiresAt: member.expiresAt }),
      });
    }
  }
  const policies: WorldPolicy[] = [];
  for (const policy of raw.policies) {
    const accountId = accountAt(policy.account);
    if (policies.some((p) => p.accountId === accountId)) continue;
    const others = (indexes: number[]) => [...new Set(indexes.map(accountAt))].filter((id) => id !== accountId);
    const autoAcceptFrom = others(policy.autoAcceptFrom);
    const blockFrom = others(policy.blockFrom).filter((id) => !autoAcceptFrom.includes(id));
    policies.push({ accountId, autoAcceptFrom, blockFrom });
  }
  return { regions: [...raw.regions], accounts, images, members, policies };
}
