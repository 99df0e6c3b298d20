import type { ResultAsync } from "neverthrow";
import type { ImageChange } from "../domain/change.js";
import type { StoreError } from "../domain/errors.js";
import type { SharingEvent } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import type { Member, PendingShare } from "../domain/member.js";
import type { SortKey } from "../domain/page.js";
import type { RegionSelector } from "../domain/region.js";

/**
 * An image with its optimistic version. The image and its members form one unit of
 * consistency: every commit touching either bumps the version (R16).
 */
export type VersionedImage = { readonly image: Image; readonly version: number };

/**
 * One atomic change to one image and its members, with its events (R14, R16).
 * The events are fully stamped (id, time) by the service.
 */
export type StoreCommit = Omit<ImageChange, "events"> & {
  /** The image the change is about; every member in `putMembers` belongs to it. */
  readonly imageId: string;
  /**
   * The version the decision was made on; `null` means "the image must not exist yet"
   * (creating it). Any other current version fails the whole commit with `ConcurrentModification`.
   */
  readonly expectedVersion: number | null;
  readonly events: readonly SharingEvent[];
};

/** Query for the image list of one account: own images plus accepted shares (R2). */
export type VisibleImagesQuery = {
  readonly accountId: string;
  readonly region: RegionSelector;
  /** Start strictly after this key (newest first order); `null` for the first page. */
  readonly after: SortKey | null;
  readonly limit: number;
};

/** Query for the events that concern one account, oldest first. */
export type EventsQuery = {
  readonly accountId: string;
  /** Start strictly after the event with this id; `null` for the first. */
  readonly after: string | null;
  readonly limit: number;
};

/**
 * The storage port: everything the service reads, and one atomic write. Implement it to keep
 * images, members and events in your own database, then prove it with `runStoreConformance`
 * from `cloud-image-sharing/testing`.
 *
 * Every method MUST return a value, never throw and never reject: a lost optimistic race is
 * `ConcurrentModification`, anything else that goes wrong is `StorageFailure` with the cause.
 * Everything returned MUST be a copy (or frozen): a caller mutating it MUST NOT change the store.
 * Lists MUST be ordered newest first by the image's `createdAt`, ties broken by image id
 * descending, unless stated otherwise.
 */
export interface ImageSharingStore {
  /** The image and its version; `null` when absent. */
  getImage(imageId: string): ResultAsync<VersionedImage | null, StoreError>;
  /** The member record of (image, consumer account); `null` when absent. */
  getMember(imageId: string, consumerAccountId: string): ResultAsync<Member | null, StoreError>;
  /** Every member of the image, any status, newest first by `createdAt`, ties by consumer account id descending. */
  listMembers(imageId: string): ResultAsync<Member[], StoreError>;
  /** How many members (any status) the image has. */
  countMembers(imageId: string): ResultAsync<number, StoreError>;
  /** True when the account directory knows the account (R10). */
  accountExists(accountId: string): ResultAsync<boolean, StoreError>;
  /**
   * The account's own images and the images shared with it that it has *accepted*, in the
   * selected region, after the given key, at most `limit` of them. Cost MUST NOT grow with the
   * number of images of other accounts.
   */
  listVisibleImages(query: VisibleImagesQuery): ResultAsync<Image[], StoreError>;
  /** The account's pending shares (member + image) in the selected region. */
  listPendingShares(accountId: string, region: RegionSelector): ResultAsync<PendingShare[], StoreError>;
  /** Count and total bytes of the images the account *owns* (R7: shares cost nothing). */
  getStorageUsage(accountId: string): ResultAsync<{ imageCount: number; bytes: number }, StoreError>;
  /**
   * The events that concern the account (owner or named consumer), oldest first, in the order
   * they were committed; `null` when `after` is given but is not one of that account's events.
   */
  listEvents(query: EventsQuery): ResultAsync<SharingEvent[] | null, StoreError>;
  /**
   * Applies the commit atomically, or nothing of it: checks `expectedVersion` against the
   * image's current version; then puts or deletes the image (deleting it also deletes all its
   * members), puts and deletes members, appends the events, and bumps the image's version.
   * A version mismatch MUST fail with `ConcurrentModification` and change nothing.
   */
  commit(commit: StoreCommit): ResultAsync<void, StoreError>;
}

/**
 * The names of every method of {@link ImageSharingStore}: for checking a store object at
 * start-up, and for hosts that wrap a store (tracing, metrics, fault injection) method by method.
 */
export const STORE_METHODS = [
  "getImage",
  "getMember",
  "listMembers",
  "countMembers",
  "accountExists",
  "listVisibleImages",
  "listPendingShares",
  "getStorageUsage",
  "listEvents",
  "commit",
] as const satisfies readonly (keyof ImageSharingStore)[];
