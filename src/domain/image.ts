import { z } from "zod/v4";
import { AccountIdSchema, ImageIdSchema } from "./ids.js";
import { RegionCodeSchema } from "./region.js";
import { TimestampSchema } from "./time.js";

/**
 * An image's display name: 1–255 characters with no control characters. Unlike ids, names are
 * for people, so spaces and any Unicode letter are welcome.
 */
export const ImageNameSchema = z
  .string()
  .min(1, "a name must not be empty")
  .max(255, "a name is at most 255 characters")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  .regex(/^[^\x00-\x1F\x7F]*$/, "a name has no control characters");

/** An image size in bytes: a whole number from 0 to `Number.MAX_SAFE_INTEGER`. */
export const SizeBytesSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * A saved server image, owned by one account and living in one region (R6). Sharing never
 * copies or moves it (R7).
 */
export const ImageSchema = z.object({
  id: ImageIdSchema,
  ownerAccountId: AccountIdSchema,
  name: ImageNameSchema,
  region: RegionCodeSchema,
  sizeBytes: SizeBytesSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

/** An image (see {@link ImageSchema}). */
export type Image = z.infer<typeof ImageSchema>;

/** A fresh copy of an image, field by field (one object shape; a spread copy costs several times more on a list page). */
export function copyImage(image: Image): Image {
  return {
    id: image.id,
    ownerAccountId: image.ownerAccountId,
    name: image.name,
    region: image.region,
    sizeBytes: image.sizeBytes,
    createdAt: image.createdAt,
    updatedAt: image.updatedAt,
  };
}

/** Where an image in a list comes from, from the viewing account's side (R2). */
export const ImageSourceSchema = z.enum(["own", "shared"]);

/** `"own"` for the account's own images, `"shared"` for images shared with it. */
export type ImageSource = z.infer<typeof ImageSourceSchema>;

/** An image as one account sees it: the producer's image itself, tagged with its source. */
export const ImageViewSchema = ImageSchema.extend({ source: ImageSourceSchema });

/** An image view (see {@link ImageViewSchema}). */
export type ImageView = z.infer<typeof ImageViewSchema>;

/** Storage an account pays for: its own images only, never images shared with it (R7). */
export const StorageUsageSchema = z.object({
  accountId: AccountIdSchema,
  imageCount: z.number().int().nonnegative(),
  // A sum of sizes: exact up to 2^53 bytes (8 PiB) per account; past that a JavaScript number
  // rounds, so this is not declared `.int()` (zod's int means *safe* integer).
  bytes: z.number().nonnegative(),
});

/** Storage usage (see {@link StorageUsageSchema}). */
export type StorageUsage = z.infer<typeof StorageUsageSchema>;
