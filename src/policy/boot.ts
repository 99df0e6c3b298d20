import { err, ok, type Result } from "neverthrow";
import { type SharingError, SharingErrors } from "../domain/errors.js";
import type { ImageView } from "../domain/image.js";
import { authorizeOnImage, type ImageAccessFacts } from "./access.js";
import { checkBootRegion } from "./region.js";
import { toView } from "./visibility.js";

/**
 * May the principal's account boot a server from this image in `requestedRegion`? Yes for its
 * own image and for a share it has accepted, in the image's region only (R2, R6). A pending or
 * rejected share is visible (so not `ImageNotFound`) but not usable: `Forbidden`.
 */
export function decideBoot(
  facts: ImageAccessFacts & { readonly requestedRegion: string },
): Result<ImageView, SharingError> {
  const access = authorizeOnImage(facts, "read", "any");
  if (access.isErr()) return err(access.error);
  const { image, relation } = access.value;
  if (relation.kind === "member" && relation.member.status !== "accepted") {
    return err(SharingErrors.notAccepted(image.id, relation.member.status));
  }
  const region = checkBootRegion(image, facts.requestedRegion);
  if (region.isErr()) return err(region.error);
  return ok(toView(image, facts.principal.accountId));
}
