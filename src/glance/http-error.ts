// The one error body every refusal of the facade carries, whether the core refused (a
// SharingError mapped in sharing-error-status.ts) or the facade did before reaching the core
// (no token, no route, malformed JSON, ...).
//
// Why this shape: python-glanceclient (glanceclient/exc.py `from_response`) reads a JSON error
// body as `{ <any key>: { message, ... } }` and calls `.get("message")` on *every* top-level
// value; a flat `{ code, message }` makes it print `'int' object has no attribute 'get'`
// instead of the error. openstacksdk reads the same nested `message`. So: one top-level key,
// `error`, holding Glance's `code`/`title`/`message` and this library's `type` with its details.

/** Every status the facade refuses with. */
export type GlanceErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 500 | 501 | 502 | 503 | 504;

/** The reason phrase Glance (webob) gives each status the facade refuses with. */
const TITLES: Readonly<Record<GlanceErrorStatus, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A detail value safe to show a client: plain JSON, never a thrown object or a driver error. */
export type ErrorDetail =
  | string
  | number
  | boolean
  | null
  | readonly ErrorDetail[]
  | { readonly [key: string]: ErrorDetail };

/**
 * An HTTP refusal, before it is serialised: the status, this library's error `type` (a
 * `SharingError` type, or one of the facade's own: `Unauthorized`, `NotFound`,
 * `MethodNotAllowed`, `UnsupportedMediaType`, `PayloadTooLarge`, `NotImplemented`,
 * `InternalError`), a message for people, and structured details for programs.
 */
export type HttpError = {
  readonly status: GlanceErrorStatus;
  readonly type: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, ErrorDetail>>;
  readonly headers?: Readonly<Record<string, string>>;
};

/** The JSON body of an error response (see the file comment for why it is nested). */
export type ErrorBody = {
  error: { code: number; title: string; message: string; type: string } & Record<string, ErrorDetail>;
};

/** Serialises an {@link HttpError} into Glance's error body; details never override the four fixed fields. */
export function errorBody(error: HttpError): ErrorBody {
  return {
    error: {
      ...error.details,
      code: error.status,
      title: TITLES[error.status],
      message: error.message,
      type: error.type,
    },
  };
}

/** Constructors for the facade's own refusals, so each message is worded once. */
export const HttpErrors = {
  /** 400 for input the core never saw: bad JSON, bad filters, unknown fields. `where` names the offending part. */
  badRequest: (message: string, where: (string | number)[] = []): HttpError => ({
    status: 400,
    type: "ValidationError",
    message,
    details: { issues: [{ path: where, message }] },
  }),
  unauthorized: (): HttpError => ({
    status: 401,
    type: "Unauthorized",
    message: "this request needs a valid token (X-Auth-Token)",
    headers: { "www-authenticate": 'Keystone realm="image"' },
  }),
  /** 403 for Glance's read-only attributes (`id`, `status`, `size`, ...), as Glance answers them. */
  readOnly: (attribute: string): HttpError => ({
    status: 403,
    type: "Forbidden",
    message: `Attribute '${attribute}' is read-only.`,
    details: { reason: "read-only", attribute },
  }),
  forbidden: (message: string, reason: string): HttpError => ({
    status: 403,
    type: "Forbidden",
    message,
    details: { reason },
  }),
  routeNotFound: (path: string): HttpError => ({
    status: 404,
    type: "NotFound",
    message: `no such resource: ${path.length > 200 ? `${path.slice(0, 200)}...` : path}`,
  }),
  methodNotAllowed: (method: string, allowed: readonly string[]): HttpError => ({
    status: 405,
    type: "MethodNotAllowed",
    message: `${method.slice(0, 20)} is not allowed here; use ${allowed.join(", ")}`,
    headers: { allow: allowed.join(", ") },
  }),
  payloadTooLarge: (limit: number): HttpError => ({
    status: 413,
    type: "PayloadTooLarge",
    message: `the request body is larger than ${limit} bytes`,
    details: { limit },
  }),
  unsupportedMediaType: (
    expected: readonly string[],
    extraHeaders: Readonly<Record<string, string>> = {},
  ): HttpError => ({
    status: 415,
    type: "UnsupportedMediaType",
    message: `this request needs a body with Content-Type ${expected.join(" or ")}`,
    details: { expected: [...expected] },
    headers: extraHeaders,
  }),
  notImplemented: (feature: string): HttpError => ({
    status: 501,
    type: "NotImplemented",
    message: `${feature} is not provided by this service (image data lives with the host's storage, not in the image-sharing API)`,
  }),
  /** 500 with nothing inside: whatever went wrong stays on the server. */
  internal: (): HttpError => ({
    status: 500,
    type: "InternalError",
    message: "the server could not complete the request",
  }),
} as const;
