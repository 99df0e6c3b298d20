import { z } from "zod";

/** One page of a list; pass `nextCursor` back to get the next page (`null`: nothing more). */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** The smallest and largest page sizes, and the default (SPEC section 4). */
export const PAGE_LIMITS = { min: 1, max: 1000, default: 100 } as const;

/** A page size: a whole number from 1 to 1000. */
export const LimitSchema = z.number().int().min(PAGE_LIMITS.min).max(PAGE_LIMITS.max);

/**
 * Where a page starts: lists are ordered newest first by `createdAt`, ties broken by `id`
 * descending, so a page continues strictly after the last (createdAt, id) it returned.
 */
export type SortKey = { createdAt: string; id: string };

/** A zod schema for the decoded cursor; anything else inside a cursor means we did not issue it. */
const CursorPayloadSchema = z.object({ v: z.literal(1), c: z.string().min(1).max(64), i: z.string().min(1).max(255) });

/** Encodes the position after `key` as an opaque cursor (base64url of a small JSON). */
export function encodeCursor(key: SortKey): string {
  const json = JSON.stringify({ v: 1, c: key.createdAt, i: key.id });
  return btoa(json).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes a cursor issued by {@link encodeCursor}; `null` for anything the library did not issue. */
export function decodeCursor(cursor: string): SortKey | null {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) return null;
  try {
    const json = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const parsed = CursorPayloadSchema.safeParse(JSON.parse(json));
    return parsed.success ? { createdAt: parsed.data.c, id: parsed.data.i } : null;
  } catch {
    return null;
  }
}

/** A cursor string this library issued: the opaque `nextCursor` of a page; anything else fails to parse. */
export const CursorSchema = z.string().refine((s) => decodeCursor(s) !== null, "not a cursor this library issued");

/** Newest first by createdAt, then id descending: the one order every list uses. */
export function compareNewestFirst(a: SortKey, b: SortKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}
