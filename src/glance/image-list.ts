import type { ImageSharing, ImageView, Principal, SharingError } from "cloud-image-sharing";
import { err, ok, type Result } from "neverthrow";
import { readListedImages, readPendingImages } from "./core-lists.js";
import { type HttpError, HttpErrors } from "./http-error.js";
import type { ImageListQuery, SortDirection, SortKeyName, SortLevel } from "./image-list-query.js";
import { httpErrorOf } from "./sharing-error-status.js";
import { type GlanceImage, toGlanceImage } from "./views.js";

// GET /v2/images: which images, in which order, which page.
//
// Which images (Glance's rule, glance/db/sqlalchemy/api.py `_select_images_query`): the
// account's own images always, plus the images shared with it whose member status is
// `member_status` (default `accepted`) — so by default exactly what R2 lists, and with
// `member_status=pending` the pending offers of R3 beside the own images. A rejected share is
// never listed (R4: "it leaves the image list at once"), so `rejected` lists the own images
// only. All of it in the endpoint's region only (R6).

/** The body of a Glance image list. */
export type ImageListBody = { images: GlanceImage[]; first: string; schema: "/v2/schemas/images"; next?: string };

/** Reads, filters, sorts and pages the list a query asks for. */
export async function listImagesForGlance(
  sharing: ImageSharing,
  principal: Principal,
  region: string,
  query: ImageListQuery,
  params: URLSearchParams,
): Promise<Result<ImageListBody, HttpError>> {
  const candidates = await readCandidates(sharing, principal, region, query.memberStatus);
  if (candidates.isErr()) return err(httpErrorOf(candidates.error));
  const images = candidates.value.map(toGlanceImage).filter((image) => matchesFilters(image, query));
  images.sort(comparatorFor(query.order));
  let start = 0;
  if (query.marker !== null) {
    const at = images.findIndex((image) => image.id === query.marker);
    // Glance answers an unknown marker with 400 too (exception.NotFound -> HTTPBadRequest).
    if (at === -1)
      return err(
        HttpErrors.badRequest(`marker ${query.marker.slice(0, 255)} could not be found in this list`, ["marker"]),
      );
    start = at + 1;
  }
  const page = images.slice(start, start + query.limit);
  const body: ImageListBody = { images: page, first: firstLink(params), schema: "/v2/schemas/images" };
  const last = page.at(-1);
  if (last !== undefined && start + page.length < images.length) body.next = nextLink(params, last.id);
  return ok(body);
}

/** The own images and the shares of the requested member status, each once. */
async function readCandidates(
  sharing: ImageSharing,
  principal: Principal,
  region: string,
  memberStatus: ImageListQuery["memberStatus"],
): Promise<Result<ImageView[], SharingError>> {
  const listed = await readListedImages(sharing, principal, region);
  if (listed.isErr()) return listed;
  const withAccepted = memberStatus === "accepted" || memberStatus === "all";
  const chosen = withAccepted ? listed.value : listed.value.filter((image) => image.source === "own");
  if (memberStatus !== "pending" && memberStatus !== "all") return ok(chosen);
  const pending = await readPendingImages(sharing, principal, region);
  if (pending.isErr()) return pending;
  const seen = new Set(chosen.map((image) => image.id));
  return ok([...chosen, ...pending.value.filter((image) => !seen.has(image.id))]);
}

function matchesFilters(image: GlanceImage, query: ImageListQuery): boolean {
  if (!query.visibilityMatches || !query.booleanFiltersMatch || query.tags.length > 0) return false;
  for (const [attribute, wanted] of query.equals) {
    const value: unknown = (image as Record<string, unknown>)[attribute];
    if (typeof value !== "string" || value !== wanted) return false;
  }
  return true;
}

/**
 * The requested order, then `created_at` and `id` descending unless already given, as Glance
 * appends them, so every order is total and a marker names one position.
 */
export function comparatorFor(order: readonly SortLevel[]): (a: GlanceImage, b: GlanceImage) => number {
  const levels = [...order];
  for (const key of ["created_at", "id"] as const) {
    if (!levels.some((level) => level.key === key)) levels.push({ key, direction: "desc" });
  }
  return (a, b) => {
    for (const { key, direction } of levels) {
      const difference = compareValues(sortValue(a, key), sortValue(b, key));
      if (difference !== 0) return applyDirection(difference, direction);
    }
    return 0;
  };
}

/**
 * What an image sorts by, for each of Glance's sort keys; `null` for the attributes this
 * facade's images lack (`container_format`, `disk_format`), on which every image ties.
 */
const SORT_VALUE: Readonly<Record<SortKeyName, (image: GlanceImage) => string | number | null>> = {
  name: (image) => image.name,
  status: (image) => image.status,
  size: (image) => image.size,
  id: (image) => image.id,
  created_at: (image) => image.created_at,
  updated_at: (image) => image.updated_at,
  container_format: () => null,
  disk_format: () => null,
};

function sortValue(image: GlanceImage, key: SortKeyName): string | number | null {
  return SORT_VALUE[key](image);
}

/**
 * Ascending by value, code unit by code unit for strings (a byte-wise collation, like
 * PostgreSQL's "C"). A key's values are all numbers, all strings, or all `null` (a tie).
 */
function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b || a === null || b === null) return 0;
  return a < b ? -1 : 1;
}

function applyDirection(difference: number, direction: SortDirection): number {
  return direction === "asc" ? difference : -difference;
}

/** `first`: the same list from its start (Glance drops `marker` from the query). */
function firstLink(params: URLSearchParams): string {
  const query = new URLSearchParams(params);
  query.delete("marker");
  const text = query.toString();
  return text === "" ? "/v2/images" : `/v2/images?${text}`;
}

/**
 * `next`: the same query with `marker` set to the page's last image, as a path; the glance
 * client appends it to its endpoint as it is and stops when `next` is absent.
 */
function nextLink(params: URLSearchParams, lastId: string): string {
  const query = new URLSearchParams(params);
  query.set("marker", lastId);
  return `/v2/images?${query.toString()}`;
}
