import type { EventType, Image, Member, MemberStatus, SharingEvent } from "cloud-image-sharing";

// Hand-built values for the conformance cases: valid by the library's schemas, deterministic,
// and small enough that a failure message is readable.

/** The account directory every case's store is made with. */
export const SETUP_ACCOUNTS: readonly string[] = Array.from({ length: 12 }, (_, i) => String(100001 + i));

/** The producer (owner) account of the cases. */
export const PRODUCER = "100001";
/** The main consumer account of the cases. */
export const CONSUMER = "100002";
/** A third account that owns nothing of the others' and is shared nothing unless a case says so. */
export const BYSTANDER = "100003";

/** A fourth account, for cases that need one more consumer. */
export const FOURTH = "100004";

/** The `n`-th second of 2026 as an ISO timestamp: `at(2)` is newer than `at(1)`. */
export function at(second: number): string {
  return new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString();
}

/** What a case pins of an image; everything else has a plain default. */
export type ImageSpec = { id: string; owner?: string; region?: string; second?: number; sizeBytes?: number; name?: string };

/** An image owned by `owner` (default {@link PRODUCER}) in `region` (default `IAD`). */
export function imageOf(spec: ImageSpec): Image {
  const time = at(spec.second ?? 0);
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

/** The member of `image` for `consumer` in `status`, created at `second`. */
export function memberOf(image: Image, consumer: string, status: MemberStatus, second = 100): Member {
  return { imageId: image.id, consumerAccountId: consumer, status, createdAt: at(second), updatedAt: at(second) };
}

/** Makes events with ids `e-1`, `e-2`, … (fresh numbering per case). */
export type EventFactory = (type: EventType, image: Image, consumer?: string, second?: number) => SharingEvent;

/** A new {@link EventFactory}. */
export function eventFactory(): EventFactory {
  let next = 0;
  return (type, image, consumer, second = 200) => ({
    id: `e-${++next}`,
    type,
    occurredAt: at(second),
    imageId: image.id,
    ownerAccountId: image.ownerAccountId,
    ...(consumer === undefined ? {} : { consumerAccountId: consumer }),
    actorAccountId: image.ownerAccountId,
    actorUserId: "conformance",
  });
}

/** The fields of an image the port defines (stores may return more). */
export function imageFields(image: Image): Image {
  const { id, ownerAccountId, name, region, sizeBytes, createdAt, updatedAt } = image;
  return { id, ownerAccountId, name, region, sizeBytes, createdAt, updatedAt };
}

/** The fields of a member the port defines (stores may return more). */
export function memberFields(member: Member): Member {
  const { imageId, consumerAccountId, status, createdAt, updatedAt } = member;
  return { imageId, consumerAccountId, status, createdAt, updatedAt };
}
