import type { MemberStatus } from "./member.js";
import type { AccessLevel } from "./role.js";

/** Every error type the public API can return (SPEC section 4). */
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
 * The errors of the public API: plain tagged objects, never thrown, never classes (two copies
 * of a class under ESM + CJS would make `instanceof` lie). Match on `type`; every variant has a
 * human `message` and its structured details.
 */
export type SharingError =
  | { type: "ValidationError"; message: string; issues: ValidationIssue[] }
  | { type: "ImageNotFound"; message: string; imageId: string }
  | { type: "AccountNotFound"; message: string; accountId: string }
  | { type: "MemberNotFound"; message: string; imageId: string; consumerAccountId: string }
  | { type: "Forbidden"; message: string; requiredRole?: AccessLevel }
  | { type: "SelfShare"; message: string; imageId: string }
  | { type: "AlreadyShared"; message: string; status: MemberStatus }
  | { type: "ReshareRequired"; message: string; imageId: string }
  | { type: "MemberQuotaExceeded"; message: string; quota: number }
  | { type: "RegionMismatch"; message: string; imageRegion: string; requestedRegion: string }
  | { type: "UnknownRegion"; message: string; region: string }
  | { type: "ConcurrentModification"; message: string }
  | { type: "StorageFailure"; message: string; cause: unknown };

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
  forbiddenRole: (requiredRole: AccessLevel): SharingErrorOf<"Forbidden"> => ({
    type: "Forbidden",
    message: `this action needs at least the ${requiredRole} role in your account`,
    requiredRole,
  }),
  forbidden: (message: string): SharingErrorOf<"Forbidden"> => ({ type: "Forbidden", message }),
  selfShare: (imageId: string): SharingErrorOf<"SelfShare"> => ({
    type: "SelfShare",
    message: `image ${imageId} cannot be shared with the account that owns it`,
    imageId,
  }),
  alreadyShared: (status: MemberStatus): SharingErrorOf<"AlreadyShared"> => ({
    type: "AlreadyShared",
    message: `the image is already shared with this account (status: ${status}); remove the member before sharing again`,
    status,
  }),
  reshareRequired: (imageId: string): SharingErrorOf<"ReshareRequired"> => ({
    type: "ReshareRequired",
    message: `image ${imageId} was rejected; ask the producer to remove and re-share it`,
    imageId,
  }),
  memberQuotaExceeded: (quota: number): SharingErrorOf<"MemberQuotaExceeded"> => ({
    type: "MemberQuotaExceeded",
    message: `an image has at most ${quota} members`,
    quota,
  }),
  regionMismatch: (imageRegion: string, requestedRegion: string): SharingErrorOf<"RegionMismatch"> => ({
    type: "RegionMismatch",
    message: `the image lives in ${imageRegion} and can only be used there, not in ${requestedRegion}`,
    imageRegion,
    requestedRegion,
  }),
  unknownRegion: (region: string): SharingErrorOf<"UnknownRegion"> => ({
    type: "UnknownRegion",
    message: `region ${region} is not in this service's catalog`,
    region,
  }),
  concurrentModification: (what = "the image"): SharingErrorOf<"ConcurrentModification"> => ({
    type: "ConcurrentModification",
    message: `${what} was changed by another operation; retry`,
  }),
  storageFailure: (cause: unknown): SharingErrorOf<"StorageFailure"> => ({
    type: "StorageFailure",
    message: `storage failed: ${describeCause(cause)}`,
    cause,
  }),
} as const;

/** True when `value` is one of the library's error values (useful in a host's catch-all). */
export function isSharingError(value: unknown): value is SharingError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    (ERROR_TYPES as readonly string[]).includes((value as { type: string }).type)
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
