import { err, ok, type Result } from "neverthrow";
import { type HttpError, HttpErrors } from "./http-error.js";

// The query string of GET /v2/images, checked the way Glance checks it
// (glance/api/v2/images.py, `RequestDeserializer.index` and `_get_sorting_params`): every
// parameter the stock clients send is understood, a bad value is a 400 naming it, and a
// parameter this facade does not know is a 400 too, never silently ignored (a filter that is
// ignored answers a different question than the one asked).

/** Glance's sort keys (`_available_sort_keys`); the glance client offers exactly these. */
export const SORT_KEYS = [
  "name",
  "status",
  "container_format",
  "disk_format",
  "size",
  "id",
  "created_at",
  "updated_at",
] as const;
/** A sort key (see {@link SORT_KEYS}). */
export type SortKeyName = (typeof SORT_KEYS)[number];
/** A sort direction. */
export type SortDirection = "asc" | "desc";
/** One level of the requested order. */
export type SortLevel = { readonly key: SortKeyName; readonly direction: SortDirection };

/** Glance's `member_status` values; `accepted` when absent. */
export const MEMBER_STATUS_FILTERS = ["pending", "accepted", "rejected", "all"] as const;
/** Glance's `visibility` values. */
const VISIBILITIES = ["community", "public", "private", "shared", "all"] as const;

/**
 * Attributes a list may be filtered on by equality (`?owner=100001`), as Glance allows for any
 * image property. Attributes this facade's images do not have (`checksum`, `disk_format`, ...)
 * match nothing but the absent value, which is the truthful answer; `tag` likewise matches no
 * image, since images here carry no tags.
 */
export const EQUALITY_FILTERS = [
  "id",
  "name",
  "owner",
  "status",
  "region",
  "checksum",
  "os_hash_value",
  "container_format",
  "disk_format",
] as const;
/** A filterable attribute (see {@link EQUALITY_FILTERS}). */
export type EqualityFilter = (typeof EQUALITY_FILTERS)[number];

/** Glance's default and largest page sizes (`limit_param_default`, `api_limit_max`). */
export const LIST_LIMITS = { default: 25, max: 1000 } as const;

/** A checked list request. */
export type ImageListQuery = {
  readonly limit: number;
  readonly marker: string | null;
  readonly order: readonly SortLevel[];
  readonly memberStatus: (typeof MEMBER_STATUS_FILTERS)[number];
  /** False when `visibility` asks for public, private or community images: this service has none. */
  readonly visibilityMatches: boolean;
  /** Boolean attributes every image here has as `false` (`os_hidden`, `protected`): a filter for `true` matches nothing. */
  readonly booleanFiltersMatch: boolean;
  readonly tags: readonly string[];
  readonly equals: ReadonlyMap<EqualityFilter, string>;
};

const PAGING = ["limit", "marker", "sort", "sort_key", "sort_dir"] as const;
const KNOWN = new Set<string>([
  ...PAGING,
  "member_status",
  "visibility",
  "tag",
  "os_hidden",
  "protected",
  ...EQUALITY_FILTERS,
]);

/** Parses and checks the query of GET /v2/images. */
export function parseImageListQuery(params: URLSearchParams): Result<ImageListQuery, HttpError> {
  for (const name of params.keys()) {
    if (name === "changes-since")
      return err(HttpErrors.badRequest('The "changes-since" filter is no longer available on v2.', ["changes-since"]));
    if (!KNOWN.has(name))
      return err(
        HttpErrors.badRequest(
          `unknown query parameter '${shorten(name)}'; this endpoint filters on ${[...KNOWN].join(", ")}`,
          [name],
        ),
      );
  }
  const limit = parseLimit(params.get("limit"));
  if (limit.isErr()) return err(limit.error);
  const order = parseOrder(params);
  if (order.isErr()) return err(order.error);
  const memberStatus = params.get("member_status") ?? "accepted";
  if (!isOneOf(MEMBER_STATUS_FILTERS, memberStatus))
    return err(HttpErrors.badRequest(`Invalid status: ${shorten(memberStatus)}`, ["member_status"]));
  const visibility = params.get("visibility");
  if (visibility !== null && !isOneOf(VISIBILITIES, visibility)) {
    return err(HttpErrors.badRequest(`Invalid visibility value: ${shorten(visibility)}`, ["visibility"]));
  }
  const booleans = parseFalseFilters(params);
  if (booleans.isErr()) return err(booleans.error);
  const equals = new Map<EqualityFilter, string>();
  for (const name of EQUALITY_FILTERS) {
    const value = params.get(name);
    if (value !== null) equals.set(name, value);
  }
  return ok({
    limit: limit.value,
    marker: params.get("marker"),
    order: order.value,
    memberStatus,
    visibilityMatches: visibility === null || visibility === "shared" || visibility === "all",
    booleanFiltersMatch: booleans.value,
    tags: params.getAll("tag"),
    equals,
  });
}

