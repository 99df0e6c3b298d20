import { err, ok, type Result } from "neverthrow";
import type { Decision, ImageChange } from "../domain/change.js";
import { type SharingError, SharingErrors } from "../domain/errors.js";
import { actorOf as actor, type EventDraft } from "../domain/events.js";
import { isExpired, type Member, type MemberStatus } from "../domain/member.js";
import type { SharingPolicy } from "../domain/sharing-policy.js";
import { authorizeAsMember, authorizeOnImage, type ImageAccessFacts } from "./access.js";
import { checkMemberQuota } from "./quota.js";
import { isBlocked, trustsProducer } from "./sharing-policy.js";
import { memberAt } from "./visibility.js";

// The member state machine (R1, R3, R4, R5, R10, R11, R17, R18):
//
//   (none) --share--> pending --accept--> accepted
//     |                  |                   |
//     |                  +------reject-------+--> rejected
//     +--share, producer trusted by the consumer's policy (R17)--> accepted
//   any status --unshare (producer)--> (none)
//   any status --clock passes expiresAt (R18)--> grants nothing (the record stays for the producer)
//
// A rejected member never becomes accepted again without the producer removing it and sharing
// anew (R5); the producer never sets a status (there is no such transition). Postponing is no
// transition at all: a pending member stays pending (R3).

/** Facts a share decision needs, besides the image access facts. */
export type ShareFacts = ImageAccessFacts & {
  readonly consumerAccountId: string;
  /** When the share stops granting anything (R18), if it should. */
  readonly expiresAt?: string | undefined;
  /** Whether the account directory knows the consumer account (R10). */
  readonly consumerExists: boolean;
  /** The consumer's sharing policy (R17), or `null` when it set none. */
  readonly consumerPolicy: SharingPolicy | null;
  /** The consumer's existing member record of the image, or `null`. */
  readonly existingMember: Member | null;
  /** How many members (any status) the image has now (R11). */
  readonly memberCount: number;
  readonly memberQuota: number;
};

/**
 * Share an image with a consumer account: a fresh `pending` member and an `ImageShared` event;
 * or, when the consumer's policy trusts the producer (R17), an `accepted` member and a
 * `ShareAccepted` event by policy after it. A producer the consumer blocks gets exactly what an
 * unknown account gives (`AccountNotFound`): it cannot tell the two apart.
 */
export function decideShare(facts: ShareFacts): Result<Decision<Member>, SharingError> {
  const { principal, consumerAccountId, now, expiresAt } = facts;
  // Depends on the clock, but it is a property of the input: a ValidationError, first of all.
  if (expiresAt !== undefined && Date.parse(expiresAt) <= Date.parse(now)) {
    return err(SharingErrors.validation([{ path: ["expiresAt"], message: "expiresAt must be later than now" }]));
  }
  const access = authorizeOnImage(facts, "shareImage", "owner");
  if (access.isErr()) return err(access.error);
  const { image } = access.value;
  if (consumerAccountId === image.ownerAccountId) return err(SharingErrors.selfShare(image.id));
  if (!facts.consumerExists || isBlocked(facts.consumerPolicy, image.ownerAccountId)) {
    return err(SharingErrors.accountNotFound(consumerAccountId));
  }
  const existing = facts.existingMember;
  if (existing !== null)
    return err(SharingErrors.alreadyShared(image.id, consumerAccountId, existing.status, isExpired(existing, now)));
  const quota = checkMemberQuota(image.id, facts.memberCount, facts.memberQuota);
  if (quota.isErr()) return err(quota.error);
  const trusted = trustsProducer(facts.consumerPolicy, image.ownerAccountId);
  const member: Member = {
    imageId: image.id,
    consumerAccountId,
    status: trusted ? "accepted" : "pending",
    createdAt: now,
    updatedAt: now,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  const about = { imageId: image.id, ownerAccountId: image.ownerAccountId, consumerAccountId } as const;
  const events: EventDraft[] = [
    { type: "ImageShared", ...about, ...actor(principal), ...(expiresAt === undefined ? {} : { expiresAt }) },
  ];
  // Accepted by the consumer's policy, not by any user of it: no acting user (R14, R17).
  if (trusted) events.push({ type: "ShareAccepted", ...about, actorAccountId: consumerAccountId, byPolicy: true });
  return ok({ value: memberAt(member, now), change: { putMembers: [member], events } });
}

/** Facts an unshare decision needs, besides the image access facts. */
export type UnshareFacts = ImageAccessFacts & {
  readonly consumerAccountId: string;
  /** The consumer's member record of the image, or `null`. */
  readonly existingMember: Member | null;
};

/**
 * The producer removes a consumer from the image, whatever its status, expired or not (R5, R7,
 * R18): the consumer loses access at once; a `ShareRevoked` event records it.
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
      events: [
        {
          type: "ShareRevoked",
          imageId: image.id,
          ownerAccountId: image.ownerAccountId,
          consumerAccountId,
          ...actor(principal),
        },
      ],
    },
  });
}

/**
 * The consumer accepts a pending share (R2): the image joins the image list of every user of the
 * consumer account (R1). Accepting an accepted share is an idempotent repeat; accepting a
 * rejected one is `ReshareRequired` (R5); an expired share is not there at all (R18).
 */
export function decideAccept(facts: ImageAccessFacts): Result<Decision<Member>, SharingError> {
  return transition(facts, "acceptImage", "accepted");
}

/**
 * The consumer rejects a share (R4): a pending one, or an accepted one later ("Remove Image"),
 * which leaves the image list at once. Rejecting a rejected share is an idempotent repeat.
 */
export function decideReject(facts: ImageAccessFacts): Result<Decision<Member>, SharingError> {
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

function transition(
  facts: ImageAccessFacts,
  action: "acceptImage" | "rejectImage",
  to: "accepted" | "rejected",
): Result<Decision<Member>, SharingError> {
  const access = authorizeAsMember(facts, action);
  if (access.isErr()) return err(access.error);
  const { image, member: current } = access.value;
  if (current.status === to) return ok({ value: memberAt(current, facts.now), change: null });
  if (!canTransition(current.status, to)) return err(SharingErrors.reshareRequired(image.id));
  const { expired: _never, ...stored } = current;
  const member: Member = { ...stored, status: to, updatedAt: facts.now };
  const change: ImageChange = {
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
  };
  return ok({ value: memberAt(member, facts.now), change });
}
