import type { ImageSharing, ImageView, Member, PendingShare, Principal, SharingError } from "cloud-image-sharing";
import { err, ok, type Result } from "neverthrow";

// The one place the facade reads the core's lists, whole. Glance pages by `marker` (an image
// id) in any sort order the client asks for; the core pages newest first by an opaque cursor
// bound to its list. The two cannot be translated into each other, so the facade reads the
// account's whole list for the endpoint's region (1,000 items per core call, the core's largest
// page) and sorts and slices it itself. Cost: every page of a Glance list reads the account's
// whole visible list in that region — see docs/glance.md, "Paging".

/** The core's largest page (a page holds 1–1000 items). */
const CORE_PAGE_SIZE = 1000;

/** A core list result in either shape: an array (0.1's `listPendingShares`) or a `Page` (0.2). */
type ArrayOrPage<T> = readonly T[] | { readonly items: readonly T[]; readonly nextCursor: string | null };

/** The items and the cursor of the next page of a list result, whichever shape it has. */
function pageOf<T>(value: ArrayOrPage<T>): CorePage<T> {
  if (Array.isArray(value)) return { items: value, nextCursor: null };
  const page = value as { items: readonly T[]; nextCursor: string | null };
  return { items: page.items, nextCursor: typeof page.nextCursor === "string" ? page.nextCursor : null };
}

/** One page of a core list, in the shape {@link pageOf} gives every result. */
type CorePage<T> = { items: readonly T[]; nextCursor: string | null };

/** Reads every page of a cursor-paged core list, in the core's order. */
async function readAll<T>(
  readPage: (cursor: string | undefined) => PromiseLike<Result<CorePage<T>, SharingError>>,
): Promise<Result<T[], SharingError>> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const result = await readPage(cursor);
    if (result.isErr()) return err(result.error);
    const page = result.value;
    all.push(...page.items);
    if (page.nextCursor === null || page.items.length === 0) return ok(all);
    cursor = page.nextCursor;
  }
}

/** The account's own images and accepted shares in `region` (R2, R6), as `listImages` gives them. */
export function readListedImages(
  sharing: ImageSharing,
  principal: Principal,
  region: string,
): Promise<Result<ImageView[], SharingError>> {
  return readAll((cursor) =>
    sharing
      .listImages(principal, { region, limit: CORE_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) })
      .map((value) => pageOf<ImageView>(value)),
  );
}

/** The account's pending shares in `region` (R3, R6), as images tagged `source: "shared"`. */
export async function readPendingImages(
  sharing: ImageSharing,
  principal: Principal,
  region: string,
): Promise<Result<ImageView[], SharingError>> {
  const shares = await readAll((cursor) =>
    sharing
      .listPendingShares(principal, { region, limit: CORE_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) })
      .map((value) => pageOf<PendingShare>(value)),
  );
  return shares.map((list) => list.map((share) => ({ ...share.image, source: "shared" as const })));
}

/** The members of an image the principal may see (R12), whichever list shape the core returns. */
export async function readMembers(
  sharing: ImageSharing,
  principal: Principal,
  imageId: string,
): Promise<Result<Member[], SharingError>> {
  return sharing.listMembers(principal, { imageId }).map((value) => [...pageOf<Member>(value).items]);
}
