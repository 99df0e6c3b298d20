import { err, ok, type Result } from "neverthrow";
import type { Decision } from "../domain/change.js";
import { type SharingError, SharingErrors } from "../domain/errors.js";
import { actorOf as actor } from "../domain/events.js";
import type { Member, MemberStatus } from "../domain/member.js";
import { authorizeAsMember, authorizeOnImage, type ImageAccessFacts } from "./access.js";
import { checkMemberQuota } from "./quota.js";

// The member state machine (R1, R3, R4, R5, R10, R11):
//
//   (none) --share--> pending --accept--> accepted
//                        |                   |
//                        +------reject-------+--> rejected
//   any status --unshare (producer)--> (none)
//
// A rejected member never becomes accepted again without the producer removing it and sharing
// anew (R5); the producer never sets a status (there is no such transition). Postponing is no
// transition at all: a pending member stays pending (R3).

/** Facts a share decision needs, besides the image access facts. */
export type ShareFacts = ImageAccessFacts & {
  readonly consumerAccountId: string;
  /** Whether the account directory knows the consumer account (R10). */
  readonly consumerExists: boolean;
  /** The consumer's existing member record of the image, or `null`. */
  readonly existingMember: Member | null;
  /** How many members (any status) the image has now (R11). */
  readonly memberCount: number;
  readonly memberQuota: number;
  /** The clock's time, as an ISO-8601 string. */
  readonly now: string;
};

/** Share an image with a consumer account: a fresh `pending` member and an `ImageShared` event. */
export function decideShare(facts: ShareFacts): Result<Decision<Member>, SharingError> {
  const access = authorizeOnImage(facts, "shareImage", "owner");
  if (access.isErr()) return err(access.error);
  const { image } = access.value;
  const { principal, consumerAccountId, now } = facts;
  if (consumerAccountId === image.ownerAccountId) return err(SharingErrors.selfShare(image.id));
  if (!facts.consumerExists) return err(SharingErrors.accountNotFound(consumerAccountId));
  if (facts.existingMember !== null) return err(SharingErrors.alreadyShared(facts.existingMember.status));
  const quota = checkMemberQuota(facts.memberCount, facts.memberQuota);
  if (quota.isErr()) return err(quota.error);
  const member: Member = { imageId: image.id, consumerAccountId, status: "pending", createdAt: now, updatedAt: now };
  return ok({
    value: member,
    change: {
      putMembers: [member],
      events: [{ type: "ImageShared", imageId: image.id, ownerAccountId: image.ownerAccountId, consumerAccountId, ...actor(principal) }],
    },
  });
}

/** Facts an unshare decision needs, besides the image access facts. */
export type UnshareFacts = ImageAccessFacts & {
  readonly consumerAccountId: string;
  /** The consumer's member record of the image, or `null`. */
  readonly existingMember: Member | null;
};

/**
 * The producer removes a consumer from the image, whatever its status (R5, R7): the consumer
 * loses access at once; a `ShareRevoked` event records it.
 */
export function decideUnshare(facts: UnshareFacts): Result<Decision<void>, SharingError> {
  const access = authorizeOnImage(facts, "unshareImage", "owner");
  if (access.isErr()) return err(access.error);
  const { image } = access.value;
  const { existingMember, consumerAccountId, principal } = facts;
  if (existingMember === null) return err(SharingErrors.memberNotFound(image.id, consumerAccountId));
  return ok({
    value: undefined,
    change: {
      deleteMembers: [consumerAccountId],
      events: [{ type: "ShareRevoked", imageId: image.id, ownerAccountId: image.ownerAccountId, consumerAccountId, ...actor(principal) }],
    },
  });
}

/** Facts an accept or reject decision needs, besides the image access facts. */
export type DecideFacts = ImageAccessFacts & { readonly now: string };

/**
 * The consumer accepts a pending share (R2): the image joins the image list of every user of the
 * consumer account (R1). Accepting an accepted share is an idempotent repeat; accepting a
 * rejected one is `ReshareRequired` (R5).
 */
export function decideAccept(facts: DecideFacts): Result<Decision<Member>, SharingError> {
  return transition(facts, "acceptImage", "accepted");
}

/**
 * The consumer rejects a share (R4): a pending one, or an accepted one later ("Remove Image"),
 * which leaves the image list at once. Rejecting a rejected share is an idempotent repeat.
 */
export function decideReject(facts: DecideFacts): Result<Decision<Member>, SharingError> {
  return transition(facts, "rejectImage", "rejected");
}

/** Which statuses may move to which, by the consumer's hand. Anything else is refused. */
const CONSUMER_TRANSITIONS: Readonly<Record<MemberStatus, readonly MemberStatus[]>> = {
  pending: ["accepted", "rejected"],
  accepted: ["rejected"],
  rejected: [],
};

/** True when the consumer may move a member from `from` to `to` (a repeat of `to` is no move). */
export function canTransition(from: MemberStatus, to: MemberStatus): boolean {
  return CONSUMER_TRANSITIONS[from].includes(to);
}

function transition(facts: DecideFacts, action: "acceptImage" | "rejectImage", to: "accepted" | "rejected"): Result<Decision<Member>, SharingError> {
  const access = authorizeAsMember(facts, action);
  if (access.isErr()) return err(access.error);
  const { image, member: current } = access.value;
  if (current.status === to) return ok({ value: current, change: null });
  if (!canTransition(current.status, to)) return err(SharingErrors.reshareRequired(image.id));
  const member: Member = { ...current, status: to, updatedAt: facts.now };
  return ok({
    value: member,
    change: {
      putMembers: [member],
      events: [
        {
          type: to === "accepted" ? "ShareAccepted" : "ShareRejected",
          imageId: image.id,
          ownerAccountId: image.ownerAccountId,
          consumerAccountId: current.consumerAccountId,
          ...actor(facts.principal),
        },
      ],
    },
  });
}
