import { ResultAsync } from "neverthrow";
import type { StoreError } from "../domain/errors.js";
import type { Principal } from "../domain/principal.js";
import type { ImageAccessFacts } from "../policy/access.js";
import type { ServiceContext } from "./context.js";

/** The access facts of one image plus the version they were read at. */
export type LoadedAccess = ImageAccessFacts & { readonly version: number | null };

/**
 * Step 2 for any image-scoped call: the image with its version, THEN the principal's account's
 * own member record. The order matters (R16): every change to a member bumps the image's
 * version, so facts read after the version are caught by the commit's version check if they
 * moved; facts read before it would not be.
 */
export function loadAccess(ctx: ServiceContext, principal: Principal, imageId: string): ResultAsync<LoadedAccess, StoreError> {
  return ctx.store.getImage(imageId).andThen((versioned) =>
    ctx.store.getMember(imageId, principal.accountId).map((ownMember) => ({
      principal,
      imageId,
      image: versioned?.image ?? null,
      version: versioned?.version ?? null,
      ownMember,
    })),
  );
}
