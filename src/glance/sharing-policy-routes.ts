import type { SharingPolicy } from "cloud-image-sharing";
import { err, ok, type Result } from "neverthrow";
import { type HttpError, HttpErrors } from "./http-error.js";
import { JSON_MEDIA_TYPES, readJsonBody } from "./request-body.js";
import { answer, errorReply, jsonReply, type Reply } from "./responses.js";
import type { RouteContext } from "./route-context.js";

// The consumer sharing policy (R17) has no Glance counterpart, so it lives under a route of the
// facade's own, marked as an extension by its `x-` prefix: /v2/x-sharing-policy, for the
// caller's own account (a policy is never read or set for another account).
//
//   GET /v2/x-sharing-policy            200 { account_id, auto_accept_from, block_from, updated_at }
//   PUT /v2/x-sharing-policy { auto_accept_from?, block_from? }   200, the policy as it now is

/** The policy in the facade's snake_case, as Glance names its fields. */
function toGlancePolicy(policy: SharingPolicy) {
  return {
    account_id: policy.accountId,
    auto_accept_from: policy.autoAcceptFrom,
    block_from: policy.blockFrom,
    updated_at: policy.updatedAt,
    schema: "/v2/x-sharing-policy",
  };
}

/** GET /v2/x-sharing-policy: 200 with the caller's account's policy (at least observer). */
export async function showSharingPolicyRoute({ sharing, principal }: RouteContext): Promise<Reply> {
  return answer(sharing.getSharingPolicy(principal), (policy) => jsonReply(200, toGlancePolicy(policy)));
}

/**
 * PUT /v2/x-sharing-policy `{ "auto_accept_from"?: [...], "block_from"?: [...] }`: replaces the
 * lists given (an omitted one is unchanged); 200 with the policy. At least admin (R17); an
 * account in both lists, or the caller's own, is a 400.
 */
export async function updateSharingPolicyRoute({ sharing, principal, request }: RouteContext): Promise<Reply> {
  const body = await readJsonBody(request, JSON_MEDIA_TYPES);
  if (body.isErr()) return errorReply(body.error);
  const parsed = parsePolicyBody(body.value);
  if (parsed.isErr()) return errorReply(parsed.error);
  // The entries go to the core as they are: it checks each id (a non-string is a 400 there too).
  const input = parsed.value as { autoAcceptFrom?: string[]; blockFrom?: string[] };
  return answer(sharing.setSharingPolicy(principal, input), (policy) => jsonReply(200, toGlancePolicy(policy)));
}

/** What PUT takes, as the core's input; the core checks the ids, the lists' size and their overlap. */
type PolicyRequest = { autoAcceptFrom?: unknown[]; blockFrom?: unknown[] };

const SHAPE = 'Expected a policy in the form: {"auto_accept_from": ["<account>"], "block_from": ["<account>"]}';

function parsePolicyBody(body: unknown): Result<PolicyRequest, HttpError> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return err(HttpErrors.badRequest(SHAPE));
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => key !== "auto_accept_from" && key !== "block_from");
  if (unknown !== undefined)
    return err(HttpErrors.badRequest(`unknown field '${unknown.slice(0, 64)}'; ${SHAPE}`, [unknown]));
  const request: PolicyRequest = {};
  for (const [field, key] of [
    ["auto_accept_from", "autoAcceptFrom"],
    ["block_from", "blockFrom"],
  ] as const) {
    if (!Object.hasOwn(fields, field)) continue;
    const list = fields[field];
    if (!Array.isArray(list)) return err(HttpErrors.badRequest(`${field} is a list of account ids`, [field]));
    request[key] = list;
  }
  return ok(request);
}
