import { err, ok, type Result } from "neverthrow";
import { type HttpError, HttpErrors } from "./http-error.js";
import { checkNameValue, refusalForAttribute } from "./image-attributes.js";

/** What POST /v2/images asks for, once checked. */
export type ImageCreateRequest = { readonly name: string };

/**
 * Checks the body of POST /v2/images: a JSON object whose only writable attribute is `name`
 * (required: an image of this library has a name). `visibility` may say `"shared"` (what every
 * image here is) and `owner` may name the caller's own account (images are created for it);
 * any other value of those, and any other attribute, is refused before the core is called.
 */
export function parseImageCreateBody(body: unknown, callerAccountId: string): Result<ImageCreateRequest, HttpError> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return err(HttpErrors.badRequest('the body of POST /v2/images is a JSON object such as {"name": "golden-web"}'));
  }
  const fields = body as Record<string, unknown>;
  for (const [attribute, value] of Object.entries(fields)) {
    const refusal = refusalForCreate(attribute, value, callerAccountId);
    if (refusal !== null) return err(refusal);
  }
  const name = fields.name;
  if (typeof name !== "string")
    return err(HttpErrors.badRequest('an image needs a name ("name": a string of 1–255 characters)', ["name"]));
  return ok({ name });
}

function refusalForCreate(attribute: string, value: unknown, callerAccountId: string): HttpError | null {
  switch (attribute) {
    case "name":
      return checkNameValue(value, ["name"]);
    case "visibility":
      return value === "shared"
        ? null
        : HttpErrors.badRequest("every image here can be shared with other accounts: visibility is 'shared'", [
            "visibility",
          ]);
    case "owner":
      return value === callerAccountId
        ? null
        : HttpErrors.forbidden(
            "an image is created for the caller's own account; owner cannot name another",
            "not-owner",
          );
    default:
      return refusalForAttribute(attribute);
  }
}
