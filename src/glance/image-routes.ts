import { HttpErrors } from "./http-error.js";
import { parseImageCreateBody } from "./image-create-body.js";
import { listImagesForGlance } from "./image-list.js";
import { parseImageListQuery } from "./image-list-query.js";
import { parseImagePatch } from "./image-patch.js";
import { JSON_MEDIA_TYPES, PATCH_MEDIA_TYPES, patchDraftOf, readJsonBody } from "./request-body.js";
import { answer, errorReply, jsonReply, noContentReply, type Reply } from "./responses.js";
import type { RouteContext } from "./route-context.js";
import { imagePath, toGlanceImage } from "./views.js";

// The image routes. Each checks everything the client sent before calling the core once, so a
// refused request stores nothing.

/** GET /v2/images: 200 with `{ images, first, schema, next? }` (see image-list.ts for what is listed). */
export async function listImagesRoute({ sharing, principal, region, query }: RouteContext): Promise<Reply> {
  const parsed = parseImageListQuery(query);
  if (parsed.isErr()) return errorReply(parsed.error);
  const listed = await listImagesForGlance(sharing, principal, region, parsed.value, query);
  return listed.isOk() ? jsonReply(200, listed.value) : errorReply(listed.error);
}

/** POST /v2/images: 201 with the image and its `Location`, created in the endpoint's region for the caller's account. */
export async function createImageRoute({ sharing, principal, region, request }: RouteContext): Promise<Reply> {
  const body = await readJsonBody(request, JSON_MEDIA_TYPES);
  if (body.isErr()) return errorReply(body.error);
  const parsed = parseImageCreateBody(body.value, principal.accountId);
  if (parsed.isErr()) return errorReply(parsed.error);
  return answer(sharing.createImage(principal, { name: parsed.value.name, region }), (image) =>
    jsonReply(201, toGlanceImage(image), { location: imagePath(image.id) }),
  );
}

/** GET /v2/images/{id}: 200 for the owner and for any member account, whatever its status; 404 for anyone else (R9). */
export async function showImageRoute({ sharing, principal, params }: RouteContext): Promise<Reply> {
  return answer(sharing.getImage(principal, { imageId: params.imageId }), (image) =>
    jsonReply(200, toGlanceImage(image)),
  );
}

/**
 * PATCH /v2/images/{id}: renames the image (owner account, at least creator). A patch that
 * changes nothing answers the image as it is, to its owner; to a member account it is 403, as
 * any update is (Glance too refuses a non-owner's empty patch).
 */
export async function patchImageRoute({ sharing, principal, request, params }: RouteContext): Promise<Reply> {
  const media = Object.keys(PATCH_MEDIA_TYPES);
  const draft = patchDraftOf(request);
  if (draft === null) return errorReply(HttpErrors.unsupportedMediaType(media, { "accept-patch": media.join(", ") }));
  const body = await readJsonBody(request, media);
  if (body.isErr()) return errorReply(body.error);
  const patch = parseImagePatch(body.value, draft);
  if (patch.isErr()) return errorReply(patch.error);
  const { imageId } = params;
  if (patch.value.name !== null) {
    return answer(sharing.updateImage(principal, { imageId, name: patch.value.name }), (image) =>
      jsonReply(200, toGlanceImage(image)),
    );
  }
  return answer(sharing.getImage(principal, { imageId }), (image) =>
    image.source === "own"
      ? jsonReply(200, toGlanceImage(image))
      : errorReply(HttpErrors.forbidden(`only the account that owns image ${imageId} may change it`, "not-owner")),
  );
}

/** DELETE /v2/images/{id}: 204; the image and all its members go in one step (R13). Owner account, at least admin. */
export async function deleteImageRoute({ sharing, principal, params }: RouteContext): Promise<Reply> {
  return answer(sharing.deleteImage(principal, { imageId: params.imageId }), () => noContentReply());
}
