import type { MemberStatus, Principal, RegionCode } from "cloud-image-sharing";
import fc from "fast-check";
import { imageNameArb, memberStatusArb, sizeBytesArb } from "./entities.js";
import { accountIdArb, idArb } from "./ids.js";
import { rolesArb } from "./principals.js";
import { regionCatalogArb } from "./regions.js";

/** An account of a {@link World} and the users acting in it (any mix of roles). */
export type WorldAccount = { readonly id: string; readonly principals: readonly Principal[] };

/** An image of a {@link World}, before it exists: the service assigns its id when materialised. */
export type WorldImage = { readonly ownerAccountId: string; readonly name: string; readonly region: RegionCode; readonly sizeBytes: number };

/** A share of a {@link World}: image `imageIndex` of `images`, with a consumer and its final status. */
export type WorldMember = { readonly imageIndex: number; readonly consumerAccountId: string; readonly status: MemberStatus };

/**
 * A small universe to run properties on: a region catalog, accounts with their users, images,
 * and members in every status. Consistent by construction: owners and consumers are accounts
 * of the world, regions come from the catalog, a member never names its image's owner, and
 * (image, consumer) is unique.
 */
export type World = {
  readonly regions: readonly RegionCode[];
  readonly accounts: readonly WorldAccount[];
  readonly images: readonly WorldImage[];
  readonly members: readonly WorldMember[];
};

/** Size limits of {@link worldArb}. */
export type WorldArbOptions = {
  /** Most accounts (default 4, at least 2). */
  readonly maxAccounts?: number;
  /** Most images (default 8). */
  readonly maxImages?: number;
  /** Most users per account (default 3). */
  readonly maxUsersPerAccount?: number;
};

/**
 * Worlds: `{ regions, accounts (with principals), images, members in all states }`. Turn one
 * into a running service with `materialiseWorld`.
 *
 * @example
 * fc.assert(fc.asyncProperty(worldArb(), async (world) => {
 *   const { sharing, admins } = await materialiseWorld(world);
 *   // … state a rule of the spec about `sharing` here
 * }));
 */
export function worldArb(options: WorldArbOptions = {}): fc.Arbitrary<World> {
  const maxAccounts = Math.max(2, options.maxAccounts ?? 4);
  return fc
    .record({
      regions: regionCatalogArb(),
      accountIds: fc.uniqueArray(accountIdArb(), { minLength: 2, maxLength: maxAccounts }),
    })
    .chain(({ regions, accountIds }) =>
      fc
        .record({
          accounts: fc.tuple(...accountIds.map((id) => accountArbFor(id, options.maxUsersPerAccount ?? 3))),
          images: fc.array(worldImageArb(accountIds, regions), { maxLength: options.maxImages ?? 8 }),
        })
        .chain(({ accounts, images }) => membersArb(images, accountIds).map((members) => ({ regions, accounts, images, members }))),
    );
}

function accountArbFor(id: string, maxUsers: number): fc.Arbitrary<WorldAccount> {
  return fc
    .uniqueArray(idArb({ maxLength: 12 }), { minLength: 1, maxLength: Math.max(1, maxUsers) })
    .chain((userIds) => fc.tuple(...userIds.map((userId) => rolesArb().map((roles): Principal => ({ userId, accountId: id, roles })))))
    .map((principals) => ({ id, principals }));
}

function worldImageArb(accountIds: readonly string[], regions: readonly RegionCode[]): fc.Arbitrary<WorldImage> {
  return fc.record({
    ownerAccountId: fc.constantFrom(...accountIds),
    name: imageNameArb(),
    region: fc.constantFrom(...regions),
    sizeBytes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 36 }), sizeBytesArb()),
  });
}

/** For each image, a subset of the other accounts, each with a status. */
function membersArb(images: readonly WorldImage[], accountIds: readonly string[]): fc.Arbitrary<WorldMember[]> {
  const perImage = images.map((image, imageIndex) => {
    const candidates = accountIds.filter((id) => id !== image.ownerAccountId);
    return fc
      .subarray(candidates)
      .chain((consumers) =>
        fc.tuple(
          ...consumers.map((consumerAccountId) => memberStatusArb().map((status): WorldMember => ({ imageIndex, consumerAccountId, status }))),
        ),
      );
  });
  return fc.tuple(...perImage).map((lists) => lists.flat());
}
