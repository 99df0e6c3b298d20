import type { ResultAsync } from "neverthrow";
import type { SharingError } from "../domain/errors.js";
import type { SharingEvent } from "../domain/events.js";
import type { ImageView, StorageUsage } from "../domain/image.js";
import type {
  AuthorizeBootInput,
  CreateImageInput,
  GetSharingPolicyInput,
  ImageRefInput,
  ListEventsInput,
  ListImagesInput,
  ListPendingSharesInput,
  MemberRefInput,
  SetSharingPolicyInput,
  ShareImageInput,
  StorageUsageInput,
  UpdateImageInput,
} from "../domain/inputs.js";
import type { Member, PendingShare } from "../domain/member.js";
import type { Page } from "../domain/page.js";
import type { Principal } from "../domain/principal.js";
import type { SharingPolicy } from "../domain/sharing-policy.js";

/**
 * What a principal may pass: roles may be a readonly array (`as const`). Validated at every
 * call; anything else is a `ValidationError` with paths starting at `"principal"`.
 */
export type PrincipalInput = Omit<Principal, "roles"> & { readonly roles: readonly string[] };

/**
 * The operations of the service for one principal, bound by {@link ImageSharing.as}: the same
 * methods without the principal argument.
 */
export type BoundImageSharing = {
  readonly [K in Exclude<keyof ImageSharing, "as">]: ImageSharing[K] extends (
    principal: PrincipalInput,
    ...rest: infer A
  ) => infer R
    ? (...rest: A) => R
    : never;
};

/**
 * The image-sharing service. Every method takes the acting principal and an input, validates
 * both, and returns a `ResultAsync`: it never throws and its promise never rejects (R15).
 * When several errors apply, the first of this order is reported: ValidationError,
 * UnknownRegion, ImageNotFound, Forbidden, SelfShare, AccountNotFound, AlreadyShared /
 * ReshareRequired / MemberNotFound, MemberQuotaExceeded, RegionMismatch.
 */
export interface ImageSharing {
  /** Creates an image owned by the principal's account in a catalog region. Needs at least `cloudImages:creator`. */
  createImage(principal: PrincipalInput, input: CreateImageInput): ResultAsync<ImageView, SharingError>;
  /**
   * Renames an image. Owner account only, at least `cloudImages:creator`; members see the change
   * at once, because they read the producer's image, not a copy (R7).
   */
  updateImage(principal: PrincipalInput, input: UpdateImageInput): ResultAsync<ImageView, SharingError>;
  /** Deletes an image and all its members in one step (R13). Owner account only, at least `cloudImages:admin`. */
  deleteImage(principal: PrincipalInput, input: ImageRefInput): ResultAsync<void, SharingError>;
  /** An image visible to the principal's account: its own, or one it is a member of in any status (R9). */
  getImage(principal: PrincipalInput, input: ImageRefInput): ResultAsync<ImageView, SharingError>;
  /** The account's own images and the shares it has accepted (R2), newest first, one page at a time. */
  listImages(principal: PrincipalInput, input?: ListImagesInput): ResultAsync<Page<ImageView>, SharingError>;
  /**
   * Shares an image with another account: a new `pending` member (R1, R2), or `accepted` when the
   * consumer's policy trusts the producer (R17); optionally until `expiresAt` (R18). Owner account
   * only, at least `cloudImages:creator`; the consumer must exist and not block the producer
   * (R10, R17), must not be the owner, must not already be a member (R5), and the image's member
   * quota must allow it (R11).
   */
  shareImage(principal: PrincipalInput, input: ShareImageInput): ResultAsync<Member, SharingError>;
  /** Removes a consumer from an image, whatever its status (R5, R7). Owner account only, at least `cloudImages:admin`. */
  unshareImage(principal: PrincipalInput, input: MemberRefInput): ResultAsync<void, SharingError>;
  /** The image's members: all of them for the owner (expired ones flagged), only its own record for a consumer (R12). */
  listMembers(principal: PrincipalInput, input: ImageRefInput): ResultAsync<Member[], SharingError>;
  /** The account's pending shares, the notifications of R3, in the selected region (R6), newest share first, one page at a time. */
  listPendingShares(
    principal: PrincipalInput,
    input?: ListPendingSharesInput,
  ): ResultAsync<Page<PendingShare>, SharingError>;
  /** The consumer accepts a share (pending -> accepted), for every user of its account (R1). At least `cloudImages:admin`. */
  acceptImage(principal: PrincipalInput, input: ImageRefInput): ResultAsync<Member, SharingError>;
  /** The consumer rejects a share, pending or accepted (R4). At least `cloudImages:admin`. */
  rejectImage(principal: PrincipalInput, input: ImageRefInput): ResultAsync<Member, SharingError>;
  /** May the account boot a server from the image in `region`? Own image or accepted share, in its region (R6). */
  authorizeBoot(principal: PrincipalInput, input: AuthorizeBootInput): ResultAsync<ImageView, SharingError>;
  /** Count and bytes of the images the account owns; shares cost nothing (R7). */
  getStorageUsage(principal: PrincipalInput, input?: StorageUsageInput): ResultAsync<StorageUsage, SharingError>;
  /** The events concerning the account, oldest first; `nextCursor` is the `after` of the next page (R14). */
  listEvents(principal: PrincipalInput, input?: ListEventsInput): ResultAsync<Page<SharingEvent>, SharingError>;
  /** Sets which producers the account trusts and blocks (R17); an omitted list is unchanged. At least `cloudImages:admin`. */
  setSharingPolicy(principal: PrincipalInput, input?: SetSharingPolicyInput): ResultAsync<SharingPolicy, SharingError>;
  /** The account's sharing policy (R17). At least `cloudImages:observer`. */
  getSharingPolicy(principal: PrincipalInput, input?: GetSharingPolicyInput): ResultAsync<SharingPolicy, SharingError>;
  /**
   * The methods bound to one principal, validated once here instead of at every call (e.g. once
   * per request in a server). An invalid principal makes every bound method answer its
   * `ValidationError`.
   *
   * @example
   * const alice = sharing.as({ userId: "alice", accountId: "100001", roles: ["admin"] });
   * await alice.authorizeBoot({ imageId, region: "IAD" });
   */
  as(principal: PrincipalInput): BoundImageSharing;
}
