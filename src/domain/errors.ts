import type { MemberStatus } from "./member.js";
import type { AccessLevel } from "./role.js";

/** Every error type the public API can return. */
export const ERROR_TYPES = [
  "ValidationError",
  "ImageNotFound",
  "AccountNotFound",
  "MemberNotFound",
  "Forbidden",
  "SelfShare",
  "AlreadyShared",
  "ReshareRequired",
  "MemberQuotaExceeded",
  "RegionMismatch",
  "UnknownRegion",
  "ConcurrentModification",
  "StorageFailure",
] as const;

/** The discriminant of {@link SharingError}. */
export type ErrorType = (typeof ERROR_TYPES)[number];

/** One problem found in an input: where (`path`, from the argument's root) and what. */
export type ValidationIssue = { path: (string | number)[]; message: string };

/**
 * Why an action on a visible image was refused:
 * - `"role"`: the principal's roles are too weak (`requiredRole` names the least role that would do);
 * - `"not-owner"`: a member account tried an action only the owner account may take;
 * - `"not-accepted"`: booting from a share whose `status` is `pending` or `rejected`.
 */
export type ForbiddenReason = "role" | "not-owner" | "not-accepted";

/**
 * Why storage failed:
 * - `"unavailable"`: the store reported a failure (or threw, or rejected);
 * - `"timeout"`: a store call did not settle within `timeoutMs`;
 * - `"invalid-response"`: the store answered something that is not a result of the port's shape.
 */
export type StorageFailureReason = "unavailable" | "timeout" | "invalid-response";

/**
 * The errors of the public API: plain tagged objects, never thrown, never classes (two copies
 * of a class under ESM + CJS would make `instanceof` lie). Match on `type`; every variant has a
 * human `message` and its structured details. Image-scoped errors carry `imageId`.
 */
export type SharingError =
  | { type: "ValidationError"; message: string; issues: ValidationIssue[] }
  | { type: "ImageNotFound"; message: string; imageId: string }
  | { type: "AccountNotFound"; message: string; accountId: string }
  | { type: "MemberNotFound"; message: string; imageId: string; consumerAccountId: string }
  | {
      type: "Forbidden";
      message: string;
      imageId?: string;
      reason: ForbiddenReason;
      requiredRole?: AccessLevel;
      status?: MemberStatus;
    }
  | { type: "SelfShare"; message: string; imageId: string }
  | {
      type: "AlreadyShared";
      message: string;
      imageId: string;
      consumerAccountId: string;
      status: MemberStatus;
      expired?: boolean;
    }
  | { type: "ReshareRequired"; message: string; imageId: string }
  | { type: "MemberQuotaExceeded"; message: string; imageId: string; quota: number }
  | { type: "RegionMismatch"; message: string; imageId: string; imageRegion: string; requestedRegion: string }
  | { type: "UnknownRegion"; message: string; region: string }
  | { type: "ConcurrentModification"; message: string; imageId?: string }
  | {
      type: "StorageFailure";
      message: string;
      reason: StorageFailureReason;
      /** True when the failed call was a write whose outcome is unknown (it may have been applied). */
      outcomeUnknown?: boolean;
      /** What the store or driver produced: for the host's logs only, never for its clients. */
      cause: unknown;
    };

/** The variant of {@link SharingError} with the given `type`. */
export type SharingErrorOf<T extends ErrorType> = Extract<SharingError, { type: T }>;

/** Errors a store may return: a lost optimistic race, or anything else going wrong. */
export type StoreError = SharingErrorOf<"ConcurrentModification" | "StorageFailure">;

