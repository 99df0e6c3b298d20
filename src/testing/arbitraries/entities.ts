import type { Account, EventType, Image, ImageView, Member, MemberStatus, PendingShare, SharingEvent, StorageUsage } from "cloud-image-sharing";
import fc from "fast-check";
import { accountIdArb, idArb } from "./ids.js";
import { regionCodeArb } from "./regions.js";

/**
 * ISO-8601 UTC timestamps as the service writes them (`Date.prototype.toISOString`), 1970–2999.
 *
 * @example
 * fc.assert(fc.property(timestampArb(), (t) => TimestampSchema.safeParse(t).success));
 */
export function timestampArb(): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: Date.UTC(2999, 11, 31) }).map((ms) => new Date(ms).toISOString());
}

/** Two timestamps in order: `[createdAt, updatedAt]` with createdAt <= updatedAt. */
function createdThenUpdatedArb(): fc.Arbitrary<[string, string]> {
  return fc.tuple(timestampArb(), timestampArb()).map(([a, b]): [string, string] => (a <= b ? [a, b] : [b, a]));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: names must not contain them
const CONTROL_CHARACTER = /[\x00-\x1F\x7F]/;

/**
 * Image names: any Unicode text people type (spaces, accents, emoji), 1–255 UTF-16 units, no
 * control characters.
 *
 * @example
 * fc.assert(fc.property(imageNameArb(), (n) => ImageNameSchema.safeParse(n).success));
 */
export function imageNameArb(): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom("golden", "Ubuntu 24.04 LTS", "café ☕", "web-server (prod)"),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
    )
    .filter((name) => name.length >= 1 && name.length <= 255 && !CONTROL_CHARACTER.test(name));
}

/**
 * Image sizes in bytes: 0, everyday sizes, and up to `Number.MAX_SAFE_INTEGER`.
 *
 * @example
 * fc.assert(fc.property(sizeBytesArb(), (n) => SizeBytesSchema.safeParse(n).success));
 */
export function sizeBytesArb(): fc.Arbitrary<number> {
  return fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 40 }), fc.maxSafeNat());
}

/**
 * Accounts of the directory.
 *
 * @example
 * const accounts = fc.sample(accountArb(), 3); // pass to createInMemoryStore({ accounts })
 */
export function accountArb(): fc.Arbitrary<Account> {
  return fc.record({ id: accountIdArb() });
}

/**
 * Images. Pin any field to build images of one owner, region or id.
 *
 * @example
 * fc.assert(fc.property(imageArb({ region: "IAD" }), (image) => image.region === "IAD"));
 */
export function imageArb(pinned: Partial<Pick<Image, "id" | "ownerAccountId" | "region">> = {}): fc.Arbitrary<Image> {
  return fc
    .record({
      id: pinned.id === undefined ? idArb() : fc.constant(pinned.id),
      ownerAccountId: pinned.ownerAccountId === undefined ? accountIdArb() : fc.constant(pinned.ownerAccountId),
      name: imageNameArb(),
      region: pinned.region === undefined ? regionCodeArb() : fc.constant(pinned.region),
      sizeBytes: sizeBytesArb(),
      times: createdThenUpdatedArb(),
    })
    .map(({ times: [createdAt, updatedAt], ...rest }) => ({ ...rest, createdAt, updatedAt }));
}

/**
 * Image views: an image tagged `"own"` or `"shared"`.
 *
 * @example
 * fc.assert(fc.property(imageViewArb(), (view) => ImageViewSchema.safeParse(view).success));
 */
export function imageViewArb(): fc.Arbitrary<ImageView> {
  return fc.tuple(imageArb(), fc.constantFrom("own" as const, "shared" as const)).map(([image, source]) => ({ ...image, source }));
}

/**
 * Member statuses: `pending`, `accepted`, `rejected`.
 *
 * @example
 * const status = fc.sample(memberStatusArb(), 1)[0];
 */
export function memberStatusArb(): fc.Arbitrary<MemberStatus> {
  return fc.constantFrom("pending", "accepted", "rejected");
}

