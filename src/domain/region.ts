import { z } from "zod/v4";

/** The regions a service offers when `createImageSharing` is given none. */
export const DEFAULT_REGIONS: readonly string[] = Object.freeze(["DFW", "ORD", "IAD", "LON", "HKG", "SYD"]);

/** The selector that lists every region at once ("All Regions (Global)" in the console). */
export const GLOBAL = "global";

/**
 * A well-formed region code: 2–32 characters, upper-case letters, digits and `-`, starting
 * with a letter (`IAD`, `LON`, `US-EAST-1`). Whether the region *exists* is a question for the
 * catalog given at construction: a well-formed code outside it is `UnknownRegion`, not a
 * `ValidationError`.
 */
export const RegionCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9-]{1,31}$/, "a region code is 2–32 upper-case letters, digits or '-', starting with a letter");

/** A region code (see {@link RegionCodeSchema}). */
export type RegionCode = z.infer<typeof RegionCodeSchema>;

/** A list filter: one region, or `"global"` for all of them. */
export const RegionSelectorSchema = z.union([z.literal(GLOBAL), RegionCodeSchema]);

/** A region selector (see {@link RegionSelectorSchema}). */
export type RegionSelector = z.infer<typeof RegionSelectorSchema>;