/** Constructors for every error, so messages are worded once. */
export const SharingErrors = {
  validation: (issues: ValidationIssue[]): SharingErrorOf<"ValidationError"> => ({
    type: "ValidationError",
    message: `invalid input: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    issues,
  }),
  imageNotFound: (imageId: string): SharingErrorOf<"ImageNotFound"> => ({
    type: "ImageNotFound",
    message: `image ${imageId} not found`,
    imageId,
  }),
  accountNotFound: (accountId: string): SharingErrorOf<"AccountNotFound"> => ({
    type: "AccountNotFound",
    message: `account ${accountId} not found`,
    accountId,
  }),
  memberNotFound: (imageId: string, consumerAccountId: string): SharingErrorOf<"MemberNotFound"> => ({
    type: "MemberNotFound",
    message: `image ${imageId} is not shared with account ${consumerAccountId}`,
    imageId,
    consumerAccountId,
  }),
  /**
   * A role too weak for the action. `holdsKnownRole` false means none of the principal's roles
   * is one the library knows: the message says so, since that is usually a typo or a missing
   * `roleMap` entry rather than a plain shortfall.
   */
  forbiddenRole: (requiredRole: AccessLevel, imageId?: string, holdsKnownRole = true): SharingErrorOf<"Forbidden"> => ({
    type: "Forbidden",
    message: holdsKnownRole
      ? `this action needs at least the ${requiredRole} role in your account`
      : `this action needs at least the ${requiredRole} role in your account, and none of your roles is one this service knows (check its spelling, or the service's roleMap)`,
    reason: "role",
    requiredRole,
    ...(imageId === undefined ? {} : { imageId }),
  }),
  notOwner: (imageId: string): SharingErrorOf<"Forbidden"> => ({
    type: "Forbidden",
    message: `only the account that owns image ${imageId} may do this`,
    reason: "not-owner",
    imageId,
  }),
  notAccepted: (imageId: string, status: MemberStatus): SharingErrorOf<"Forbidden"> => ({
    type: "Forbidden",
    message: `the share of image ${imageId} is ${status}; accept it before booting from it`,
    reason: "not-accepted",
    imageId,
    status,
  }),
  selfShare: (imageId: string): SharingErrorOf<"SelfShare"> => ({
    type: "SelfShare",
    message: `image ${imageId} cannot be shared with the account that owns it`,
    imageId,
  }),
  alreadyShared: (
    imageId: string,
    consumerAccountId: string,
    status: MemberStatus,
    expired: boolean,
  ): SharingErrorOf<"AlreadyShared"> => ({
    type: "AlreadyShared",
    message: `image ${imageId} is already shared with account ${consumerAccountId} (status: ${status}${expired ? ", expired" : ""}); remove the member before sharing again`,
    imageId,
    consumerAccountId,
    status,
    ...(expired ? { expired: true } : {}),
  }),
  reshareRequired: (imageId: string): SharingErrorOf<"ReshareRequired"> => ({
    type: "ReshareRequired",
    message: `image ${imageId} was rejected; ask the producer to remove and re-share it`,
    imageId,
  }),
  memberQuotaExceeded: (imageId: string, quota: number): SharingErrorOf<"MemberQuotaExceeded"> => ({
    type: "MemberQuotaExceeded",
    message: `image ${imageId} has reached its quota of ${quota} members`,
    imageId,
    quota,
  }),
  regionMismatch: (
    imageId: string,
    imageRegion: string,
    requestedRegion: string,
  ): SharingErrorOf<"RegionMismatch"> => ({
    type: "RegionMismatch",
    message: `image ${imageId} lives in ${imageRegion} and can only be used there, not in ${requestedRegion}`,
    imageId,
    imageRegion,
    requestedRegion,
  }),
  unknownRegion: (region: string): SharingErrorOf<"UnknownRegion"> => ({
    type: "UnknownRegion",
    message: `region ${region} is not in this service's catalog`,
    region,
  }),
  concurrentModification: (imageId?: string): SharingErrorOf<"ConcurrentModification"> => ({
    type: "ConcurrentModification",
    message: `${imageId === undefined ? "the data" : `image ${imageId}`} was changed by another operation; retry`,
    ...(imageId === undefined ? {} : { imageId }),
  }),
  storageFailure: (cause: unknown, reason: StorageFailureReason = "unavailable"): SharingErrorOf<"StorageFailure"> => ({
    type: "StorageFailure",
    message: `storage failed: ${describeCause(cause)}`,
    reason,
    cause,
  }),
  /** A store call that did not settle in time; for a write the outcome is unknown. */
  storageTimeout: (timeoutMs: number, write: boolean): SharingErrorOf<"StorageFailure"> => ({
    type: "StorageFailure",
    message: write
      ? `storage did not answer within ${timeoutMs} ms; the change may or may not have been applied (read it back before retrying)`
      : `storage did not answer within ${timeoutMs} ms`,
    reason: "timeout",
    ...(write ? { outcomeUnknown: true } : {}),
    cause: new Error(`timed out after ${timeoutMs} ms`),
  }),
} as const;

/** True when `value` is one of the library's error values (useful in a host's catch-all). */
export function isSharingError(value: unknown): value is SharingError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    (ERROR_TYPES as readonly string[]).includes((value as { type: string }).type) &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** A one-line description of any thrown value; never throws itself (a hostile `toString` can). */
function describeCause(cause: unknown): string {
  try {
    return cause instanceof Error ? cause.message : String(cause);
  } catch {
    return "an unprintable value was thrown";
  }
}
