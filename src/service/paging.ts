import { err, ok, type Result } from "neverthrow";
import { type SharingError, SharingErrors } from "../domain/errors.js";
import type { Page, SortKey } from "../domain/page.js";
import type { Principal } from "../domain/principal.js";
import { requireRole } from "../policy/rbac.js";
import { checkRegionKnown } from "../policy/region.js";
import type { ServiceContext } from "./context.js";
import type { CursorScope } from "./cursor.js";

/** Where a page of `scope` starts: the first page, or the position of a cursor issued for that very list. */
function startOf(
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

/**
 * Where a page of one of the principal's own lists starts, once its region is one of the
 * catalog's (R6) and the principal may read (R8): in that order of precedence, so a bad cursor
 * is reported before anything else.
 */
export function readablePageStart(
  ctx: ServiceContext,
  principal: Principal,
  scope: CursorScope,
  cursor: string | undefined,
): Result<SortKey | null, SharingError> {
  return startOf(ctx, scope, cursor).andThen((after) =>
    checkRegionKnown(scope.region, ctx.regions)
      .andThen(() => requireRole(principal, "read"))
      .map(() => after),
  );
}

/** Splits `limit + 1` fetched rows into a page and, when more follow, the cursor after its last item. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
