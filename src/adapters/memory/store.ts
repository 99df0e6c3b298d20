import { err, ok, type Result } from "neverthrow";
import { z } from "zod/v4";
import { AccountSchema } from "../../domain/account.js";
import type { CatalogImport, ImportReport } from "../../domain/catalog.js";
import { SharingErrors, type StoreError } from "../../domain/errors.js";
import type { Image } from "../../domain/image.js";
import type { Member } from "../../domain/member.js";
import { compareNewestFirst, type SortKey } from "../../domain/page.js";
import { parseArgument, parseOptionsOrThrow } from "../../domain/parse.js";
import type {
  CommitReceipt,
  ImageFacts,
  ImageFactsQuery,
  ImageSharingStore,
  PolicyCommit,
  StoreCommit,
  VersionedPolicy,
  VisibleImagesQuery,
} from "../../ports/store.js";
import { planCommit } from "./commit-plan.js";
import { appendEvent, type EventLog, readEvents } from "./event-log.js";
import { frozenEvent, frozenImage, frozenMember, frozenPolicy } from "./frozen.js";
import { importCatalogInto, MemoryImportOptionsSchema } from "./import.js";
import { type InMemoryStoreOptions, InMemoryStoreOptionsSchema } from "./options.js";
import { addToIndex, listFor, type RegionIndex, removeFromIndex } from "./region-index.js";
import { createShareIndex, type ShareEntry } from "./share-index.js";
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

/** The port, every method answering at once (a `Result`, never a promise), as the in-memory store does. */
export type SynchronousStore = {
  [K in keyof ImageSharingStore]: (
    ...args: Parameters<ImageSharingStore[K]>
  ) => Extract<ReturnType<ImageSharingStore[K]>, Result<unknown, unknown>>;
};

/** The in-memory store: the port, answered synchronously, plus what a host or test may want beyond it. */
export type InMemoryStore = SynchronousStore & {
  /** Adds accounts (`{ id }` entries) to the directory (idempotent). An invalid entry is a `ValidationError`; never throws. */
  addAccounts(accounts: readonly { readonly id: string }[]): Result<void, ReturnType<typeof SharingErrors.validation>>;
  /**
   * Bulk import of an existing catalog (accounts, images, members) that keeps every rule of the
   * service (`regions` and `memberQuota` are the service's): all of it, or — with a
   * `ValidationError` listing what breaks a rule — nothing. Records the events the service
   * would have: `ImageCreated` per image, `ImageShared` per member, and `ShareAccepted` /
   * `ShareRejected` for members imported decided (acting accounts, no acting user).
   */
  importCatalog(
    catalog: CatalogImport,
    options?: z.input<typeof MemoryImportOptionsSchema>,
  ): Result<ImportReport, StoreError | ReturnType<typeof SharingErrors.validation>>;
};

const AccountListSchema = z.array(AccountSchema);

/**
 * A store that keeps everything in this process: the default of `createImageSharing`, and the
 * reference every other adapter is measured against.
 *
 * - Indexed: own images by (owner, region), accepted and pending shares by (consumer, region),
 *   expiring shares by expiry, events by account; every list walks only what it returns, and
 *   the facts of a decision are a few map look-ups, answered synchronously.
 * - Atomic: `commit` runs synchronously, so a change, its events and the new version happen
 *   together or (on a version mismatch or an invalid commit) not at all. Versions come from one
 *   store-wide counter, so they never repeat, also when an image id is re-created.
 * - Safe to hand out: stored objects are frozen, so no caller can change the store by mutation.
 *
 * Throws a `ConfigurationError` at start-up for invalid options (an invalid account entry).
 *
 * @example
 * const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
 */
