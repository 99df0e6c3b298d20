import { z } from "zod/v4";
import { AccountSchema } from "./account.js";
import { ImageSchema } from "./image.js";
import { DEFAULT_MEMBER_QUOTA, MemberSchema } from "./member.js";
import { DEFAULT_REGIONS, RegionCodeSchema } from "./region.js";

// Bulk import of an existing catalog (e.g. moved out of an OpenStack Glance database): the one
// shape every store's import takes, and the service rules it is checked against.

/** A catalog to import: directory entries, images, and members of images (each optional). */
export type CatalogImport = {
  readonly accounts?: readonly { readonly id: string }[];
  readonly images?: readonly z.input<typeof ImageSchema>[];
  readonly members?: readonly z.input<typeof MemberSchema>[];
};

/** The schema of a {@link CatalogImport}; `expired` is what a read computes, never imported. */
export const CatalogImportSchema = z.object({
  accounts: z.array(AccountSchema).default([]),
  images: z.array(ImageSchema).default([]),
  members: z.array(MemberSchema.omit({ expired: true })).default([]),
});

/** The service rules a catalog must keep: its region catalog (default: the default regions) and member quota (default 128, R11). */
export const ImportRulesSchema = z.object({
  regions: z
    .array(RegionCodeSchema)
    .min(1)
    .default([...DEFAULT_REGIONS]),
  memberQuota: z.union([z.number().int().min(0), z.literal(Number.POSITIVE_INFINITY)]).default(DEFAULT_MEMBER_QUOTA),
});

/** What an import wrote. */
export type ImportReport = {
  readonly accounts: number;
  readonly images: number;
  readonly members: number;
  readonly events: number;
};
