import { z } from "zod/v4";

/**
 * Every id the library handles (account, user, image, event): 1–255 printable ASCII
 * characters without spaces (`!` through `~`).
 *
 * Why so strict: ids travel into logs, URLs and SQL keys. Rejecting whitespace, control
 * characters and non-ASCII (emoji, Cyrillic look-alikes of Latin letters) at the boundary
 * means two ids that *look* equal are equal.
 */
export const IdSchema = z
  .string()
  .min(1, "an id must not be empty")
  .max(255, "an id is at most 255 characters")
  .regex(/^[\x21-\x7E]*$/, "an id is printable ASCII without spaces"); // `*`: an empty id is one problem (min), not two

/** An account id: the tenant that owns images or receives shares. */
export const AccountIdSchema = IdSchema;
/** An image id, assigned by the library's `newId` when the image is created. */
export const ImageIdSchema = IdSchema;
/** A user id inside an account; used for the audit trail only, never for authorization. */
export const UserIdSchema = IdSchema;

/** A validated id (see {@link IdSchema}). */
export type Id = z.infer<typeof IdSchema>;
/** A validated account id. */
export type AccountId = Id;
/** A validated image id. */
export type ImageId = Id;
/** A validated user id. */
export type UserId = Id;
