import { z } from "zod";
import { DEFAULT_REGIONS, GLOBAL, RegionCodeSchema } from "../domain/region.js";
import { DEFAULT_MEMBER_QUOTA } from "../policy/quota.js";
import type { Clock, IdGenerator } from "../ports/clock.js";
import { type ImageSharingStore, STORE_METHODS } from "../ports/store.js";

const isFunction = (value: unknown): boolean => typeof value === "function";

/** The options schema of `createImageSharing`; defaults are applied by the service. */
export const ImageSharingOptionsSchema = z.object({
  // Checked at start-up so a wrong object fails fast, not at the first request.
  store: z
    .custom<ImageSharingStore>(
      (value) => typeof value === "object" && value !== null && STORE_METHODS.every((m) => isFunction((value as Record<string, unknown>)[m])),
      `a store implements ${STORE_METHODS.join(", ")}`,
    )
    .optional(),
  regions: z
    .array(RegionCodeSchema)
    .min(1, "the catalog needs at least one region")
    .refine((regions) => new Set(regions).size === regions.length, "regions must not repeat")
    .refine((regions) => !regions.includes(GLOBAL), `"${GLOBAL}" is a selector, not a region`)
    .default([...DEFAULT_REGIONS]),
  memberQuota: z
    .custom<number>(
      (value) => value === Number.POSITIVE_INFINITY || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0),
      "memberQuota is a whole number >= 0, or Infinity",
    )
    .default(DEFAULT_MEMBER_QUOTA),
  clock: z.custom<Clock>(isFunction, "clock is a function returning a Date").optional(),
  newId: z.custom<IdGenerator>(isFunction, "newId is a function returning a new id").optional(),
  maxAttempts: z.number().int().min(1).max(100).default(8),
});

/**
 * Options of `createImageSharing`. All optional:
 * - `store`: where images, members and events live (default: a fresh in-memory store with no accounts);
 * - `regions`: the region catalog (default `DFW, ORD, IAD, LON, HKG, SYD`);
 * - `memberQuota`: most members per image, any status (default 128; `Infinity` for no limit);
 * - `clock`, `newId`: time and id sources (default: the system clock, `crypto.randomUUID`);
 * - `maxAttempts`: how often one call re-decides after losing an optimistic race before it
 *   reports `ConcurrentModification` (default 8).
 */
export type ImageSharingOptions = z.input<typeof ImageSharingOptionsSchema>;

/** Validated options; throws a `TypeError` naming every problem (start-up fails fast, R15). */
export function parseOptions(options: unknown): z.output<typeof ImageSharingOptionsSchema> {
  const parsed = ImageSharingOptionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ");
  throw new TypeError(`createImageSharing: invalid options: ${problems}`);
}
