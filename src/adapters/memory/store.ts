import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { SharingErrors, type StoreError } from "../../domain/errors.js";
import type { Image } from "../../domain/image.js";
import type { Member, PendingShare } from "../../domain/member.js";
import { compareNewestFirst, type SortKey } from "../../domain/page.js";
import type { ImageSharingStore, StoreCommit, VisibleImagesQuery } from "../../ports/store.js";
import { appendEvent, type EventLog, readEvents } from "./event-log.js";
import { frozenEvent, frozenImage, frozenMember } from "./frozen.js";
import { type InMemoryStoreOptions, InMemoryStoreOptionsSchema } from "./options.js";
import { addToIndex, listFor, type RegionIndex, removeFromIndex } from "./region-index.js";
import { firstIndexAfter } from "./sorted-list.js";

/**
 * One image with everything that changes with it. Indexes hold references to records, so an
 * image and its members are stored once; `key` (createdAt, id) never changes.
 */
type ImageRecord = {
  readonly key: SortKey;
  image: Image;
  version: number;
  readonly members: Map<string, Member>;
};

/** The in-memory store, plus what a host or test may want beyond the port. */
export type InMemoryStore = ImageSharingStore & {
  /** Adds an account to the directory (idempotent). Throws for an invalid id, like the constructor. */
  addAccount(accountId: string): void;
};

/**
 * A store that keeps everything in this process: the default of `createImageSharing`, and the
 * reference every other adapter is measured against.
 *
 * - Indexed: own images by (owner, region), accepted and pending shares by (consumer, region),
 *   events by account; every list walks only what it returns, the boot check is two map look-ups.
 * - Atomic: `commit` runs synchronously, so a change, its events and the version bump happen
 *   together or (on a version mismatch or an invalid commit) not at all.
 * - Safe to hand out: stored objects are frozen, so no caller can change the store by mutation.
 *
 * Throws at start-up for invalid options (an invalid account id), so a misconfigured service
 * fails fast.
 *
 * @example
 * const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
 */
