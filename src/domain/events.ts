import { z } from "zod";
import { AccountIdSchema, IdSchema, ImageIdSchema, UserIdSchema } from "./ids.js";
import type { Principal } from "./principal.js";
import { TimestampSchema } from "./time.js";

/** Every kind of state change the library records (R14). */
export const EventTypeSchema = z.enum([
  "ImageCreated",
  "ImageUpdated",
  "ImageDeleted",
  "ImageShared",
  "ShareAccepted",
  "ShareRejected",
  "ShareRevoked",
]);

/** An event type (see {@link EventTypeSchema}). */
export type EventType = z.infer<typeof EventTypeSchema>;

/**
 * A recorded state change, stored atomically with the change itself (R14). It concerns the
 * image's owner account and, when `consumerAccountId` is set, that consumer account too.
 * `actorAccountId`/`actorUserId` say who did it, for the host's audit trail.
 */
export const SharingEventSchema = z.object({
  id: IdSchema,
  type: EventTypeSchema,
  occurredAt: TimestampSchema,
  imageId: ImageIdSchema,
  ownerAccountId: AccountIdSchema,
  consumerAccountId: AccountIdSchema.optional(),
  actorAccountId: AccountIdSchema,
  actorUserId: UserIdSchema,
});

/** A sharing event (see {@link SharingEventSchema}). */
export type SharingEvent = z.infer<typeof SharingEventSchema>;

/** What a policy decides to record; the service stamps it with an id and the clock's time. */
export type EventDraft = Omit<SharingEvent, "id" | "occurredAt">;

/** The accounts an event concerns: the owner, and the consumer it names if any. */
export function accountsConcernedBy(event: Pick<SharingEvent, "ownerAccountId" | "consumerAccountId">): string[] {
  const { ownerAccountId, consumerAccountId } = event;
  return consumerAccountId === undefined || consumerAccountId === ownerAccountId ? [ownerAccountId] : [ownerAccountId, consumerAccountId];
}

/** The audit fields of an event: who acted. */
export function actorOf(principal: Principal): Pick<SharingEvent, "actorAccountId" | "actorUserId"> {
  return { actorAccountId: principal.accountId, actorUserId: principal.userId };
}
