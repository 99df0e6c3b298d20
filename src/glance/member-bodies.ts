import { err, ok, type Result } from "neverthrow";
import { type HttpError, HttpErrors } from "./http-error.js";

// The bodies of the member routes (glance/api/v2/image_members.py, `RequestDeserializer`):
// POST `{ "member": "<account id>" }` and PUT `{ "status": "accepted" | "rejected" }`, with
// Glance's messages where Glance has one. A field Glance does not define is refused rather
// than ignored, so a typo never passes for a request that was honoured. The one addition is
// POST's optional `expires_at` (R18's expiring share), which no Glance client sends.

/** POST /v2/images/{id}/members, checked. */
export type MemberCreateRequest = { readonly memberId: string; readonly expiresAt?: string };
/** PUT /v2/images/{id}/members/{member}, checked: the consumer's decision. */
export type MemberDecision = { readonly status: "accepted" | "rejected" };

/**
 * Checks `{ "member": "<account id>", "expires_at"?: "<ISO-8601>" }`; the core then checks the
 * id itself, that the account exists (R10), and that `expires_at` is a later time (R18).
 */
export function parseMemberCreateBody(body: unknown): Result<MemberCreateRequest, HttpError> {
  const fields = objectWithOnly(
    body,
    ["member", "expires_at"],
    'Expected a member in the form: {"member": "image_id"}',
  );
  if (fields.isErr()) return err(fields.error);
  const { member, expires_at: expiresAt } = fields.value;
  if (member === undefined) return err(HttpErrors.badRequest("Member to be added not specified", ["member"]));
  if (typeof member !== "string") return err(HttpErrors.badRequest("member is an account id, a string", ["member"]));
  if (member === "") return err(HttpErrors.badRequest("Member can't be empty", ["member"]));
  if (expiresAt === undefined) return ok({ memberId: member });
  if (typeof expiresAt !== "string")
    return err(HttpErrors.badRequest("expires_at is an ISO-8601 time, a string", ["expires_at"]));
  return ok({ memberId: member, expiresAt });
}

/**
 * Checks `{ "status": ... }`. `pending` is a status Glance lets a member go back to; here a
 * share starts pending and never returns to it (postponing a decision is doing nothing, R3), so
 * it is refused like any value outside the member state machine.
 */
export function parseMemberUpdateBody(body: unknown): Result<MemberDecision, HttpError> {
  const fields = objectWithOnly(body, ["status"], 'Expected a status in the form: {"status": "status"}');
  if (fields.isErr()) return err(fields.error);
  const status = fields.value.status;
  if (status === undefined) return err(HttpErrors.badRequest("Status not specified", ["status"]));
  if (status === "accepted" || status === "rejected") return ok({ status });
  if (status === "pending") {
    return err(
      HttpErrors.badRequest(
        "a share cannot be set back to pending: accept or reject it (to postpone the decision, do nothing)",
        ["status"],
      ),
    );
  }
  const shown = typeof status === "string" ? status.slice(0, 64) : JSON.stringify(status)?.slice(0, 64);
  return err(
    HttpErrors.badRequest(`Invalid status: ${shown}; a consumer sets a member's status to accepted or rejected`, [
      "status",
    ]),
  );
}

/** `body` as an object holding no field but the `allowed` ones (each may be absent), own properties only. */
function objectWithOnly(
  body: unknown,
  allowed: readonly string[],
  shape: string,
): Result<Record<string, unknown>, HttpError> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return err(HttpErrors.badRequest(shape));
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown !== undefined)
    return err(HttpErrors.badRequest(`unknown field '${unknown.slice(0, 64)}'; ${shape}`, [unknown]));
  return ok(Object.fromEntries(allowed.filter((key) => Object.hasOwn(fields, key)).map((key) => [key, fields[key]])));
}
