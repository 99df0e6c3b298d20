import { type ErrorType, httpStatusOf, type SharingError } from "cloud-image-sharing";
import type { ErrorDetail, GlanceErrorStatus, HttpError } from "./http-error.js";

/**
 * Where the facade answers another status than the library's `httpStatusOf`: Glance's nearest
 * code, wherever Glance's API fixes one for a rule of this library.
 *
 * - `MemberQuotaExceeded` 413: Glance's image member limit.
 * - `SelfShare` 409: Glance allows it; R10 does not, and Glance clients expect a conflict there.
 * - `UnknownRegion` 500: the only region the facade sends is its own endpoint's, so this is a
 *   host misconfiguration (a region outside the service's catalog), never the client's fault.
 *
 * Every other error answers `httpStatusOf`'s status, so a host's own routes and the facade agree:
 * `ImageNotFound`, `AccountNotFound`, `MemberNotFound` 404 (R9, R10, R17), `Forbidden` 403,
 * `AlreadyShared` and `ReshareRequired` 409 (Glance lets a member flip rejected -> accepted; R5
 * does not), `ValidationError` 400, `RegionMismatch` 422 (unreachable: no boot route),
 * `ConcurrentModification` 503 (retried already; retry later), `StorageFailure` 503 / 504 / 502
 * by reason.
 */
export const GLANCE_OVERRIDES: Readonly<Partial<Record<ErrorType, GlanceErrorStatus>>> = {
  MemberQuotaExceeded: 413,
  SelfShare: 409,
  UnknownRegion: 500,
};

/** The facade's status for a core error: {@link GLANCE_OVERRIDES}, else `httpStatusOf`. */
export function glanceStatusOf(error: SharingError): GlanceErrorStatus {
  return (
    (Object.hasOwn(GLANCE_OVERRIDES, error.type) ? GLANCE_OVERRIDES[error.type] : undefined) ?? httpStatusOf(error)
  );
}

/**
 * The details a client may see. Everything else an error carries stays on the server; above
 * all `StorageFailure.cause`, which holds whatever the store or driver produced (R15: "for the
 * host's logs, never for its clients").
 */
const CLIENT_SAFE_DETAILS = [
  "imageId",
  "consumerAccountId",
  "accountId",
  "status",
  "expired",
  "reason",
  "requiredRole",
  "quota",
  "region",
  "imageRegion",
  "requestedRegion",
  "outcomeUnknown",
  "issues",
] as const;

/** Maps a core error to the facade's HTTP refusal (status from {@link glanceStatusOf}). */
export function httpErrorOf(error: SharingError): HttpError {
  if (isPrincipalProblem(error)) return internalAuthenticationError();
  return {
    status: glanceStatusOf(error),
    type: error.type,
    message: clientMessage(error),
    details: safeDetails(error),
  };
}

/** The core's message, except where it would describe the store's own failure to a client. */
function clientMessage(error: SharingError): string {
  if (error.type === "StorageFailure") {
    const { reason, outcomeUnknown } = error as { reason?: unknown; outcomeUnknown?: unknown };
    if (reason === "timeout") {
      return outcomeUnknown === true
        ? "the image store did not answer in time; the change may or may not have been made (read it back before retrying)"
        : "the image store did not answer in time; retry later";
    }
    return "the image store is unavailable; retry later";
  }
  if (error.type === "UnknownRegion")
    return "this endpoint is misconfigured: its region is not in the service's catalog";
  return error.message;
}

/** The client-safe fields of `error`, own properties only, JSON values only. */
function safeDetails(error: SharingError): Record<string, ErrorDetail> {
  const details: Record<string, ErrorDetail> = {};
  for (const key of CLIENT_SAFE_DETAILS) {
    if (!Object.hasOwn(error, key)) continue;
    const value: unknown = (error as Record<string, unknown>)[key];
    if (isJsonDetail(value)) details[key] = value;
  }
  return details;
}

function isJsonDetail(value: unknown): value is ErrorDetail {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonDetail);
  if (typeof value === "object") return Object.values(value).every(isJsonDetail);
  return false;
}

/**
 * A `ValidationError` about the principal means the host's `authenticate` returned something
 * that is not a principal: the server's bug, which the client can neither see nor fix.
 */
function isPrincipalProblem(error: SharingError): boolean {
  return error.type === "ValidationError" && error.issues.some((issue) => issue.path[0] === "principal");
}

function internalAuthenticationError(): HttpError {
  return { status: 500, type: "InternalError", message: "the server could not authenticate the request" };
}
