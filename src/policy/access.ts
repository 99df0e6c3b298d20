import { err, ok, type Result } from "neverthrow";
import { type SharingError, SharingErrors } from "../domain/errors.js";
import type { Image } from "../domain/image.js";
import type { Member } from "../domain/member.js";
import type { Principal } from "../domain/principal.js";
import { type Action, requireRole } from "./rbac.js";
import { canSee, relationOf, type VisibleRelation } from "./visibility.js";

/** Which side of a share an action belongs to: the producer's, or either (reads). */
export type Side = "owner" | "any";

/** The facts every image-scoped decision starts from. */
export type ImageAccessFacts = {
  readonly principal: Principal;
  /** The image id the caller asked for. */
  readonly imageId: string;
  /** The image, or `null` when it does not exist. */
  readonly image: Image | null;
  /** The principal's account's own member record of the image, or `null`. */
  readonly ownMember: Member | null;
  /** The service clock's now: an expired share grants nothing (R18). */
  readonly now: string;
};

/**
 * The gate in front of every action on one image, in the order of the error precedence:
 * 1. an image the account cannot see is `ImageNotFound`, exactly like a missing one (R9) — an
 *    expired share is not seen (R18);
 * 2. a visible image but too weak a role is `Forbidden` naming the role (R8);
 * 3. a member account attempting an owner's action is `Forbidden` (`not-owner`).
 * On success it returns the image and how the principal's account relates to it.
 */
export function authorizeOnImage(
  facts: ImageAccessFacts,
  action: Action,
  side: Side,
): Result<{ image: Image; relation: VisibleRelation }, SharingError> {
  const { principal, image, ownMember } = facts;
  // A missing image and one the account may not see give the very same answer (R9).
  if (image === null) return err(SharingErrors.imageNotFound(facts.imageId));
  const relation = relationOf(principal.accountId, image, ownMember, facts.now);
  if (!canSee(relation)) return err(SharingErrors.imageNotFound(facts.imageId));
  const role = requireRole(principal, action, image.id);
  if (role.isErr()) return err(role.error);
  if (side === "owner" && relation.kind !== "owner") return err(SharingErrors.notOwner(image.id));
  return ok({ image, relation });
}

/**
 * The gate in front of a consumer's action (accept, reject): {@link authorizeOnImage}, then the
 * principal's account must be a member. The owner is no member of its own image: `MemberNotFound`.
 */
export function authorizeAsMember(
  facts: ImageAccessFacts,
  action: Action,
): Result<{ image: Image; member: Member }, SharingError> {
  return authorizeOnImage(facts, action, "any").andThen(({ image, relation }) =>
    relation.kind === "member"
      ? ok({ image, member: relation.member })
      : err(SharingErrors.memberNotFound(image.id, facts.principal.accountId)),
  );
}
