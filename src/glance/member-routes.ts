import { readMembers } from "./core-lists.js";
import type { HttpError } from "./http-error.js";
import { HttpErrors } from "./http-error.js";
import { parseMemberCreateBody, parseMemberUpdateBody } from "./member-bodies.js";
import { JSON_MEDIA_TYPES, readJsonBody } from "./request-body.js";
import { answer, errorReply, jsonReply, noContentReply, type Reply } from "./responses.js";
import type { RouteContext } from "./route-context.js";
import { httpErrorOf } from "./sharing-error-status.js";
import { toGlanceMember } from "./views.js";

// The member routes: Glance's image sharing, decided by this library's rules (R1–R12).

/** GET /v2/images/{id}/members: 200 `{ members, schema }`; the owner sees every member, a consumer only its own (R12). */
export async function listMembersRoute({ sharing, principal, params }: RouteContext): Promise<Reply> {
  const members = await readMembers(sharing, principal, params.imageId);
  if (members.isErr()) return errorReply(httpErrorOf(members.error));
  return jsonReply(200, { members: members.value.map(toGlanceMember), schema: "/v2/schemas/members" });
}

/**
 * POST /v2/images/{id}/members `{ "member": "<account>" }`: 200 with the new member, `pending`
 * (or `accepted` under the consumer's auto-accept policy, R17). 409 for a duplicate or the owner
 * itself, 404 for an unknown (or blocking) account, 413 past the member quota. An optional
 * `expires_at` makes the share expire then (R18).
 */
export async function createMemberRoute({ sharing, principal, request, params }: RouteContext): Promise<Reply> {
  const body = await readJsonBody(request, JSON_MEDIA_TYPES);
  if (body.isErr()) return errorReply(body.error);
  const parsed = parseMemberCreateBody(body.value);
  if (parsed.isErr()) return errorReply(parsed.error);
  const { memberId, expiresAt } = parsed.value;
  const input = {
    imageId: params.imageId,
    consumerAccountId: memberId,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  return answer(sharing.shareImage(principal, input), (member) => jsonReply(200, toGlanceMember(member)));
}

/** GET /v2/images/{id}/members/{member}: 200 with the member, if the caller may see it (R12); 404 otherwise. */
export async function showMemberRoute({ sharing, principal, params }: RouteContext): Promise<Reply> {
  const members = await readMembers(sharing, principal, params.imageId);
  if (members.isErr()) return errorReply(httpErrorOf(members.error));
  const member = members.value.find((m) => m.consumerAccountId === params.memberId);
  return member === undefined
    ? errorReply(memberNotFound(params.imageId, params.memberId))
    : jsonReply(200, toGlanceMember(member));
}

/**
 * PUT /v2/images/{id}/members/{member} `{ "status": "accepted" | "rejected" }`: the consumer's
 * decision, for its own account only. 409 for rejected -> accepted (R5: the producer must
 * re-share). The producer naming a member is 403 (it never sets a status, R5); a consumer
 * naming another account is 404 (it cannot see other members, R12).
 */
export async function updateMemberRoute({ sharing, principal, request, params }: RouteContext): Promise<Reply> {
  const body = await readJsonBody(request, JSON_MEDIA_TYPES);
  if (body.isErr()) return errorReply(body.error);
  const decision = parseMemberUpdateBody(body.value);
  if (decision.isErr()) return errorReply(decision.error);
  const { imageId, memberId } = params;
  if (memberId === principal.accountId) {
    const decide =
      decision.value.status === "accepted"
        ? sharing.acceptImage(principal, { imageId })
        : sharing.rejectImage(principal, { imageId });
    return answer(decide, (member) => jsonReply(200, toGlanceMember(member)));
  }
  return answer(sharing.getImage(principal, { imageId }), (image) =>
    errorReply(
      image.source === "own"
        ? HttpErrors.forbidden(
            "only the consumer account decides on a share; the owner may remove the member and share again",
            "not-member",
          )
        : memberNotFound(imageId, memberId),
    ),
  );
}

/** DELETE /v2/images/{id}/members/{member}: 204; the consumer loses the image at once (R7). Owner account, at least admin. */
export async function deleteMemberRoute({ sharing, principal, params }: RouteContext): Promise<Reply> {
  return answer(sharing.unshareImage(principal, { imageId: params.imageId, consumerAccountId: params.memberId }), () =>
    noContentReply(),
  );
}

/** The core's `MemberNotFound`, for a member the caller cannot see or that does not exist. */
function memberNotFound(imageId: string, consumerAccountId: string): HttpError {
  return {
    status: 404,
    type: "MemberNotFound",
    message: `${consumerAccountId.slice(0, 255)} not found in the member list of the image ${imageId.slice(0, 255)}`,
    details: { imageId, consumerAccountId },
  };
}
