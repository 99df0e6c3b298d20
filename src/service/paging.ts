import { err, ok, type Result } from "neverthrow";
import { type SharingError, SharingErrors } from "../domain/errors.js";
import type { Page, SortKey } from "../domain/page.js";
import type { ServiceContext } from "./context.js";
import type { CursorScope } from "./cursor.js";

/** Where a page of `scope` starts: the first page, or the position of a cursor issued for that very list. */
export function startOf(
  ctx: ServiceContext,
  scope: CursorScope,
  cursor: string | undefined,
): Result<SortKey | null, SharingError> {
  if (cursor === undefined) return ok(null);
  const key = ctx.cursors.decode(scope, cursor);
  return key === null
    ? err(SharingErrors.validation([{ path: ["cursor"], message: "not a cursor this library issued for this list" }]))
    : ok(key);
}

/** Splits `limit + 1` fetched rows into a page and, when more follow, the cursor after its last item. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
