import { err, ok, type Result } from "neverthrow";
import { type HttpError, HttpErrors } from "./http-error.js";

/**
 * The largest body the facade reads: 64 KiB. Every body it accepts is a small
 * JSON document (a member id, a status, a name, a short patch); the limit is enforced while
 * reading, so a client that lies about or omits `Content-Length` cannot make it buffer more.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** The media types of a JSON body (POST, PUT). */
export const JSON_MEDIA_TYPES = ["application/json"] as const;

/**
 * The media types Glance accepts for `PATCH /v2/images/{id}`, mapped to the JSON-schema draft
 * of their operation objects (glance/api/v2/images.py, `RequestDeserializer.update`).
 */
export const PATCH_MEDIA_TYPES = {
  "application/openstack-images-v2.0-json-patch": 4,
  "application/openstack-images-v2.1-json-patch": 10,
} as const;

/** The media type of `request` without parameters, lower-cased (`""` when absent). */
export function mediaTypeOf(request: Request): string {
  const header = request.headers.get("content-type") ?? "";
  return (header.split(";")[0] ?? "").trim().toLowerCase();
}

/** The JSON-schema draft of a PATCH body by its media type, or `null` for a media type PATCH does not take. */
export function patchDraftOf(request: Request): 4 | 10 | null {
  const media = mediaTypeOf(request);
  return Object.hasOwn(PATCH_MEDIA_TYPES, media) ? PATCH_MEDIA_TYPES[media as keyof typeof PATCH_MEDIA_TYPES] : null;
}

/**
 * Reads and parses a JSON body whose media type must be one of `accepted`: 415 for another or
 * a missing content type, 413 past {@link MAX_BODY_BYTES}, 400 for an empty body, invalid
 * UTF-8 or malformed JSON. Only routes that take a body call this, so a GET or DELETE that
 * carries `Content-Type: application/octet-stream` and no body (the glance client sends that)
 * is never judged by its content type.
 */
export async function readJsonBody(request: Request, accepted: readonly string[]): Promise<Result<unknown, HttpError>> {
  if (!accepted.includes(mediaTypeOf(request))) return err(HttpErrors.unsupportedMediaType(accepted));
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return err(HttpErrors.payloadTooLarge(MAX_BODY_BYTES));
  const bytes = await readBounded(request);
  if (bytes.isErr()) return err(bytes.error);
  if (bytes.value.byteLength === 0) return err(HttpErrors.badRequest("Body expected in request."));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.value);
  } catch {
    return err(HttpErrors.badRequest("the request body is not valid UTF-8"));
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(HttpErrors.badRequest("Malformed JSON in request body."));
  }
}

/** The body's bytes, read chunk by chunk and abandoned as soon as they pass the limit. */
async function readBounded(request: Request): Promise<Result<Uint8Array, HttpError>> {
  if (request.body === null) return ok(new Uint8Array(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) {
        reader.cancel().catch(() => {});
        return err(HttpErrors.payloadTooLarge(MAX_BODY_BYTES));
      }
      chunks.push(value);
    }
  } catch {
    return err(HttpErrors.badRequest("the request body could not be read"));
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return ok(bytes);
}
