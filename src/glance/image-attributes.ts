import type { HttpError } from "./http-error.js";
import { HttpErrors } from "./http-error.js";

// What a client may write on an image, shared by POST /v2/images and PATCH /v2/images/{id}.
// An image of this library has a name a client chooses; everything else is the service's
// (id, owner, region, timestamps) or is not modelled at all (disk and container formats, tags,
// custom properties). Glance answers writes to its read-only attributes with 403
// (`ReadonlyProperty`, `_disallowed_properties`), and anything else it cannot store with 400;
// so does the facade, and it stores nothing either way.

/** Attributes Glance or this facade sets itself: writing one is 403, as in Glance. */
const READ_ONLY = new Set([
  "id",
  "status",
  "size",
  "virtual_size",
  "checksum",
  "os_hash_algo",
  "os_hash_value",
  "created_at",
  "updated_at",
  "self",
  "file",
  "schema",
  "direct_url",
  "locations",
  "stores",
  "region",
  "source",
]);

/** Names Glance attributes this facade does not model, for a clearer message than "unknown". */
const NOT_MODELLED = new Set([
  "disk_format",
  "container_format",
  "min_disk",
  "min_ram",
  "protected",
  "os_hidden",
  "tags",
  "visibility",
  "owner",
]);

/**
 * The refusal for writing `attribute`, or `null` when it is the one writable attribute
 * (`name`). `visibility` and `owner` are judged by the caller, which knows the value.
 */
export function refusalForAttribute(attribute: string): HttpError | null {
  if (attribute === "name") return null;
  if (READ_ONLY.has(attribute)) return HttpErrors.readOnly(attribute);
  const shown = attribute.length > 64 ? `${attribute.slice(0, 64)}...` : attribute;
  const why = NOT_MODELLED.has(attribute)
    ? `'${shown}' is a Glance attribute this service does not store`
    : `unknown image property '${shown}' (this service stores no custom properties)`;
  return HttpErrors.badRequest(`${why}; an image here has a name, and the service sets everything else`, [attribute]);
}

/** A name as a client sent it: a string, or a 400 (the core checks its length and characters). */
export function checkNameValue(value: unknown, where: (string | number)[]): HttpError | null {
  return typeof value === "string" ? null : HttpErrors.badRequest("an image name is a string", where);
}
