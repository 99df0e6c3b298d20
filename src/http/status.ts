import type { SharingError } from "../domain/errors.js";

/** Every HTTP status {@link httpStatusOf} answers. */
export type HttpErrorStatus = 400 | 403 | 404 | 409 | 422 | 500 | 502 | 503 | 504;

/**
 * The HTTP status a host answers for a {@link SharingError}, so every host maps errors the same way.
 *
 * The reading behind the table (written out in the README):
 * - **400** — the request is wrong on its face, checked against the input and the service's
 *   configuration alone, before anything is read (`ValidationError`, and `UnknownRegion`: the
 *   catalog is configuration, and it is checked right after the schema).
 * - **404** — the request names something that is not there *for this caller*: an image
 *   (invisible ones included, so there is no existence oracle), an account, a member.
 *   `AccountNotFound` is 404, not 422, because R17 makes a blocked producer see exactly an
 *   unknown account, because the Glance facade answers 404 too, and because the caller did
 *   name a resource that, for it, does not exist; the problem's `type` says which one.
 * - **403** — the image is visible but the principal may not act on it (`Forbidden`).
 * - **409** — the request conflicts with the *current* state, and a change of that state would let
 *   it succeed: an existing member (`AlreadyShared`), a rejection only the producer can undo
 *   (`ReshareRequired`), a full member list (`MemberQuotaExceeded`: removing a member fixes it,
 *   whereas 413 would claim the request body is too large).
 * - **422** — well-formed and aimed at a visible image, but the facts make it impossible whatever
 *   happens next: sharing with the owner itself (`SelfShare`; ownership never changes) and booting
 *   outside the image's region (`RegionMismatch`; an image never moves).
 * - **503** — `ConcurrentModification`: the library already retried and nothing was written, the
 *   caller did nothing wrong and the same request is likely to succeed shortly; HTTP clients and
 *   proxies retry a 503 (send `Retry-After`), while a 409 tells them to change the request.
 * - `StorageFailure` by `reason`: `"unavailable"` **503**, `"timeout"` **504** (the store is the
 *   upstream that did not answer in time), `"invalid-response"` **502** (the store answered
 *   something that is not a result).
 *
 * A value that is not a `SharingError` at run time (the type system rules it out) answers 500.
 *
 * @example
 * ```ts
 * const result = await sharing.getImage(principal, { imageId });
 * if (result.isErr()) reply.status(httpStatusOf(result.error));
 * ```
 */
export function httpStatusOf(error: SharingError): HttpErrorStatus {
  // `?.`: plain JavaScript may pass `null` or `undefined`, which answer 500 like any foreign value.
  switch (error?.type) {
    case "ValidationError":
    case "UnknownRegion":
      return 400;
    case "ImageNotFound":
    case "AccountNotFound":
    case "MemberNotFound":
      return 404;
    case "Forbidden":
      return 403;
    case "AlreadyShared":
    case "ReshareRequired":
    case "MemberQuotaExceeded":
      return 409;
    case "SelfShare":
    case "RegionMismatch":
      return 422;
    case "ConcurrentModification":
      return 503;
    case "StorageFailure":
      return error.reason === "timeout" ? 504 : error.reason === "invalid-response" ? 502 : 503;
    default:
      return unexpected(error);
  }
}

/** Exhaustiveness: a new error type fails to compile here; a foreign value at run time is a 500. */
function unexpected(_error: never): 500 {
  return 500;
}
