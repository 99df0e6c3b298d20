import type { SharingError } from "cloud-image-sharing";
import type { ResultAsync } from "neverthrow";
import { errorBody, type HttpError } from "./http-error.js";
import { httpErrorOf } from "./sharing-error-status.js";

// Every answer the facade gives is built here, as a plain `Reply`: JSON with Glance's content
// type, or an empty 204, each with a request id as Glance gives one (the glance client logs it
// and sends it back on the next page of a list). The edges turn a reply into what they speak:
// `toResponse` for `api.fetch`, a direct write for `api.listener`.
//
// Why not build a web `Response` inside: on the node:http path the Response was only ever read
// back into bytes. Constructing one and reading it (`arrayBuffer()`) costs ~19 µs of CPU per
// request, with a ReadableStream, a transferable and their garbage behind it; in a CPU profile of
// member look-ups over node:http, undici's Response and stream machinery were the largest share
// of the facade's own time (measured with bench/glance.ts's server under --cpu-prof).

/** An answer: status, headers (lower-case names), and a body that is JSON text or nothing. */
export type Reply = {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
};

const JSON_TYPE = "application/json; charset=UTF-8";

function requestIdHeader(): [string, string] {
  return ["x-openstack-request-id", `req-${crypto.randomUUID()}`];
}

/** A JSON reply with `status` and optional extra headers. */
export function jsonReply(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Reply {
  return {
    status,
    headers: [["content-type", JSON_TYPE], requestIdHeader(), ...Object.entries(headers)],
    body: JSON.stringify(body),
  };
}

/** 204 No Content (Glance's answer to every successful DELETE). */
export function noContentReply(): Reply {
  return { status: 204, headers: [requestIdHeader()], body: null };
}

/** The reply for a refusal, with its status, Glance's error body and any headers it needs (Allow, Accept-Patch, ...). */
export function errorReply(error: HttpError): Reply {
  return jsonReply(error.status, errorBody(error), error.headers);
}

/**
 * Awaits a core call and replies with `onOk(value)`, or with the error mapped by the facade's
 * one status table. A core call never rejects (R15); were one ever to, the request handler's
 * catch-all answers 500 without details.
 */
export async function answer<T>(call: ResultAsync<T, SharingError>, onOk: (value: T) => Reply): Promise<Reply> {
  const result = await call;
  return result.isOk() ? onOk(result.value) : errorReply(httpErrorOf(result.error));
}

/** The web `Response` of a reply (what `api.fetch` returns). */
export function toResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers as [string, string][] });
}
