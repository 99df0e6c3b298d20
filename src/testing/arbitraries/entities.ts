import type {
  Account,
  EventType,
  Image,
  ImageEvent,
  ImageView,
  Member,
  MemberStatus,
  PendingShare,
  SharingEvent,
  SharingPolicy,
  SharingPolicyChangedEvent,
  StorageUsage,
} from "cloud-image-sharing";
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
  return fc
    .tuple(imageArb(), fc.constantFrom("own" as const, "shared" as const))
    .map(([image, source]) => ({ ...image, source }));
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

/** A time strictly after `time` (up to about a year later), for `expiresAt`. */
function laterThan(time: string): fc.Arbitrary<string> {
  return fc.integer({ min: 1, max: 366 * 24 * 3600 * 1000 }).map((ms) => new Date(Date.parse(time) + ms).toISOString());
}

/**
 * Members in every status, some expiring (R18: `expiresAt` after `createdAt`, and sometimes
 * `expired: true` as the producer sees a share past it). Pin fields to build the members of one
 * image or one consumer; `expiring: false` leaves `expiresAt` out, `true` always sets it.
 *
 * @example
 * fc.assert(fc.property(memberArb({ status: "rejected" }), (m) => m.status === "rejected"));
 */
export function memberArb(
  pinned: Partial<Pick<Member, "imageId" | "consumerAccountId" | "status">> & { readonly expiring?: boolean } = {},
): fc.Arbitrary<Member> {
  return fc
    .record({
      imageId: pinned.imageId === undefined ? idArb() : fc.constant(pinned.imageId),
      consumerAccountId:
        pinned.consumerAccountId === undefined ? accountIdArb() : fc.constant(pinned.consumerAccountId),
      status: pinned.status === undefined ? memberStatusArb() : fc.constant(pinned.status),
      times: createdThenUpdatedArb(),
      expiring: pinned.expiring === undefined ? fc.boolean() : fc.constant(pinned.expiring),
      expired: fc.boolean(),
    })
    .chain(({ times: [createdAt, updatedAt], expiring, expired, ...rest }) => {
      const member: Member = { ...rest, createdAt, updatedAt };
      if (!expiring) return fc.constant(member);
      return laterThan(createdAt).map(
        (expiresAt): Member => ({ ...member, expiresAt, ...(expired ? { expired: true } : {}) }),
      );
    });
}

/**
 * Pending shares as `listPendingShares` returns them: an image and its pending member (maybe
 * expiring later, never `expired`).
 *
 * @example
 * fc.assert(fc.property(pendingShareArb(), (s) => s.member.imageId === s.image.id));
 */
