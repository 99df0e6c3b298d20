import type { Principal } from "../domain/principal.js";
import type { ImageAccessFacts } from "../policy/access.js";
import type { ImageFacts, ImageFactsQuery } from "../ports/store.js";
import type { ServiceContext } from "./context.js";
import { andThen, type Eventually } from "./store-calls.js";

/** The facts of one image-scoped decision as the policy takes them, plus the version they were read at. */
export type LoadedFacts = ImageAccessFacts & { readonly version: number | null; readonly stored: ImageFacts };

/**
 * Step 2 for any image-scoped call: one store read for everything the decision needs (the
 * image with its version, the principal's account's own member record, and what `more` asks
 * for). One read means one consistent snapshot on a database, and one round trip.
 */
export function loadFacts(
  ctx: ServiceContext,
  principal: Principal,
  imageId: string,
  now: string,
  more: Omit<ImageFactsQuery, "imageId" | "accountId"> = {},
): Eventually<LoadedFacts> {
  return andThen(ctx.read((s) => s.readImageFacts({ imageId, accountId: principal.accountId, ...more })), (read) =>
    read.map((stored) => ({
      principal,
      imageId,
      now,
      image: stored.image?.image ?? null,
      version: stored.image?.version ?? null,
      ownMember: stored.member,
      stored,
    })),
  );
}
