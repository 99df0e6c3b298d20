import { z } from "zod/v4";
import { AccountIdSchema, ImageIdSchema } from "./ids.js";
import { ImageSchema } from "./image.js";
import { TimestampSchema } from "./time.js";

/** The life of a share: `pending` until the consumer decides, then `accepted` or `rejected`. */
export const MemberStatusSchema = z.enum(["pending", "accepted", "rejected"]);

/** The default most members (of any status) one image may have (R11). */
export const DEFAULT_MEMBER_QUOTA = 128;

/** A member status (see {@link MemberStatusSchema}). */
export type MemberStatus = z.infer<typeof MemberStatusSchema>;

/**
 * The share record of one image with one consumer account, keyed by both (R1). `expiresAt`
 * (R18) is when the share stops granting anything; `expired` is set, on what the producer
 * sees, once the service clock has passed it (a consumer never sees an expired share at all).
 */
export const MemberSchema = z.object({
  imageId: ImageIdSchema,
  consumerAccountId: AccountIdSchema,
  status: MemberStatusSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  expiresAt: TimestampSchema.optional(),
  expired: z.boolean().optional(),
});

/** A member (see {@link MemberSchema}). */
export type Member = z.infer<typeof MemberSchema>;

/** A share waiting for the consumer's decision: the notification of R3. */
export const PendingShareSchema = z.object({ image: ImageSchema, member: MemberSchema });

/** A pending share (see {@link PendingShareSchema}). */
export type PendingShare = z.infer<typeof PendingShareSchema>;

/** True when the share has expired at `now` (R18): from `expiresAt` on, it grants nothing. */
export function isExpired(member: Pick<Member, "expiresAt">, now: string): boolean {
  return member.expiresAt !== undefined && Date.parse(member.expiresAt) <= Date.parse(now);
}
