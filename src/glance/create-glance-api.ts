import { createReplyHandler } from "./handle-request.js";
import { createNodeListener, type NodeListener } from "./node-listener.js";
import { checkGlanceApiOptions, type GlanceApiOptions } from "./options.js";
import { toResponse } from "./responses.js";

/** The OpenStack Image API v2 (Glance) facade over one `ImageSharing`. */
export type GlanceApi = {
  /** The web-standard handler (Hono, Bun, Deno, workers, tests): its promise never rejects. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The node:http listener (`http.createServer(api.listener)`, Express, Fastify's raw request/response). */
  readonly listener: NodeListener;
};

/**
 * Answers the OpenStack Image API v2 (Glance) with an `ImageSharing`: the image and member
 * routes, their JSON schemas and version discovery, with Glance's shapes and this library's
 * rules (docs/glance.md lists every route, status code and departure from Glance).
 *
 * Throws a `ConfigurationError` (test `error.name`) at start-up for invalid options; after
 * that, nothing it does throws or rejects: every failure is an HTTP answer.
 *
 * @example
 * import http from "node:http";
 * import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
 * import { createGlanceApi } from "cloud-image-sharing/glance";
 *
 * const sharing = createImageSharing({ store: createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] }) });
 * const api = createGlanceApi({
 *   sharing,
 *   region: "IAD",
 *   authenticate: (request) => lookUpToken(request.headers.get("x-auth-token")), // your identity service
 * });
 * http.createServer(api.listener).listen(9292, "127.0.0.1");
 */
export function createGlanceApi(options: GlanceApiOptions): GlanceApi {
  const checked = checkGlanceApiOptions(options);
  const reply = createReplyHandler(checked);
  return { fetch: async (request) => toResponse(await reply(request)), listener: createNodeListener(reply) };
}
