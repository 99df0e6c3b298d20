import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpErrors } from "./http-error.js";
import { errorReply, type Reply } from "./responses.js";

// node:http in front of the web-standard handler: `http.createServer(api.listener)`.
// Express and Fastify hand their handlers the same (IncomingMessage, ServerResponse) pair.

/** A node:http request listener. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Wraps the facade's `(Request) => Promise<Reply>` handler as a node:http listener. It never throws
 * and never leaves a rejection unhandled: a request Node accepted but `Request` cannot
 * represent (an invalid header value, say) is answered 400, and a connection that dies midway
 * is let go quietly.
 */
export function createNodeListener(handle: (request: Request) => Promise<Reply>): NodeListener {
  return (req, res) => {
    // An aborted upload emits `error` on the request; without a listener that is an uncaught exception.
    req.on("error", () => {});
    res.on("error", () => {});
    serve(handle, req, res).catch(() => {
      res.destroy();
    });
  };
}

async function serve(
  handle: (request: Request) => Promise<Reply>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let reply: Reply;
  try {
    reply = await handle(toWebRequest(req));
  } catch {
    reply = errorReply(HttpErrors.badRequest("the request could not be read (invalid method, target or header)"));
  }
  const body = reply.body === null ? null : Buffer.from(reply.body, "utf8");
  const headers: Record<string, string> = Object.fromEntries(reply.headers);
  headers["content-length"] = String(body?.byteLength ?? 0);
  // The body was not read to its end (too large): close the connection rather than drain it.
  if (!req.complete) headers.connection = "close";
  res.writeHead(reply.status, headers);
  res.end(body ?? undefined);
}

/** The web `Request` for a node:http request; throws when one cannot be built (answered 400 by the caller). */
function toWebRequest(req: IncomingMessage): Request {
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  const url = target.startsWith("/") ? `http://${hostOf(req)}${target}` : target;
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i] ?? "", req.rawHeaders[i + 1] ?? "");
  const hasBody =
    method !== "GET" &&
    method !== "HEAD" &&
    (req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? "0") > 0);
  if (!hasBody) {
    // Nothing will read this request's body: let Node discard whatever arrives.
    req.resume();
    return new Request(url, { method, headers });
  }
  return new Request(url, { method, headers, body: streamOf(req), duplex: "half" } as RequestInit);
}

/** The Host header if it is a plain host[:port], else `localhost` (it only feeds the discovery links). */
function hostOf(req: IncomingMessage): string {
  const host = req.headers.host ?? "";
  return /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host) ? host : "localhost";
}

/**
 * The request body as a web stream, with backpressure. Cancelling it (the handler stops at the
 * body limit) stops delivering chunks without destroying the socket, so the 413 still reaches
 * the client; Node's `Readable.toWeb` would destroy the request, and the response with it.
 */
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        if (settled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => {
        if (settled) return;
        settled = true;
        controller.close();
      });
      req.on("error", (error) => {
        if (settled) return;
        settled = true;
        controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      settled = true;
      req.pause();
    },
  });
}