export function createInMemoryStore(options?: InMemoryStoreOptions): InMemoryStore {
  const parsed = parseOptionsOrThrow("createInMemoryStore", InMemoryStoreOptionsSchema, options);
  const accounts = new Set(parsed.accounts.map((a) => a.id));
  const images = new Map<string, ImageRecord>();
  const ownImages: RegionIndex<ImageRecord> = new Map();
  const acceptedShares = createShareIndex<ImageRecord>();
  const pendingShares = createShareIndex<ImageRecord>();
  const usage = new Map<string, { imageCount: number; bytes: number }>();
  const policies = new Map<string, VersionedPolicy>();
  const events: EventLog = new Map();
  let lastVersion = 0;

  /** The entry of a member in its status's index: accepted shares sort by the image, pending ones by the share. */
  function entryOf(record: ImageRecord, member: Member): ShareEntry<ImageRecord> {
    const key = member.status === "pending" ? { createdAt: member.createdAt, id: record.image.id } : record.key;
    return { key, item: record, expiresAt: member.expiresAt };
  }

  function indexMember(record: ImageRecord, member: Member, add: boolean): void {
    const index = member.status === "accepted" ? acceptedShares : member.status === "pending" ? pendingShares : null;
    if (index === null) return;
    const entry = entryOf(record, member);
    if (add) index.add(member.consumerAccountId, record.image.region, entry);
    else index.remove(member.consumerAccountId, record.image.region, entry);
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
      const created: ImageRecord = {
        key: { createdAt: image.createdAt, id: image.id },
        image: stored,
        version: 0,
        members: new Map(),
      };
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

  function commit(change: StoreCommit): Result<CommitReceipt, StoreError> {
    const current = images.get(change.imageId);
    if ((current?.version ?? null) !== change.expectedVersion)
      return err(SharingErrors.concurrentModification(change.imageId));
    const policy = change.expectedConsumerPolicy;
    if (policy !== undefined && (policies.get(policy.accountId)?.version ?? null) !== policy.version) {
      return err(SharingErrors.concurrentModification(change.imageId));
    }
    const plan = planCommit(change, current);
    if (typeof plan === "string")
      return err(SharingErrors.storageFailure(new Error(`invalid commit: ${plan}`), "invalid-response"));
    let version: number | null = null;
    if (plan.kind === "delete") {
      deleteImage(plan.record);
    } else {
      const record = plan.kind === "put" ? putImage(plan.record, plan.image) : plan.record;
      for (const consumer of change.deleteMembers ?? []) deleteMember(record, consumer);
      for (const member of change.putMembers ?? []) putMember(record, member);
      lastVersion += 1;
      record.version = lastVersion;
      version = lastVersion;
    }
    for (const event of change.events) appendEvent(events, frozenEvent(event));
    return ok({ version });
  }

  function commitPolicy(change: PolicyCommit): Result<void, StoreError> {
    const accountId = change.policy.accountId;
    if ((policies.get(accountId)?.version ?? null) !== change.expectedVersion || change.event.accountId !== accountId) {
      return err(SharingErrors.concurrentModification());
    }
    lastVersion += 1;
    policies.set(accountId, Object.freeze({ policy: frozenPolicy(change.policy), version: lastVersion }));
    appendEvent(events, frozenEvent(change.event));
    return ok(undefined);
  }

  function readImageFacts(query: ImageFactsQuery): Result<ImageFacts, StoreError> {
    const record = images.get(query.imageId);
    // Built field by field: spreading optional parts cost more than the look-ups (the boot check's hot path).
    const facts: { -readonly [K in keyof ImageFacts]: ImageFacts[K] } = {
      image: record === undefined ? null : { image: record.image, version: record.version },
      member: record?.members.get(query.accountId) ?? null,
    };
    const { consumerAccountId } = query;
    if (consumerAccountId !== undefined) {
      const policy = policies.get(consumerAccountId);
      facts.consumer = {
        member: record?.members.get(consumerAccountId) ?? null,
        exists: accounts.has(consumerAccountId),
        policy: policy?.policy ?? null,
        policyVersion: policy?.version ?? null,
        memberCount: record?.members.size ?? 0,
      };
    }
    if (query.withMembers === true) facts.members = membersOf(record);
    return ok(facts);
  }

  /** Own images and accepted, unexpired shares merged in list order, from `after`, at most `limit`. */
  function listVisibleImages(query: VisibleImagesQuery): Result<Image[], StoreError> {
    const own = listFor(ownImages, query.accountId, query.region);
    const shared = acceptedShares.page(query.accountId, query.region, query.after, query.limit, query.now);
    let i = firstIndexAfter(own, query.after);
    let j = 0;
    const page: Image[] = [];
    while (page.length < query.limit) {
      const a = own[i];
      const b = shared[j];
      const next = a === undefined ? b : b === undefined || compareNewestFirst(a.key, b.key) < 0 ? a : b;
      if (next === undefined) break;
      if (next === a) {
        page.push(a.image);
        i += 1;
      } else {
        page.push(shared[j]?.item.image as Image);
        j += 1;
      }
    }
    return ok(page);
  }

  const addAccounts: InMemoryStore["addAccounts"] = (entries) => {
    const checked = parseArgument(AccountListSchema, entries, []);
    if (!checked.success) return err(SharingErrors.validation(checked.issues));
    for (const account of checked.data) accounts.add(account.id);
    return ok(undefined);
  };

  return {
    readImageFacts,
    listVisibleImages,
    listPendingShares: (query) =>
      ok(
        pendingShares
          .page(query.accountId, query.region, query.after, query.limit, query.now)
          .flatMap(({ item: record }) => {
            const member = record.members.get(query.accountId);
            return member === undefined ? [] : [{ image: record.image, member }];
          }),
      ),
    getStorageUsage: (accountId) => ok({ ...(usage.get(accountId) ?? { imageCount: 0, bytes: 0 }) }),
    listEvents: (query) => ok(readEvents(events, query.accountId, query.after, query.limit)),
    getSharingPolicy: (accountId) => ok(policies.get(accountId) ?? null),
    commit,
    commitPolicy,
    addAccounts,
    importCatalog: (catalog, options) => {
      const rules = parseArgument(MemoryImportOptionsSchema, options, []);
      if (!rules.success) return err(SharingErrors.validation(rules.issues));
      return importCatalogInto(
        { readImageFacts, commit, addAccounts, isKnownAccount: (id) => accounts.has(id) },
        catalog,
        rules.data,
        () => globalThis.crypto.randomUUID(),
      );
    },
  };
}

/** Every member of the image, newest first by createdAt, ties by consumer account id descending. */
function membersOf(record: ImageRecord | undefined): Member[] {
  const members = [...(record?.members.values() ?? [])];
  const keyOf = (m: Member): SortKey => ({ createdAt: m.createdAt, id: m.consumerAccountId });
  return members.sort((a, b) => compareNewestFirst(keyOf(a), keyOf(b)));
}
