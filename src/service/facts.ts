import { ResultAsync } from "neverthrow";
import type { StoreError } from "../domain/errors.js";
import type { Principal } from "../domain/principal.js";
import type { ImageAccessFacts } from "../policy/access.js";
import type { ServiceContext } from "./context.js";

/** The access facts of one image plus the version they were read at. */
export type LoadedAccess = ImageAccessFacts & { readonly version: number | null };

/**
 * Step 2 for any image-scoped call: the image (with its version) and the principal's account's
 * own member record of it, read together.
 */
export function loadAccess(ctx: ServiceContext, principal: Principal, imageId: string): ResultAsync<LoadedAccess, StoreError> {
  return ResultAsync.combine([ctx.store.getImage(imageId), ctx.store.getMember(imageId, principal.accountId)] as const).map(
    ([versioned, ownMember]) => ({
      principal,
      imageId,
      image: versioned?.image ?? null,
      version: versioned?.version ?? null,
      ownMember,
    }),
  );
}
