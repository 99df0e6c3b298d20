import type { Image, ImageView } from "../domain/image.js";
import type { Member } from "../domain/member.js";
import { type RegionSelector, regionMatches } from "../domain/region.js";

// R2, R9, R12: who sees what. Visibility is a property of the *account*, never of a user:
// an acceptance by one user of the consumer account shows the image to all of them (R1).

/** How an account relates to an image: it owns it, is a member of it, or neither. */
export type Relation = { readonly kind: "owner" } | { readonly kind: "member"; readonly member: Member } | { readonly kind: "none" };

/** How an account that may know the image exists relates to it (R9). */
export type VisibleRelation = Exclude<Relation, { readonly kind: "none" }>;

/** How `accountId` relates to `image`, given that account's own member record of it (or `null`). */
export function relationOf(accountId: string, image: Image, ownMember: Member | null): Relation {
  if (image.ownerAccountId === accountId) return { kind: "owner" };
  if (ownMember !== null && ownMember.imageId === image.id && ownMember.consumerAccountId === accountId) {
    return { kind: "member", member: ownMember };
  }
  return { kind: "none" };
}

/** True when the account may know the image exists: owner, or member in any status. */
export function canSee(relation: Relation): relation is VisibleRelation {
  return relation.kind !== "none";
}

/** The image as `accountId` sees it: the producer's own record (no copy, R7), tagged with its source. */
export function toView(image: Image, accountId: string): ImageView {
  return { ...image, source: image.ownerAccountId === accountId ? "own" : "shared" };
}

/**
 * True when the image belongs in `accountId`'s image list under `selector` (R2, R6): it is the
 * account's own image, or a share the account has *accepted*; and it lives in the selected region.
 */
export function isListed(relation: Relation, image: Image, selector: RegionSelector): boolean {
  const listed = relation.kind === "owner" || (relation.kind === "member" && relation.member.status === "accepted");
  return listed && regionMatches(selector, image.region);
}

/** True when the member is a pending share of `accountId` in the selected region: a notification (R3). */
export function isPendingNotification(member: Member, image: Image, accountId: string, selector: RegionSelector): boolean {
  return member.consumerAccountId === accountId && member.status === "pending" && regionMatches(selector, image.region);
}

/**
 * The members of an image that `relation`'s account may see (R12): the producer sees all of
 * them; a consumer sees only its own record, never the other consumers.
 */
export function membersVisibleTo(relation: Relation, members: readonly Member[]): Member[] {
  switch (relation.kind) {
    case "owner":
      return [...members];
    case "member":
      return members.filter((m) => m.consumerAccountId === relation.member.consumerAccountId);
    case "none":
      return [];
  }
}
