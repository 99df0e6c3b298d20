import { err, type Result } from "neverthrow";
import { type SharingErrorOf, SharingErrors } from "../domain/errors.js";
import { passed } from "./passed.js";

/**
 * R11: an image holds at most `quota` members of any status, so a new member is allowed only
 * while fewer than `quota` exist. `Infinity` means no limit; `0` means the image cannot be shared.
 */
export function checkMemberQuota(
  imageId: string,
  memberCount: number,
  quota: number,
): Result<void, SharingErrorOf<"MemberQuotaExceeded">> {
  return memberCount < quota ? passed() : err(SharingErrors.memberQuotaExceeded(imageId, quota));
}