export function createInMemoryStore(options?: InMemoryStoreOptions): InMemoryStore {
  const parsed = InMemoryStoreOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`createInMemoryStore: invalid options: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const accounts = new Set(parsed.data.accounts.map((a) => a.id));
  const images = new Map<string, ImageRecord>();
  const ownImages: RegionIndex<ImageRecord> = new Map();
  const acceptedShares: RegionIndex<ImageRecord> = new Map();
  const pendingShares: RegionIndex<ImageRecord> = new Map();
  const usage = new Map<string, { imageCount: number; bytes: number }>();
  const events: EventLog = new Map();

  const shareIndexFor = (status: Member["status"]): RegionIndex<ImageRecord> | null =>
    status === "accepted" ? acceptedShares : status === "pending" ? pendingShares : null;

  function indexMember(record: ImageRecord, member: Member, add: boolean): void {
    const index = shareIndexFor(member.status);
    if (index === null) return;
    if (add) addToIndex(index, member.consumerAccountId, record.image.region, record);
    else removeFromIndex(index, member.consumerAccountId, record.image.region, record);
  }

  function countUsage(image: Image, sign: 1 | -1): void {
    const current = usage.get(image.ownerAccountId) ?? { imageCount: 0, bytes: 0 };
    const next = { imageCount: current.imageCount + sign, bytes: current.bytes + sign * image.sizeBytes };
    if (next.imageCount === 0) usage.delete(image.ownerAccountId);
    else usage.set(image.ownerAccountId, next);
  }

  function putMember(record: ImageRecord, member: Member): void {
    const previous = record.members.get(member.consumerAccountId);
    if (previous !== undefined) indexMember(record, previous, false);
    const stored = frozenMember(member);
    record.members.set(member.consumerAccountId, stored);
    indexMember(record, stored, true);
  }

  function deleteMember(record: ImageRecord, consumerAccountId: string): void {
    const previous = record.members.get(consumerAccountId);
    if (previous === undefined) return;
    indexMember(record, previous, false);
    record.members.delete(consumerAccountId);
  }

  function deleteImage(record: ImageRecord): void {
    for (const consumer of [...record.members.keys()]) deleteMember(record, consumer);
    removeFromIndex(ownImages, record.image.ownerAccountId, record.image.region, record);
    countUsage(record.image, -1);
    images.delete(record.image.id);
  }

  function putImage(record: ImageRecord | undefined, image: Image): ImageRecord {
    const stored = frozenImage(image);
    if (record === undefined) {
      const created: ImageRecord = { key: { createdAt: image.createdAt, id: image.id }, image: stored, version: 0, members: new Map() };
      images.set(image.id, created);
      addToIndex(ownImages, image.ownerAccountId, image.region, created);
      countUsage(stored, 1);
      return created;
    }
    countUsage(record.image, -1);
    countUsage(stored, 1);
    record.image = stored;
    return record;
  }

  /** What a valid commit does to the image: create or replace it, delete it, or only touch its members. */
  type Plan =
    | { readonly kind: "put"; readonly record: ImageRecord | undefined; readonly image: Image }
    | { readonly kind: "delete"; readonly record: ImageRecord }
    | { readonly kind: "members"; readonly record: ImageRecord };

  /** The plan of a commit, or why it cannot be applied at all (checked before anything changes). */
  function planCommit(commit: StoreCommit, record: ImageRecord | undefined): Plan | string {
    const { image } = commit;
    if (commit.putMembers?.some((m) => m.imageId !== commit.imageId)) return "a member belongs to another image than the commit's";
    if (image === undefined || image === null) {
      if (record === undefined) return "the image does not exist";
      if (image === null && (commit.putMembers?.length ?? 0) > 0) return "members cannot be put on an image being deleted";
      return image === null ? { kind: "delete", record } : { kind: "members", record };
    }
    if (image.id !== commit.imageId) return "the image's id differs from the commit's imageId";
    if (
      record !== undefined &&
      (image.ownerAccountId !== record.image.ownerAccountId || image.region !== record.image.region || image.createdAt !== record.image.createdAt)
    ) {
      return "an image's owner, region and createdAt never change";
    }
    return { kind: "put", record, image };
  }

  function commit(change: StoreCommit): ResultAsync<void, StoreError> {
    const current = images.get(change.imageId);
    if ((current?.version ?? null) !== change.expectedVersion) {
      return errAsync(SharingErrors.concurrentModification(`image ${change.imageId}`));
    }
    const plan = planCommit(change, current);
    if (typeof plan === "string") return errAsync(SharingErrors.storageFailure(new Error(`invalid commit: ${plan}`)));
    if (plan.kind === "delete") {
      deleteImage(plan.record);
    } else {
      const record = plan.kind === "put" ? putImage(plan.record, plan.image) : plan.record;
      for (const consumer of change.deleteMembers ?? []) deleteMember(record, consumer);
      for (const member of change.putMembers ?? []) putMember(record, member);
      record.version += 1;
    }
    for (const event of change.events) appendEvent(events, frozenEvent(event));
    return okAsync(undefined);
  }

  /** Own images and accepted shares merged in list order, from `after`, at most `limit`. */
  function listVisibleImages(query: VisibleImagesQuery): ResultAsync<Image[], StoreError> {
    const own = listFor(ownImages, query.accountId, query.region);
    const shared = listFor(acceptedShares, query.accountId, query.region);
    let i = firstIndexAfter(own, query.after);
    let j = firstIndexAfter(shared, query.after);
    const page: Image[] = [];
    while (page.length < query.limit) {
      const a = own[i];
      const b = shared[j];
      const next = a === undefined ? b : b === undefined || compareNewestFirst(a.key, b.key) < 0 ? a : b;
      if (next === undefined) break;
      page.push(next.image);
      if (next === a) i += 1;
      else j += 1;
    }
    return okAsync(page);
  }

  return {
    getImage: (imageId) => {
      const record = images.get(imageId);
      return okAsync(record === undefined ? null : { image: record.image, version: record.version });
    },
    getMember: (imageId, consumerAccountId) => okAsync(images.get(imageId)?.members.get(consumerAccountId) ?? null),
    listMembers: (imageId) => {
      const members = [...(images.get(imageId)?.members.values() ?? [])];
      const keyOf = (m: Member): SortKey => ({ createdAt: m.createdAt, id: m.consumerAccountId });
      return okAsync(members.sort((a, b) => compareNewestFirst(keyOf(a), keyOf(b))));
    },
    countMembers: (imageId) => okAsync(images.get(imageId)?.members.size ?? 0),
    accountExists: (accountId) => okAsync(accounts.has(accountId)),
    listVisibleImages,
    listPendingShares: (accountId, region) =>
      okAsync(
        listFor(pendingShares, accountId, region).flatMap((record): PendingShare[] => {
          const member = record.members.get(accountId);
          return member === undefined ? [] : [{ image: record.image, member }];
        }),
      ),
    getStorageUsage: (accountId) => okAsync({ ...(usage.get(accountId) ?? { imageCount: 0, bytes: 0 }) }),
    listEvents: (query) => okAsync(readEvents(events, query.accountId, query.after, query.limit)),
    commit,
    addAccount: (accountId) => {
      const parsed = InMemoryStoreOptionsSchema.parse({ accounts: [{ id: accountId }] });
      for (const account of parsed.accounts) accounts.add(account.id);
    },
  };
}
