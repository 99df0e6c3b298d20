import { z } from "zod/v4";
import { DEFAULT_MEMBER_QUOTA } from "../domain/member.js";
import { DEFAULT_REGIONS, GLOBAL, RegionCodeSchema } from "../domain/region.js";
import { RoleMapSchema } from "../domain/role.js";
import type { Clock, IdGenerator } from "../ports/clock.js";
import { type ImageSharingStore, STORE_METHODS } from "../ports/store.js";

const isFunction = (value: unknown): boolean => typeof value === "function";

/** A whole number >= 0, or `Infinity`. */
const countOrInfinity = (what: string) =>
  z.custom<number>(
    (value) =>
      value === Number.POSITIVE_INFINITY || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0),
    `${what} is a whole number >= 0, or Infinity`,
  );

/** The options schema of `createImageSharing`; defaults are applied here. */
export const ImageSharingOptionsSchema = z.object({
  // Checked at start-up so a wrong object fails fast, not at the first request.
  store: z
    .custom<ImageSharingStore>(
      (value) =>
        typeof value === "object" &&
        value !== null &&
        STORE_METHODS.every((m) => isFunction((value as Record<string, unknown>)[m])),
      `a store implements ${STORE_METHODS.join(", ")}`,
    )
    .optional(),
  regions: z
    .array(RegionCodeSchema)
    .min(1, "the catalog needs at least one region")
    .refine((regions) => new Set(regions).size === regions.length, "regions must not repeat")
    .refine((regions) => !regions.includes(GLOBAL), `"${GLOBAL}" is a selector, not a region`)
    .default([...DEFAULT_REGIONS]),
  memberQuota: countOrInfinity("memberQuota").default(DEFAULT_MEMBER_QUOTA),
  clock: z.custom<Clock>(isFunction, "clock is a function returning a Date").optional(),
  newId: z.custom<IdGenerator>(isFunction, "newId is a function returning a new id").optional(),
  roleMap: RoleMapSchema.default({}),
  maxAttempts: z.number().int().min(1).max(100).default(30),
  retryBackoff: z
    .object({ baseMs: z.number().min(0).max(10_000), maxMs: z.number().min(0).max(60_000) })
    .refine((b) => b.baseMs <= b.maxMs, "baseMs must not exceed maxMs")
    .default({ baseMs: 2, maxMs: 200 }),
  timeoutMs: z
    .custom<number>(
      (v) =>
        v === Number.POSITIVE_INFINITY ||
        (typeof v === "number" && Number.isSafeInteger(v) && v >= 1 && v <= 2_147_483_647),
      "timeoutMs is a whole number of milliseconds >= 1, or Infinity",
    )
    .default(10_000),
  cursorSecret: z.string().min(16, "cursorSecret has at least 16 characters").optional(),
});

/**
 * Options of `createImageSharing`. All optional:
 * - `store`: where images, members and events live (default: a fresh in-memory store with no accounts);
 * - `regions`: the region catalog (default `DFW, ORD, IAD, LON, HKG, SYD`);
 * - `memberQuota`: most members per image, any status (default 128; `Infinity` for no limit);
 * - `clock`, `newId`: time and id sources (default: the system clock, `crypto.randomUUID`);
 * - `roleMap`: the host's own role names mapped to `observer` | `creator` | `admin`;
 * - `maxAttempts`: how often one call re-decides after losing an optimistic race before it
 *   reports `ConcurrentModification` (default 30: with 8 processes × 8 calls in flight on two
 *   images of one PostgreSQL, 12 attempts left 9 calls in 1,000 ending in it, 30 left none of
 *   8,230); between attempts it waits a random time up to
 *   `retryBackoff.baseMs × 2^attempt`, capped at `retryBackoff.maxMs` (default 2 and 200 ms;
 *   `{ baseMs: 0, maxMs: 0 }` retries at once);
 * - `timeoutMs`: how long one store call may take before the operation ends with
 *   `StorageFailure { reason: "timeout" }` (default 10,000; `Infinity` for no limit);
 * - `cursorSecret`: the key that signs page cursors (default: random per service instance, so
 *   cursors are good for that instance only — give every instance of one service the same secret).
 */
export type ImageSharingOptions = z.input<typeof ImageSharingOptionsSchema>;

/** Parsed options, defaults applied. */
export type ParsedOptions = z.output<typeof ImageSharingOptionsSchema>;
