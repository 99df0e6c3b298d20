import type { ResultAsync } from "neverthrow";
import type { SharingError } from "../domain/errors.js";
import type { SharingEvent } from "../domain/events.js";
import type { ImageView, StorageUsage } from "../domain/image.js";
import type {
  AuthorizeBootInput,
  CreateImageInput,
  ImageRefInput,
  ListEventsInput,
  ListImagesInput,
  ListPendingSharesInput,
  MemberRefInput,
  StorageUsageInput,
  UpdateImageInput,
} from "../domain/inputs.js";
import type { Member, PendingShare } from "../domain/member.js";
import type { Page } from "../domain/page.js";
import type { Principal } from "../domain/principal.js";

/**
 * The image-sharing service. Every method takes the acting principal and an input, validates
 * both, and returns a `ResultAsync`: it never throws and its promise never rejects (R15).
 * Errors follow the precedence of SPEC section 5.
 */
export interface ImageSharing {
  /** Creates an image owned by the principal's account in a catalog region. Needs at least `cloudImages:creator`. */
  createImage(principal: Principal, input: CreateImageInput): ResultAsync<ImageView, SharingError>;
  /**
   * Renames an image. Owner account only, at least `cloudImages:creator`; members see the change
   * at once, because they read the producer's image, not a copy (R7).
   */
  updateImage(principal: Principal, input: UpdateImageInput): ResultAsync<ImageView, SharingError>;
  /** Deletes an image and all its members in one step (R13). Owner account only, at least `cloudImages:admin`. */
  deleteImage(principal: Principal, input: ImageRefInput): ResultAsync<void, SharingError>;
  /** An image visible to the principal's account: its own, or one it is a member of in any status (R9). */
  getImage(principal: Principal, input: ImageRefInput): ResultAsync<ImageView, SharingError>;
  /** The account's own images and the shares it has accepted (R2), newest first, one page at a time. */
  listImages(principal: Principal, input?: ListImagesInput): ResultAsync<Page<ImageView>, SharingError>;
  /**
   * Shares an image with another account: a new `pending` member (R1, R2). Owner account only, at
   * least `cloudImages:creator`; the consumer must exist (R10), must not be the owner, must not
   * already be a member (R5), and the image's member quota must allow it (R11).
   */
  shareImage(principal: Principal, input: MemberRefInput): ResultAsync<Member, SharingError>;
  /** Removes a consumer from an image, whatever its status (R5, R7). Owner account only, at least `cloudImages:admin`. */
  unshareImage(principal: Principal, input: MemberRefInput): ResultAsync<void, SharingError>;
  /** The image's members: all of them for the owner, only its own record for a consumer (R12). */
  listMembers(principal: Principal, input: ImageRefInput): ResultAsync<Member[], SharingError>;
  /** The account's pending shares, the notifications of R3, in the selected region (R6). */
  listPendingShares(principal: Principal, input?: ListPendingSharesInput): ResultAsync<PendingShare[], SharingError>;
  /** The consumer accepts a share (pending -> accepted), for every user of its account (R1). At least `cloudImages:admin`. */
  acceptImage(principal: Principal, input: ImageRefInput): ResultAsync<Member, SharingError>;
  /** The consumer rejects a share, pending or accepted (R4). At least `cloudImages:admin`. */
  rejectImage(principal: Principal, input: ImageRefInput): ResultAsync<Member, SharingError>;
  /** May the account boot a server from the image in `region`? Own image or accepted share, in its region (R6). */
  authorizeBoot(principal: Principal, input: AuthorizeBootInput): ResultAsync<ImageView, SharingError>;
  /** Count and bytes of the images the account owns; shares cost nothing (R7). */
  getStorageUsage(principal: Principal, input?: StorageUsageInput): ResultAsync<StorageUsage, SharingError>;
  /** The events concerning the account, oldest first; `nextCursor` is the `after` of the next page (R14). */
  listEvents(principal: Principal, input?: ListEventsInput): ResultAsync<Page<SharingEvent>, SharingError>;
}
