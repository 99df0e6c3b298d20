import type { Image, Member, MemberStatus, Principal } from "cloud-image-sharing";

// Plain values for the pure policy functions: no store, no clock.

/** The decision time handed to policies. */
export const NOW = "2026-02-01T00:00:00.000Z";
/** When the fixture image and members were created. */
export const EARLIER = "2026-01-01T00:00:00.000Z";

/** An image owned by account `owner` in IAD. */
export function anImage(owner = "100001", id = "img-1"): Image {
  return { id, ownerAccountId: owner, name: "golden", region: "IAD", sizeBytes: 10, createdAt: EARLIER, updatedAt: EARLIER };
}

/** The member record of `consumer` on `image`. */
export function aMember(image: Image, consumer: string, status: MemberStatus = "pending"): Member {
  return { imageId: image.id, consumerAccountId: consumer, status, createdAt: EARLIER, updatedAt: EARLIER };
}

/** A principal of `accountId` with `roles`. */
export function who(accountId: string, roles: string[]): Principal {
  return { userId: "u1", accountId, roles };
}
