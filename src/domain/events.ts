import { z } from "zod/v4";
import { AccountIdSchema, IdSchema, ImageIdSchema, UserIdSchema } from "./ids.js";
import type { Principal } from "./principal.js";
import { TimestampSchema } from "./time.js";

/** Every kind of change to an image or its members the library records (R14). */
export const EventTypeSchema = z.enum([
  "ImageCreated",
  "ImageUpdated",
  "ImageDeleted",
  "ImageShared",
  "ShareAccepted",
  "ShareRejected",
  "ShareRevoked",
]);

/** An image event type (see {@link EventTypeSchema}). */
export type EventType = z.infer<typeof EventTypeSchema>;

/**
 * A recorded change to an image or its members, stored atomically with the change (R14). It
 * concerns the image's owner account and, when `consumerAccountId` is set, that consumer too.
 * `actorAccountId` names the acting account; `actorUserId` the acting user, shown only to that
 * user's own account (and absent where no user acted: a share accepted by the consumer's
 * policy, `byPolicy: true`). `expiresAt` is on an `ImageShared` of an expiring share (R18).
 */
export const ImageEventSchema = z.object({
  id: IdSchema,
  type: EventTypeSchema,
  occurredAt: TimestampSchema,
  imageId: ImageIdSchema,
  ownerAccountId: AccountIdSchema,
  consumerAccountId: AccountIdSchema.optional(),
  actorAccountId: AccountIdSchema,
  actorUserId: UserIdSchema.optional(),
  expiresAt: TimestampSchema.optional(),
  byPolicy: z.literal(true).optional(),
});

/** An image event (see {@link ImageEventSchema}). */
export type ImageEvent = z.infer<typeof ImageEventSchema>;

/** A change of one account's sharing policy (R17); it concerns that account only. */
export const SharingPolicyChangedEventSchema = z.object({
  id: IdSchema,
  type: z.literal("SharingPolicyChanged"),
  occurredAt: TimestampSchema,
  accountId: AccountIdSchema,
  actorUserId: UserIdSchema.optional(),
});

/** A sharing-policy event (see {@link SharingPolicyChangedEventSchema}). */
export type SharingPolicyChangedEvent = z.infer<typeof SharingPolicyChangedEventSchema>;

/** Every event the library records (R14, R17). */
export const SharingEventSchema = z.union([ImageEventSchema, SharingPolicyChangedEventSchema]);

/** A sharing event (see {@link SharingEventSchema}); match on `type`. */
export type SharingEvent = ImageEvent | SharingPolicyChangedEvent;

/** What a policy decides to record about an image; the service stamps it with an id and the clock's time. */
export type EventDraft = Omit<ImageEvent, "id" | "occurredAt">;

/** The accounts an event concerns: the owner and the consumer it names, or the policy's account. */
export function accountsConcernedBy(event: SharingEvent): string[] {
  if (event.type === "SharingPolicyChanged") return [event.accountId];
  const { ownerAccountId, consumerAccountId } = event;
  return consumerAccountId === undefined || consumerAccountId === ownerAccountId
    ? [ownerAccountId]
    : [ownerAccountId, consumerAccountId];
}

/** The audit fields of an event: who acted. */
export function actorOf(principal: Principal): Pick<ImageEvent, "actorAccountId" | "actorUserId"> {
  return { actorAccountId: principal.accountId, actorUserId: principal.userId };
}

/**
 * The event as `viewerAccountId` may see it (R14): the acting user is shown only to the acting
 * user's own account; everyone else sees the acting account alone.
 */
export function eventAsSeenBy(event: SharingEvent, viewerAccountId: string): SharingEvent {
  const actorAccountId = event.type === "SharingPolicyChanged" ? event.accountId : event.actorAccountId;
  if (actorAccountId === viewerAccountId || event.actorUserId === undefined) return { ...event };
  const { actorUserId: _hidden, ...rest } = event;
  return rest;
}
