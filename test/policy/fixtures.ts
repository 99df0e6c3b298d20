import type { Image, Member, MemberStatus, Principal, SharingPolicy } from "cloud-image-sharing";

// Plain values for the pure policy functions (`cloud-image-sharing/policy`): no store, no clock —
// time comes in as `now`, exactly as the service hands it over.

/** The decision time handed to policies. */
export const NOW = "2026-02-01T00:00:00.000Z";
/** When the fixture image and members were created. */
export const EARLIER = "2026-01-01T00:00:00.000Z";
/** A time after {@link NOW}. */
export const LATER = "2026-03-01T00:00:00.000Z";

/** An image owned by account `owner` in IAD. */
export function anImage(owner = "100001", id = "img-1"): Image {
  return {
    id,
    ownerAccountId: owner,
    name: "golden",
    region: "IAD",
    sizeBytes: 10,
    createdAt: EARLIER,
    updatedAt: EARLIER,
  };
}

/** The member record of `consumer` on `image`, optionally expiring at `expiresAt`. */
export function aMember(image: Image, consumer: string, status: MemberStatus = "pending", expiresAt?: string): Member {
  return {
    imageId: image.id,
    consumerAccountId: consumer,
    status,
    createdAt: EARLIER,
    updatedAt: EARLIER,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** A principal of `accountId` with `roles`. */
export function who(accountId: string, roles: string[]): Principal {
  return { userId: "u1", accountId, roles };
}

/** A stored sharing policy of `accountId`. */
export function aPolicy(
  accountId: string,
  lists: { autoAcceptFrom?: string[]; blockFrom?: string[] } = {},
): SharingPolicy {
  return {
    accountId,
    autoAcceptFrom: lists.autoAcceptFrom ?? [],
    blockFrom: lists.blockFrom ?? [],
    updatedAt: EARLIER,
  };
}
