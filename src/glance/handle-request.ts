import type { Principal } from "cloud-image-sharing";
import { HttpErrors } from "./http-error.js";
import type { GlanceApiOptions, GlanceAuthenticate } from "./options.js";
import { errorReply, jsonReply, type Reply } from "./responses.js";
import { matchRoute } from "./route-table.js";
import { versionsDocument } from "./versions.js";

// One request, from URL to response:
//   1. the path, split into percent-decoded segments (400 for malformed escapes);
//   2. version discovery (`GET /versions`, `GET /`), which needs no token, as in Glance;
//   3. authentication: null -> 401, a throw -> 500 (no details); everything else needs it;
//   4. the route table: 404 unknown path, 405 wrong method, 501 a Glance feature not provided;
//   5. the route, which checks the whole request before it calls the core once.
// A catch-all answers 500 without details, so no failure anywhere reaches the host as a throw.

/** The facade's handler: a web `Request` in, a {@link Reply} out; its promise never rejects. */
export function createReplyHandler(options: GlanceApiOptions): (request: Request) => Promise<Reply> {
  return async (request) => {
    try {
      return await respond(options, request);
    } catch {
      return errorReply(HttpErrors.internal());
    }
  };
}

async function respond(options: GlanceApiOptions, request: Request): Promise<Reply> {
  const url = new URL(request.url);
  const segments = decodeSegments(url.pathname);
  if (segments === null)
    return errorReply(HttpErrors.badRequest("the request path holds a malformed percent-encoding", ["path"]));
  const discovery = answerDiscovery(request.method, segments, url.origin);
  if (discovery !== null) return discovery;
  const principal = await authenticateSafely(options.authenticate, request);
  if (principal === AUTHENTICATION_FAILED) return errorReply(HttpErrors.internal());
  if (principal === null) return errorReply(HttpErrors.unauthorized());
  const match = matchRoute(request.method, segments);
  if (match.kind === "not-found") return errorReply(HttpErrors.routeNotFound(url.pathname));
  if (match.kind === "method-not-allowed")
    return errorReply(HttpErrors.methodNotAllowed(request.method, match.allowed));
  if (match.kind === "not-implemented") return errorReply(HttpErrors.notImplemented(match.feature));
  return match.handler({
    sharing: options.sharing,
    region: options.region,
    principal,
    request,
    params: match.params,
    query: url.searchParams,
  });
}

/** The path's segments, each percent-decoded; `null` when an escape is malformed. `/` is no segment at all. */
function decodeSegments(pathname: string): string[] | null {
  const raw = pathname === "/" ? [] : pathname.slice(1).split("/");
  try {
    return raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

/**
 * `GET /versions` (200) and `GET /` (300 Multiple Choices), as Glance answers them; `null` for
 * any other path. Other methods on these paths are 405.
 */
function answerDiscovery(method: string, segments: readonly string[], origin: string): Reply | null {
  const isRoot = segments.length === 0;
  if (!isRoot && !(segments.length === 1 && segments[0] === "versions")) return null;
  if (method !== "GET") return errorReply(HttpErrors.methodNotAllowed(method, ["GET"]));
  return jsonReply(isRoot ? 300 : 200, versionsDocument(origin));
}

const AUTHENTICATION_FAILED = Symbol("authentication failed");

/**
 * Calls the host's `authenticate` with a request that has no body (it never sees one) and
 * absorbs whatever it does: a throw or a rejection becomes {@link AUTHENTICATION_FAILED}, an
 * `undefined` (from a JavaScript host) becomes `null`.
 */
async function authenticateSafely(
  authenticate: GlanceAuthenticate,
  request: Request,
): Promise<Principal | null | typeof AUTHENTICATION_FAILED> {
  try {
    const withoutBody =
      request.body === null ? request : new Request(request.url, { method: request.method, headers: request.headers });
    return (await authenticate(withoutBody)) ?? null;
  } catch {
    return AUTHENTICATION_FAILED;
  }
}