export function pendingShareArb(): fc.Arbitrary<PendingShare> {
  return imageArb().chain((image) =>
    memberArb({ imageId: image.id, status: "pending" })
      .filter((member) => member.consumerAccountId !== image.ownerAccountId)
      // A consumer never sees an expired share, so a listed one never says `expired`.
      .map(({ expired: _expired, ...member }) => ({ image, member })),
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

/** Every image event type. */
const IMAGE_EVENT_TYPES: readonly EventType[] = ["ImageCreated", "ImageUpdated", "ImageDeleted", ...CONSUMER_EVENTS];

/**
 * Image events of every type, as the service records them (R14, R17, R18). Share events
 * (`ImageShared`, `ShareAccepted`, `ShareRejected`, `ShareRevoked`) always name a consumer;
 * `ImageDeleted` sometimes does (one event per account that loses the image); `ImageCreated`
 * and `ImageUpdated` never do. An `ImageShared` may carry `expiresAt`; a `ShareAccepted` may be
 * `byPolicy` (then the consumer account acted and no user did).
 *
 * @example
 * fc.assert(fc.property(imageEventArb({ type: "ImageShared" }), (e) => e.consumerAccountId !== undefined));
 */
export function imageEventArb(
  pinned: Partial<Pick<ImageEvent, "type" | "imageId" | "ownerAccountId">> = {},
): fc.Arbitrary<ImageEvent> {
  return fc
    .record({
      id: idArb(),
      type: pinned.type === undefined ? fc.constantFrom(...IMAGE_EVENT_TYPES) : fc.constant(pinned.type),
      occurredAt: timestampArb(),
      imageId: pinned.imageId === undefined ? idArb() : fc.constant(pinned.imageId),
      ownerAccountId: pinned.ownerAccountId === undefined ? accountIdArb() : fc.constant(pinned.ownerAccountId),
      consumer: accountIdArb(),
      deletedForConsumer: fc.boolean(),
      actorUserId: idArb(),
      actorIsConsumer: fc.boolean(),
      expiresAt: fc.option(timestampArb(), { nil: undefined }),
      byPolicy: fc.boolean(),
    })
    .map(
      ({ consumer, deletedForConsumer, actorIsConsumer, actorUserId, expiresAt, byPolicy, ...event }): ImageEvent => {
        const namesConsumer =
          CONSUMER_EVENTS.includes(event.type) || (event.type === "ImageDeleted" && deletedForConsumer);
        if (!namesConsumer) return { ...event, actorAccountId: event.ownerAccountId, actorUserId };
        const consumerDecision = event.type === "ShareAccepted" || event.type === "ShareRejected";
        // A share accepted by the consumer's policy (R17): the consumer account acted, no user did.
        if (event.type === "ShareAccepted" && byPolicy)
          return { ...event, consumerAccountId: consumer, actorAccountId: consumer, byPolicy: true };
        // Consumers act only on their own member (accept, reject); everything else is the owner's doing.
        const actorAccountId = consumerDecision && actorIsConsumer ? consumer : event.ownerAccountId;
        const expiry = event.type === "ImageShared" && expiresAt !== undefined ? { expiresAt } : {};
        return { ...event, consumerAccountId: consumer, actorAccountId, actorUserId, ...expiry };
      },
    );
}

/**
 * `SharingPolicyChanged` events (R17): they concern `accountId` only.
 *
 * @example
 * fc.assert(fc.property(policyChangedEventArb({ accountId: "100002" }), (e) => e.accountId === "100002"));
 */
export function policyChangedEventArb(
  pinned: Partial<Pick<SharingPolicyChangedEvent, "accountId">> = {},
): fc.Arbitrary<SharingPolicyChangedEvent> {
  return fc.record(
    {
      id: idArb(),
      type: fc.constant("SharingPolicyChanged" as const),
      occurredAt: timestampArb(),
      accountId: pinned.accountId === undefined ? accountIdArb() : fc.constant(pinned.accountId),
      actorUserId: idArb(),
    },
    { requiredKeys: ["id", "type", "occurredAt", "accountId"] },
  );
}

/**
 * Sharing events of every kind: image events ({@link imageEventArb}) and `SharingPolicyChanged`
 * events ({@link policyChangedEventArb}). Pin `type` to get one kind.
 *
 * @example
 * fc.assert(fc.property(eventArb({ type: "ShareRevoked" }), (e) => e.type === "ShareRevoked"));
 */
export function eventArb(pinned: { readonly type?: SharingEvent["type"] } = {}): fc.Arbitrary<SharingEvent> {
  if (pinned.type === "SharingPolicyChanged") return policyChangedEventArb();
  if (pinned.type !== undefined) return imageEventArb({ type: pinned.type });
  return fc.oneof({ weight: 7, arbitrary: imageEventArb() }, { weight: 1, arbitrary: policyChangedEventArb() });
}

/**
 * Consumer sharing policies (R17), as `getSharingPolicy` returns them: producers trusted and
 * blocked (distinct, never both, never the account itself), or the empty policy of an account
 * that never set one (`updatedAt: null`).
 *
 * @example
 * fc.assert(fc.property(sharingPolicyArb({ accountId: "100002" }), (p) => !p.blockFrom.includes("100002")));
 */
export function sharingPolicyArb(pinned: Partial<Pick<SharingPolicy, "accountId">> = {}): fc.Arbitrary<SharingPolicy> {
  const accountId = pinned.accountId === undefined ? accountIdArb() : fc.constant(pinned.accountId);
  const never = accountId.map(
    (id): SharingPolicy => ({ accountId: id, autoAcceptFrom: [], blockFrom: [], updatedAt: null }),
  );
  const set = fc
    .record({
      accountId,
      producers: fc.uniqueArray(accountIdArb(), { maxLength: 8 }),
      trusted: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      updatedAt: timestampArb(),
    })
    .map(({ accountId: id, producers, trusted, updatedAt }): SharingPolicy => {
      const others = producers.filter((producer) => producer !== id);
      return {
        accountId: id,
        autoAcceptFrom: others.filter((_, n) => trusted[n] === true),
        blockFrom: others.filter((_, n) => trusted[n] !== true),
        updatedAt,
      };
    });
  return fc.oneof({ weight: 1, arbitrary: never }, { weight: 4, arbitrary: set });
}
