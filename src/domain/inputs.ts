import { z } from "zod/v4";
import { AccountIdSchema, IdSchema, ImageIdSchema } from "./ids.js";
import { ImageNameSchema, SizeBytesSchema } from "./image.js";
import { CursorSchema, LimitSchema, PAGE_LIMITS } from "./page.js";
import { GLOBAL, RegionCodeSchema, RegionSelectorSchema } from "./region.js";
import { PolicyAccountListSchema } from "./sharing-policy.js";
import { TimestampSchema } from "./time.js";

// One schema per method input. The exported `…Input` types are what callers pass (`z.input`:
// defaults make fields optional); the service works on what the schemas output.
// Inputs whose fields are all optional may be omitted entirely: `prefault` then parses an empty
// object without a prototype, so the inner defaults apply and nothing is read from a polluted
// Object.prototype (R15).

/** Input of `createImage`: a name, the region the image lives in, and its size (default 0). */
export const CreateImageInputSchema = z.object({
  name: ImageNameSchema,
  region: RegionCodeSchema,
  sizeBytes: SizeBytesSchema.default(0),
});
/** What `createImage` takes. */
export type CreateImageInput = z.input<typeof CreateImageInputSchema>;

/** Input of `updateImage`: the image and its new name. */
export const UpdateImageInputSchema = z.object({ imageId: ImageIdSchema, name: ImageNameSchema });
/** What `updateImage` takes. */
export type UpdateImageInput = z.input<typeof UpdateImageInputSchema>;

/** Input of the methods that name one image: delete, get, listMembers, accept, reject. */
export const ImageRefInputSchema = z.object({ imageId: ImageIdSchema });
/** What `deleteImage`, `getImage`, `listMembers`, `acceptImage` and `rejectImage` take. */
export type ImageRefInput = z.input<typeof ImageRefInputSchema>;

/** Input of `unshareImage`: the image and the consumer account. */
export const MemberRefInputSchema = z.object({ imageId: ImageIdSchema, consumerAccountId: AccountIdSchema });
/** What `unshareImage` takes. */
export type MemberRefInput = z.input<typeof MemberRefInputSchema>;

/**
 * Input of `shareImage`: the image, the consumer account, and optionally when the share stops
 * granting anything (R18; ISO-8601, later than the service clock's now).
 */
export const ShareImageInputSchema = MemberRefInputSchema.extend({ expiresAt: TimestampSchema.optional() });
/** What `shareImage` takes. */
export type ShareImageInput = z.input<typeof ShareImageInputSchema>;

/** Input of `listImages`: region selector (default `"global"`), page size and cursor. */
export const ListImagesInputSchema = z
  .object({
    region: RegionSelectorSchema.default(GLOBAL),
    limit: LimitSchema.default(PAGE_LIMITS.default),
    cursor: CursorSchema.optional(),
  })
  .prefault(() => Object.create(null));
/** What `listImages` takes (may be omitted). */
export type ListImagesInput = z.input<typeof ListImagesInputSchema>;

/** Input of `listPendingShares`: region selector (default `"global"`), page size and cursor. */
export const ListPendingSharesInputSchema = z
  .object({
    region: RegionSelectorSchema.default(GLOBAL),
    limit: LimitSchema.default(PAGE_LIMITS.default),
    cursor: CursorSchema.optional(),
  })
  .prefault(() => Object.create(null));
/** What `listPendingShares` takes (may be omitted). */
export type ListPendingSharesInput = z.input<typeof ListPendingSharesInputSchema>;

/** Input of `authorizeBoot`: the image and the region the server would boot in. */
export const AuthorizeBootInputSchema = z.object({ imageId: ImageIdSchema, region: RegionCodeSchema });
/** What `authorizeBoot` takes. */
export type AuthorizeBootInput = z.input<typeof AuthorizeBootInputSchema>;

/** Input of `getStorageUsage`: nothing (may be omitted). */
export const StorageUsageInputSchema = z.object({}).prefault(() => Object.create(null));
/** What `getStorageUsage` takes (may be omitted). */
export type StorageUsageInput = z.input<typeof StorageUsageInputSchema>;

/** Input of `listEvents`: start after the event with id `after` (default: the first), page size. */
export const ListEventsInputSchema = z
  .object({ after: IdSchema.optional(), limit: LimitSchema.default(PAGE_LIMITS.default) })
  .prefault(() => Object.create(null));
/** What `listEvents` takes (may be omitted). */
export type ListEventsInput = z.input<typeof ListEventsInputSchema>;

/**
 * Input of `setSharingPolicy` (R17): the producers to trust and to block; an omitted list is
 * left as it is. The policy that results must not name one account in both lists, nor the
 * principal's own account: both depend on the stored policy and on the principal, so the
 * policy decides them (`ValidationError` on the offending list entry).
 */
export const SetSharingPolicyInputSchema = z
  .object({ autoAcceptFrom: PolicyAccountListSchema.optional(), blockFrom: PolicyAccountListSchema.optional() })
  .prefault(() => Object.create(null));
/** What `setSharingPolicy` takes (may be omitted: then nothing changes but the event is recorded). */
export type SetSharingPolicyInput = z.input<typeof SetSharingPolicyInputSchema>;

/** Input of `getSharingPolicy`: nothing (may be omitted). */
export const GetSharingPolicyInputSchema = z.object({}).prefault(() => Object.create(null));
/** What `getSharingPolicy` takes (may be omitted). */
export type GetSharingPolicyInput = z.input<typeof GetSharingPolicyInputSchema>;
