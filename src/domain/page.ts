import { z } from "zod/v4";

/** One page of a list; pass `nextCursor` back to get the next page (`null`: nothing more). */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** The smallest and largest page sizes, and the default. */
export const PAGE_LIMITS = { min: 1, max: 1000, default: 100 } as const;

/** A page size: a whole number from 1 to 1000. */
export const LimitSchema = z.number().int().min(PAGE_LIMITS.min).max(PAGE_LIMITS.max);

/**
 * Where a page starts: lists are ordered newest first by `createdAt`, ties broken by `id`
 * descending, so a page continues strictly after the last (createdAt, id) it returned.
 */
export type SortKey = { readonly createdAt: string; readonly id: string };

/**
 * The form of a cursor: the opaque `nextCursor` of a page (base64url). Whether the library
 * issued it, and for which list, is checked by the service (a forged or foreign cursor is a
 * `ValidationError` on `cursor`).
 */
export const CursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,2048}$/, "not a cursor this library issued");

/** Newest first by createdAt, then id descending: the one order every list uses. */
export function compareNewestFirst(a: SortKey, b: SortKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}