/** `limit`: a whole number >= 0, capped at {@link LIST_LIMITS}.max as Glance caps it. */
function parseLimit(raw: string | null): Result<number, HttpError> {
  if (raw === null) return ok(LIST_LIMITS.default);
  if (!/^\s*\+?\d{1,15}\s*$/.test(raw)) {
    return err(
      HttpErrors.badRequest(
        /^\s*-\d+\s*$/.test(raw) ? "limit param must be positive" : "limit param must be an integer",
        ["limit"],
      ),
    );
  }
  return ok(Math.min(Number(raw), LIST_LIMITS.max));
}

/**
 * The requested order: `sort=key:dir,...` or repeated `sort_key`/`sort_dir` (one direction for
 * all keys, or one per key), default `created_at desc`; never both syntaxes at once.
 */
function parseOrder(params: URLSearchParams): Result<SortLevel[], HttpError> {
  const sort = params.get("sort");
  if (sort !== null) {
    if (params.has("sort_key") || params.has("sort_dir"))
      return err(HttpErrors.badRequest("Old and new sorting syntax cannot be combined", ["sort"]));
    const levels: SortLevel[] = [];
    for (const part of sort.trim().split(",")) {
      const [key = "", direction = "desc"] = part.split(":", 2);
      const level = sortLevel(key.trim(), direction.trim() || "desc");
      if (level.isErr()) return err(level.error);
      levels.push(level.value);
    }
    return ok(levels);
  }
  const keys = params.getAll("sort_key").map((k) => k.trim());
  const directions = params.getAll("sort_dir").map((d) => d.trim());
  if (directions.length > 1 && directions.length !== keys.length) {
    return err(HttpErrors.badRequest("Number of sort dirs does not match the number of sort keys", ["sort_dir"]));
  }
  const levels: SortLevel[] = [];
  for (const [index, key] of (keys.length === 0 ? ["created_at"] : keys).entries()) {
    const level = sortLevel(key, directions[directions.length === 1 ? 0 : index] ?? "desc");
    if (level.isErr()) return err(level.error);
    levels.push(level.value);
  }
  return ok(levels);
}

function sortLevel(key: string, direction: string): Result<SortLevel, HttpError> {
  if (!isOneOf(SORT_KEYS, key)) {
    return err(
      HttpErrors.badRequest(
        `Invalid sort key: ${shorten(key)}. It must be one of the following: ${SORT_KEYS.join(", ")}.`,
        ["sort_key"],
      ),
    );
  }
  if (direction !== "asc" && direction !== "desc")
    return err(HttpErrors.badRequest(`Invalid sort direction: ${shorten(direction)}`, ["sort_dir"]));
  return ok({ key, direction });
}

/** `os_hidden` and `protected`: `true` or `false` (Glance's check); true when the filters let images through. */
function parseFalseFilters(params: URLSearchParams): Result<boolean, HttpError> {
  let match = true;
  for (const name of ["os_hidden", "protected"] as const) {
    const value = params.get(name);
    if (value === null) continue;
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false") {
      return err(
        HttpErrors.badRequest(
          `Invalid value '${shorten(value)}' for '${name}' filter. Valid values are 'true' or 'false'.`,
          [name],
        ),
      );
    }
    if (lower === "true") match = false;
  }
  return ok(match);
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** Echoes client input in a message at a readable length. */
function shorten(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}...` : text;
}
