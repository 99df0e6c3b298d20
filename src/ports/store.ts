import type { Result } from "neverthrow";
import type { ImageChange } from "../domain/change.js";
import type { StoreError } from "../domain/errors.js";
import type { ImageEvent, SharingEvent, SharingPolicyChangedEvent } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import type { Member, PendingShare } from "../domain/member.js";
import type { SortKey } from "../domain/page.js";
import type { RegionSelector } from "../domain/region.js";
import type { SharingPolicy } from "../domain/sharing-policy.js";

/**
 * What a store method answers: a `Result` at once, or a promise of one (a neverthrow
 * `ResultAsync` is one). A store that has the answer in hand returns it synchronously and the
 * service does not wait a turn of the event loop for it; a store that does I/O returns a promise.
 */
export type StoreAnswer<T> = Result<T, StoreError> | PromiseLike<Result<T, StoreError>>;

/**
 * An image with its optimistic version. The image and its members form one unit of
 * consistency: every commit touching either gives it a new version (R16). Versions never
 * repeat for one id, also across a delete and a re-creation of that id: a decision made on a
 * deleted image can never commit onto a new image that happens to reuse its id.
 */
export type VersionedImage = { readonly image: Image; readonly version: number };

/** What one image-scoped decision needs to know, read in one go (one round trip). */
export type ImageFactsQuery = {
  readonly imageId: string;
  /** The acting account: its own member record of the image is read. */
  readonly accountId: string;
  /** A consumer account the decision is about (share, unshare): its record, existence and policy are read too. */
  readonly consumerAccountId?: string;
  /** Also read every member of the image (delete; the owner's member list). */
  readonly withMembers?: boolean;
};

/** What a share or unshare decision needs about the consumer account. */
export type ConsumerFacts = {
  /** The consumer's member record of the image, or `null`. */
  readonly member: Member | null;
  /** Whether the account directory knows the consumer (R10). */
  readonly exists: boolean;
  /** The consumer's sharing policy (R17), or `null` when it never set one. */
  readonly policy: SharingPolicy | null;
  /** The version of that policy (`null` when it never set one), for the commit's `expectedConsumerPolicy`. */
  readonly policyVersion: number | null;
  /** How many members (any status, expired included) the image has (R11). */
  readonly memberCount: number;
};

/**
 * The answer to an {@link ImageFactsQuery}. For an absent image: `image` and `member` are
 * `null`; `consumer` (when asked for) still says whether the account exists and its policy, with
 * no member and a count of 0; `members` (when asked for) is empty.
 */
export type ImageFacts = {
  /** The image and its version, or `null` when absent. */
  readonly image: VersionedImage | null;
  /** The acting account's own member record, or `null`. */
  readonly member: Member | null;
  /** Present when `consumerAccountId` was asked for. */
  readonly consumer?: ConsumerFacts;
  /** Present when `withMembers` was asked for: every member, any status, newest first by `createdAt`, ties by consumer account id descending. */
  readonly members?: readonly Member[];
};

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
  /**
   * A share decided on the consumer's sharing policy (R17) expects that policy to be unchanged:
   * if the account's policy version is no longer `version` (`null`: it has none), the whole
   * commit fails with `ConcurrentModification`, so a share never lands after a policy change it
   * did not see (R16: the end state is some serial order).
   */
  readonly expectedConsumerPolicy?: { readonly accountId: string; readonly version: number | null } | undefined;
  readonly events: readonly ImageEvent[];
};

/**
 * What a successful {@link ImageSharingStore.commit} answers: the image's version after the
 * change (`null`: the commit deleted it). The service keeps the facts it committed under that
 * version, so its next change of the same image can commit without reading them again: the
 * commit's version check still proves they are current (see `docs/performance.md`).
 */
export type CommitReceipt = { readonly version: number | null };

/** A sharing policy with its optimistic version (`null` version: never set). */
export type VersionedPolicy = { readonly policy: SharingPolicy; readonly version: number };

/** One atomic change of an account's sharing policy, with its event (R17). */
export type PolicyCommit = {
  readonly policy: SharingPolicy;
  /** The version the change was decided on; `null`: the account must have no policy yet. */
  readonly expectedVersion: number | null;
  readonly event: SharingPolicyChangedEvent;
};

/** Query for the image list of one account: own images plus accepted, unexpired shares (R2, R18). */
export type VisibleImagesQuery = {
  readonly accountId: string;
  readonly region: RegionSelector;
  /** Start strictly after this key (newest first by the image's createdAt, then image id); `null` for the first page. */
  readonly after: SortKey | null;
  readonly limit: number;
  /** The service clock's now: a share whose `expiresAt` is at or before it is left out (R18). */
  readonly now: string;
};

