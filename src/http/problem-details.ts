import type { ErrorType, SharingError, SharingErrorOf } from "../domain/errors.js";
import { type HttpErrorStatus, httpStatusOf } from "./status.js";

/**
 * An RFC 9457 problem details object (send it as `application/problem+json`) for a
 * {@link SharingError}: the standard members `type`, `title`, `status`, `detail` (and `instance`
 * when given), `errorType` (the library's error type, so clients can switch on it), and the
 * error's details as extension members. A detail named `status` (the member status carried by
 * `AlreadyShared` and `Forbidden`) travels as `memberStatus`, since `status` is the HTTP code.
 * A `StorageFailure`'s `cause` and message are never included: they may hold driver messages,
 * host names or SQL, which are for the host's logs only.
 */
export type ProblemDetails = {
  /** Identifies the problem type: `typeBase` followed by the error type, e.g. `urn:cloud-image-sharing:error:ImageNotFound`. */
  type: string;
  /** A short summary of the problem type; the same for every occurrence of the type. */
  title: string;
  /** The HTTP status, as {@link httpStatusOf} answers it. */
  status: HttpErrorStatus;
  /** What went wrong this time, for a human. */
  detail: string;
  /** The occurrence (e.g. the request path), when the host passes one. */
  instance?: string;
  /** The library's error type, the same string as the error's `type`. */
  errorType: ErrorType;
  /** The error's details: `imageId`, `consumerAccountId`, `issues`, `memberStatus`, `reason`, … */
  [extension: string]: unknown;
};

/** Options of {@link toProblemDetails}. */
export type ProblemDetailsOptions = {
  /**
   * The prefix of every problem `type`; the error type is appended. Default
   * `"urn:cloud-image-sharing:error:"`, a name that identifies without pointing anywhere; a host
   * that documents its errors passes its own base, e.g. `"https://api.example.com/problems/"`.
   */
  typeBase?: string;
  /** The problem's `instance`, e.g. the request's path. */
  instance?: string;
};

/** The default {@link ProblemDetailsOptions.typeBase}. */
const DEFAULT_TYPE_BASE = "urn:cloud-image-sharing:error:";

/** One title per problem type (RFC 9457: the title does not change from occurrence to occurrence). */
const TITLES: { readonly [T in ErrorType]: string } = {
  ValidationError: "Invalid input",
  UnknownRegion: "Unknown region",
  ImageNotFound: "Image not found",
  AccountNotFound: "Account not found",
  MemberNotFound: "Member not found",
  Forbidden: "Forbidden",
  SelfShare: "Cannot share with the owner account",
  AlreadyShared: "Already shared",
  ReshareRequired: "Re-share required",
  MemberQuotaExceeded: "Member quota exceeded",
  RegionMismatch: "Region mismatch",
  ConcurrentModification: "Concurrent modification",
  StorageFailure: "Storage failure",
};

/**
 * The RFC 9457 problem details of a {@link SharingError}, with the status of {@link httpStatusOf}.
 * Pure and total: it never throws, and never includes a `StorageFailure`'s `cause`.
 *
 * @example
 * ```ts
 * const result = await sharing.shareImage(principal, input);
 * if (result.isErr()) {
 *   const problem = toProblemDetails(result.error, { instance: request.url });
 *   return reply.status(problem.status).type("application/problem+json").send(problem);
 * }
 * ```
 */
export function toProblemDetails(error: SharingError, options: ProblemDetailsOptions = {}): ProblemDetails {
  // Plain JavaScript can pass anything; only the library's own error types are described.
  if (typeof error !== "object" || error === null || !Object.hasOwn(TITLES, error.type)) return foreignProblem(options);
  const errorType = error.type;
  // The standard members first, for a human reading the JSON; `extensionsOf` never names one of them.
  return {
    type: `${options.typeBase ?? DEFAULT_TYPE_BASE}${errorType}`,
    title: TITLES[errorType],
    status: httpStatusOf(error),
    detail: error.type === "StorageFailure" ? storageDetail(error) : error.message,
    ...(options.instance === undefined ? {} : { instance: options.instance }),
    errorType,
    ...extensionsOf(error),
  };
}

/** The safe details of each error type, `status` renamed `memberStatus`; never `cause`. */
function extensionsOf(error: SharingError): Record<string, unknown> {
  switch (error.type) {
    case "ValidationError":
      return { issues: error.issues.map((issue) => ({ path: [...issue.path], message: issue.message })) };
    case "UnknownRegion":
      return { region: error.region };
    case "ImageNotFound":
      return { imageId: error.imageId };
    case "AccountNotFound":
      return { accountId: error.accountId };
    case "MemberNotFound":
      return { imageId: error.imageId, consumerAccountId: error.consumerAccountId };
    case "Forbidden":
      return defined({
        imageId: error.imageId,
        reason: error.reason,
        requiredRole: error.requiredRole,
        memberStatus: error.status,
      });
    case "SelfShare":
    case "ReshareRequired":
      return { imageId: error.imageId };
    case "AlreadyShared":
      return defined({
        imageId: error.imageId,
        consumerAccountId: error.consumerAccountId,
        memberStatus: error.status,
        expired: error.expired,
      });
    case "MemberQuotaExceeded":
      return { imageId: error.imageId, quota: error.quota };
    case "RegionMismatch":
      return { imageId: error.imageId, imageRegion: error.imageRegion, requestedRegion: error.requestedRegion };
    case "ConcurrentModification":
      return defined({ imageId: error.imageId });
    case "StorageFailure":
      return defined({ reason: error.reason, outcomeUnknown: error.outcomeUnknown });
    default:
      return unexpected(error);
  }
}

/**
 * A storage failure's `detail`, worded here rather than taken from its message: the message
 * quotes the cause (a driver error can name hosts, users or SQL).
 */
function storageDetail(error: SharingErrorOf<"StorageFailure">): string {
  switch (error.reason) {
    case "timeout":
      return error.outcomeUnknown === true
        ? "the image store did not answer in time; the change may or may not have been applied, so read it back before retrying"
        : "the image store did not answer in time; try again later";
    case "invalid-response":
      return "the image store returned an invalid response";
    default:
      return "the image store is unavailable; try again later";
  }
}

/**
 * A value that is not a `SharingError` (only possible by escaping the type system, e.g. a thrown
 * `Error` passed from plain JavaScript): a 500 that says nothing of the value, whose message may
 * be internal. It is reported as the library reports anything unexpected, a `StorageFailure`.
 */
function foreignProblem(options: ProblemDetailsOptions): ProblemDetails {
  return {
    type: "about:blank",
    title: "Internal Server Error",
    status: 500,
    detail: "an unexpected error occurred",
    ...(options.instance === undefined ? {} : { instance: options.instance }),
    errorType: "StorageFailure",
  };
}

/** `record` without its `undefined` members, so optional details are absent rather than `undefined`. */
function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function unexpected(_error: never): Record<string, unknown> {
  return {};
}
