import { err, ok } from "neverthrow";
import { SharingErrors } from "../domain/errors.js";
import {
  AuthorizeBootInputSchema,
  ListEventsInputSchema,
  ListImagesInputSchema,
  ListPendingSharesInputSchema,
  StorageUsageInputSchema,
} from "../domain/inputs.js";
import { decodeCursor, encodeCursor, type Page } from "../domain/page.js";
import { decideBoot } from "../policy/boot.js";
import { requireRole } from "../policy/rbac.js";
import { checkRegionKnown } from "../policy/region.js";
import { toView } from "../policy/visibility.js";
import type { ServiceContext } from "./context.js";
import { readAccess } from "./facts.js";
import type { ImageSharing } from "./image-sharing.js";
import { operation } from "./pipeline.js";

/** Splits `limit + 1` fetched rows into a page and whether more follow. */
function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** listImages, listPendingShares, authorizeBoot, getStorageUsage, listEvents: what an account sees. */
export function readOperations(
  ctx: ServiceContext,
): Pick<ImageSharing, "listImages" | "listPendingShares" | "authorizeBoot" | "getStorageUsage" | "listEvents"> {
  const listImages = operation(ListImagesInputSchema, async (principal, input) => {
    const checked = checkRegionKnown(input.region, ctx.regions).andThen(() => requireRole(principal, "read"));
    if (checked.isErr()) return err(checked.error);
    // The schema has already refused cursors we did not issue; decoding here cannot fail.
    const after = input.cursor === undefined ? null : decodeCursor(input.cursor);
    const rows = await ctx.store.listVisibleImages({ accountId: principal.accountId, region: input.region, after, limit: input.limit + 1 });
    return rows.map((images) =>
      pageOf(
        images.map((image) => toView(image, principal.accountId)),
        input.limit,
        (last) => encodeCursor({ createdAt: last.createdAt, id: last.id }),
      ),
    );
  });

  const listPendingShares = operation(ListPendingSharesInputSchema, async (principal, input) => {
    const checked = checkRegionKnown(input.region, ctx.regions).andThen(() => requireRole(principal, "read"));
    if (checked.isErr()) return err(checked.error);
    const shares = await ctx.store.listPendingShares(principal.accountId, input.region);
    return shares.map((list) => list.map(({ image, member }) => ({ image: { ...image }, member: { ...member } })));
  });

  const authorizeBoot = operation(AuthorizeBootInputSchema, async (principal, input) => {
    const region = checkRegionKnown(input.region, ctx.regions);
    if (region.isErr()) return err(region.error);
    const facts = await readAccess(ctx, principal, input.imageId);
    return facts.andThen((loaded) => decideBoot({ ...loaded, requestedRegion: input.region }));
  });

  const getStorageUsage = operation(StorageUsageInputSchema, async (principal) => {
    const role = requireRole(principal, "read");
    if (role.isErr()) return err(role.error);
    const usage = await ctx.store.getStorageUsage(principal.accountId);
    return usage.map(({ imageCount, bytes }) => ({ accountId: principal.accountId, imageCount, bytes }));
  });

  const listEvents = operation(ListEventsInputSchema, async (principal, input) => {
    const role = requireRole(principal, "read");
    if (role.isErr()) return err(role.error);
    const rows = await ctx.store.listEvents({ accountId: principal.accountId, after: input.after ?? null, limit: input.limit + 1 });
    if (rows.isErr()) return err(rows.error);
    if (rows.value === null) {
      return err(SharingErrors.validation([{ path: ["after"], message: "not the id of an event of this account" }]));
    }
    return ok(
      pageOf(
        rows.value.map((event) => ({ ...event })),
        input.limit,
        (last) => last.id,
      ),
    );
  });

  return { listImages, listPendingShares, authorizeBoot, getStorageUsage, listEvents };
}