/** Query for the pending, unexpired shares of one account (R3, R18). */
export type PendingSharesQuery = {
  readonly accountId: string;
  readonly region: RegionSelector;
  /** Start strictly after this key: newest share first, by the *member's* createdAt, then image id. */
  readonly after: SortKey | null;
  readonly limit: number;
  readonly now: string;
};

/** Query for the events that concern one account, oldest first. */
export type EventsQuery = {
  readonly accountId: string;
  /** Start strictly after the event with this id; `null` for the first. */
  readonly after: string | null;
  readonly limit: number;
};

/**
 * The storage port: everything the service reads, and one atomic write per aggregate (an image
 * with its members; an account's sharing policy). Implement it to keep images, members and
 * events in your own database, then prove it with `runStoreConformance` from
 * `cloud-image-sharing/testing`.
 *
 * Every method MUST answer with a `Result` (or a promise of one) and SHOULD never throw or
 * reject; the service survives a store that does (it reports `StorageFailure`), but a store
 * that does is not conformant. A lost optimistic race is `ConcurrentModification`; anything else
 * that goes wrong is `StorageFailure` with the cause. Everything returned MUST be a copy (or
 * frozen): a caller mutating it MUST NOT change the store. Lists MUST be ordered newest first,
 * ties broken by id descending. Each method is meant to be one round trip to a database.
 */
export interface ImageSharingStore {
  /** The facts of one image-scoped decision (see {@link ImageFactsQuery}); absent things are `null`. */
  readImageFacts(query: ImageFactsQuery): StoreAnswer<ImageFacts>;
  /**
   * The account's own images and the unexpired shares it has *accepted*, in the selected region,
   * after the given key, at most `limit` of them. Cost MUST NOT grow with the number of images of
   * other accounts, nor with the account's expired shares.
   */
  listVisibleImages(query: VisibleImagesQuery): StoreAnswer<Image[]>;
  /** The account's pending, unexpired shares (member + image) in the selected region, newest share first, one page. */
  listPendingShares(query: PendingSharesQuery): StoreAnswer<PendingShare[]>;
  /** Count and total bytes of the images the account *owns* (R7: shares cost nothing). Cost MUST NOT grow with the number of images. */
  getStorageUsage(accountId: string): StoreAnswer<{ imageCount: number; bytes: number }>;
  /**
   * The events that concern the account (owner or named consumer of an image event, or the
   * account of a policy event), oldest first, in the order they were committed; `null` when
   * `after` is given but is not one of that account's events. A reader MUST never skip an event
   * that a later read would show before the last one it returned.
   */
  listEvents(query: EventsQuery): StoreAnswer<SharingEvent[] | null>;
  /** The account's sharing policy and its version; `null` when it never set one. */
  getSharingPolicy(accountId: string): StoreAnswer<VersionedPolicy | null>;
  /**
   * Applies the commit atomically, or nothing of it: checks `expectedVersion` against the
   * image's current version; then puts or deletes the image (deleting it also deletes all its
   * members), puts and deletes members, appends the events, and gives the image a new version.
   * A version mismatch MUST fail with `ConcurrentModification` and change nothing. Answers the
   * image's new version (the one `readImageFacts` reports from then on), `null` after a delete.
   */
  commit(commit: StoreCommit): StoreAnswer<CommitReceipt>;
  /** Writes the policy and appends its event atomically if its version is `expectedVersion`; else `ConcurrentModification`. */
  commitPolicy(commit: PolicyCommit): StoreAnswer<void>;
}

/**
 * The names of every method of {@link ImageSharingStore}: for checking a store object at
 * start-up, and for hosts that wrap a store (tracing, metrics, fault injection) method by method.
 */
export const STORE_METHODS = [
  "readImageFacts",
  "listVisibleImages",
  "listPendingShares",
  "getStorageUsage",
  "listEvents",
  "getSharingPolicy",
  "commit",
  "commitPolicy",
] as const satisfies readonly (keyof ImageSharingStore)[];

/** Compile-time proof that {@link STORE_METHODS} names every method of the port, no more, no less. */
type MissingStoreMethods = Exclude<keyof ImageSharingStore, (typeof STORE_METHODS)[number]>;
const _everyStoreMethodListed: MissingStoreMethods extends never ? true : false = true;
void _everyStoreMethodListed;
