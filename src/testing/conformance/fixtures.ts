import type {
  EventType,
  Image,
  ImageEvent,
  Member,
  MemberStatus,
  SharingPolicy,
  SharingPolicyChangedEvent,
} from "cloud-image-sharing";

// Hand-built values for the conformance cases: valid by the library's schemas, deterministic,
// and small enough that a failure message is readable. Every fixture gets a time of its own
// unless a case ties two on purpose: with equal times everywhere, a store ordering by the wrong
// key (the image's time instead of the share's) passed the 0.1 suite.

/** The account directory every case's store is made with (`setup.accounts`). */
export const SETUP_ACCOUNTS: readonly { readonly id: string }[] = Object.freeze(
  Array.from({ length: 12 }, (_, i) => Object.freeze({ id: String(100001 + i) })),
);

/** The producer (owner) account of the cases. */
export const PRODUCER = "100001";
/** The main consumer account of the cases. */
export const CONSUMER = "100002";
/** A third account that owns nothing of the others' and is shared nothing unless a case says so. */
export const BYSTANDER = "100003";
/** A fourth account, for cases that need one more consumer. */
export const FOURTH = "100004";
/** A fifth account, for cases that need yet another consumer. */
export const FIFTH = "100005";
/** An account id that is in no directory. */
export const UNKNOWN_ACCOUNT = "999999";

/** The `n`-th second of 2026 as an ISO timestamp: `at(2)` is newer than `at(1)`. */
export function at(second: number): string {
  return new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString();
}

/**
 * The `now` of list queries when a case does not pin it: later than every fixture's time and
 * earlier than every `expiresAt` a case sets with {@link future}.
 */
export const NOW = at(100_000);

/** A time after {@link NOW}: `future(1)` < `future(2)`. */
export function future(n: number): string {
  return at(200_000 + n);
}

/** What a case pins of an image; everything else has a plain default. */
export type ImageSpec = {
  id: string;
  owner?: string;
  region?: string;
  second: number;
  sizeBytes?: number;
  name?: string;
};

/** An image owned by `owner` (default {@link PRODUCER}) in `region` (default `IAD`), created at `second`. */
export function imageOf(spec: ImageSpec): Image {
  const time = at(spec.second);
  return {
    id: spec.id,
    ownerAccountId: spec.owner ?? PRODUCER,
    name: spec.name ?? `image ${spec.id}`,
    region: spec.region ?? "IAD",
    sizeBytes: spec.sizeBytes ?? 0,
    createdAt: time,
    updatedAt: time,
  };
}

/** The member of `image` for `consumer` in `status`, shared at `second`, expiring at `expiresAt` when given. */
export function memberOf(
  image: Image,
  consumer: string,
  status: MemberStatus,
  second: number,
  expiresAt?: string,
): Member {
  return {
    imageId: image.id,
    consumerAccountId: consumer,
    status,
    createdAt: at(second),
    updatedAt: at(second),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** A sharing policy of `accountId`, set at `second`. */
export function policyOf(
  accountId: string,
  lists: { autoAcceptFrom?: string[]; blockFrom?: string[] },
  second: number,
): SharingPolicy {
  return {
    accountId,
    autoAcceptFrom: lists.autoAcceptFrom ?? [],
    blockFrom: lists.blockFrom ?? [],
    updatedAt: at(second),
  };
}

/** Makes image events with ids `e-1`, `e-2`, … (fresh numbering per case), each a second later than the last. */
export type EventFactory = {
  (
    type: EventType,
    image: Image,
    consumer?: string,
    extra?: Partial<Pick<ImageEvent, "expiresAt" | "byPolicy" | "occurredAt">>,
  ): ImageEvent;
  /** A `SharingPolicyChanged` event of `accountId`, numbered with the image events. */
  policyChanged(accountId: string): SharingPolicyChangedEvent;
};

/** A new {@link EventFactory}. */
export function eventFactory(): EventFactory {
  let next = 0;
  const imageEvent = (
    type: EventType,
    image: Image,
    consumer?: string,
    extra: Partial<Pick<ImageEvent, "expiresAt" | "byPolicy" | "occurredAt">> = {},
  ) => {
    next += 1;
    const byPolicy = extra.byPolicy === true;
    const event: ImageEvent = {
      id: `e-${next}`,
      type,
      occurredAt: extra.occurredAt ?? at(50_000 + next),
      imageId: image.id,
      ownerAccountId: image.ownerAccountId,
      ...(consumer === undefined ? {} : { consumerAccountId: consumer }),
      actorAccountId: byPolicy && consumer !== undefined ? consumer : image.ownerAccountId,
      // A share accepted by the consumer's policy has no acting user (R17).
      ...(byPolicy ? { byPolicy: true } : { actorUserId: "conformance" }),
      ...(extra.expiresAt === undefined ? {} : { expiresAt: extra.expiresAt }),
    };
    return event;
  };
  return Object.assign(imageEvent, {
    policyChanged: (accountId: string): SharingPolicyChangedEvent => {
      next += 1;
      return {
        id: `e-${next}`,
        type: "SharingPolicyChanged",
        occurredAt: at(50_000 + next),
        accountId,
        actorUserId: "conformance",
      };
    },
  });
}

/** The fields of an image the port defines (stores may return more). */
export function imageFields(image: Image): Image {
  const { id, ownerAccountId, name, region, sizeBytes, createdAt, updatedAt } = image;
  return { id, ownerAccountId, name, region, sizeBytes, createdAt, updatedAt };
}

/** The fields of a member the port defines (stores may return more; `expired` is the service's to set). */
export function memberFields(member: Member): Member {
  const { imageId, consumerAccountId, status, createdAt, updatedAt, expiresAt } = member;
  return {
    imageId,
    consumerAccountId,
    status,
    createdAt,
    updatedAt,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** The fields of a policy the port defines, lists copied. */
export function policyFields(policy: SharingPolicy): SharingPolicy {
  const { accountId, autoAcceptFrom, blockFrom, updatedAt } = policy;
  return { accountId, autoAcceptFrom: [...autoAcceptFrom], blockFrom: [...blockFrom], updatedAt };
}
