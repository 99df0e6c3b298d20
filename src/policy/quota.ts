import { err, ok, type Result } from "neverthrow";
import { type SharingErrorOf, SharingErrors } from "../domain/errors.js";

/**
 * R11: an image holds at most `quota` members of any status, so a new member is allowed only
 * while fewer than `quota` exist. `Infinity` means no limit; `0` means the image cannot be shared.
 */
export function checkMemberQuota(
  imageId: string,
  memberCount: number,
  quota: number,
): Result<void, SharingErrorOf<"MemberQuotaExceeded">> {
  return memberCount < quota ? ok(undefined) : err(SharingErrors.memberQuotaExceeded(imageId, quota));
}
