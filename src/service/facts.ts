import { err, ok, type Result, ResultAsync } from "neverthrow";
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
  return new ResultAsync(readAccess(ctx, principal, imageId));
}

/**
 * {@link loadAccess} as a plain promise, for bodies that `await` it: awaiting a `ResultAsync` (a
 * thenable, not a native promise) costs extra microtask jobs, and this is the boot check's hot
 * path. Plain awaits rather than `andThen`/`map` chains for the same reason (`npm run bench`
 * measured such a chain at ~2x the cost of the two reads themselves).
 */
export async function readAccess(ctx: ServiceContext, principal: Principal, imageId: string): Promise<Result<LoadedAccess, StoreError>> {
  const versioned = await ctx.store.getImage(imageId);
  if (versioned.isErr()) return err(versioned.error);
  const ownMember = await ctx.store.getMember(imageId, principal.accountId);
  if (ownMember.isErr()) return err(ownMember.error);
  return ok({
    principal,
    imageId,
    image: versioned.value?.image ?? null,
    version: versioned.value?.version ?? null,
    ownMember: ownMember.value,
  });
}