/**
 * Members in every status. Pin fields to build the members of one image or one consumer.
 *
 * @example
 * fc.assert(fc.property(memberArb({ status: "rejected" }), (m) => m.status === "rejected"));
 */
export function memberArb(pinned: Partial<Pick<Member, "imageId" | "consumerAccountId" | "status">> = {}): fc.Arbitrary<Member> {
  return fc
    .record({
      imageId: pinned.imageId === undefined ? idArb() : fc.constant(pinned.imageId),
      consumerAccountId: pinned.consumerAccountId === undefined ? accountIdArb() : fc.constant(pinned.consumerAccountId),
      status: pinned.status === undefined ? memberStatusArb() : fc.constant(pinned.status),
      times: createdThenUpdatedArb(),
    })
    .map(({ times: [createdAt, updatedAt], ...rest }) => ({ ...rest, createdAt, updatedAt }));
}

/**
 * Pending shares as `listPendingShares` returns them: an image and its pending member.
 *
 * @example
 * fc.assert(fc.property(pendingShareArb(), (s) => s.member.imageId === s.image.id));
 */
export function pendingShareArb(): fc.Arbitrary<PendingShare> {
  return imageArb().chain((image) =>
    memberArb({ imageId: image.id, status: "pending" })
      .filter((member) => member.consumerAccountId !== image.ownerAccountId)
      .map((member) => ({ image, member })),
  );
}

/**
 * Storage usage reports.
 *
 * @example
 * fc.assert(fc.property(storageUsageArb(), (u) => StorageUsageSchema.safeParse(u).success));
 */
export function storageUsageArb(): fc.Arbitrary<StorageUsage> {
  return fc.record({ accountId: accountIdArb(), imageCount: fc.nat({ max: 10_000 }), bytes: sizeBytesArb() });
}

/** The event types that name a consumer account. */
const CONSUMER_EVENTS: readonly EventType[] = ["ImageShared", "ShareAccepted", "ShareRejected", "ShareRevoked"];

/**
 * Sharing events of every type. Share events (`ImageShared`, `ShareAccepted`, `ShareRejected`,
 * `ShareRevoked`) always name a consumer; `ImageDeleted` sometimes does (one event per account
 * that loses the image); `ImageCreated` and `ImageUpdated` never do.
 *
 * @example
 * fc.assert(fc.property(eventArb({ type: "ImageShared" }), (e) => e.consumerAccountId !== undefined));
 */
export function eventArb(pinned: Partial<Pick<SharingEvent, "type" | "imageId" | "ownerAccountId">> = {}): fc.Arbitrary<SharingEvent> {
  const type: fc.Arbitrary<EventType> =
    pinned.type === undefined
      ? fc.constantFrom("ImageCreated", "ImageUpdated", "ImageDeleted", "ImageShared", "ShareAccepted", "ShareRejected", "ShareRevoked")
      : fc.constant(pinned.type);
  return fc
    .record({
      id: idArb(),
      type,
      occurredAt: timestampArb(),
      imageId: pinned.imageId === undefined ? idArb() : fc.constant(pinned.imageId),
      ownerAccountId: pinned.ownerAccountId === undefined ? accountIdArb() : fc.constant(pinned.ownerAccountId),
      consumer: accountIdArb(),
      deletedForConsumer: fc.boolean(),
      actorUserId: idArb(),
      actorIsConsumer: fc.boolean(),
    })
    .map(({ consumer, deletedForConsumer, actorIsConsumer, ...event }): SharingEvent => {
      const namesConsumer = CONSUMER_EVENTS.includes(event.type) || (event.type === "ImageDeleted" && deletedForConsumer);
      // Consumers act only on their own member (accept, reject); everything else is the owner's doing.
      const consumerActs = namesConsumer && actorIsConsumer && (event.type === "ShareAccepted" || event.type === "ShareRejected");
      const base = { ...event, actorAccountId: consumerActs ? consumer : event.ownerAccountId };
      return namesConsumer ? { ...base, consumerAccountId: consumer } : base;
    });
}
