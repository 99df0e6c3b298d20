import type { Principal } from "../domain/principal.js";
import type { ImageAccessFacts } from "../policy/access.js";
import type { ImageFacts, ImageFactsQuery } from "../ports/store.js";
import type { ServiceContext } from "./context.js";
import { andThen, type Eventually } from "./store-calls.js";

/**
 * Stands for "now" where no expiry is at stake: a read whose principal holds no expiring share
 * decides without the time. Reading and formatting the clock costs more than the whole boot
 * decision (`npm run bench`), so the reads skip it when they can.
 */
const CLOCK_NOT_NEEDED = "1970-01-01T00:00:00.000Z";

/** The clock's time when the principal's own share expires at some point; else a time nothing will compare. */
function clockIfNeeded(ctx: ServiceContext, stored: ImageFacts): string {
  return stored.member?.expiresAt === undefined ? CLOCK_NOT_NEEDED : ctx.now();
}

/** The facts of one image-scoped decision as the policy takes them, plus the version they were read at. */
export type LoadedFacts = ImageAccessFacts & { readonly version: number | null; readonly stored: ImageFacts };

/**
 * Step 2 for any image-scoped call: one store read for everything the decision needs (the
 * image with its version, the principal's account's own member record, and what `more` asks
 * for). One read means one consistent snapshot on a database, and one round trip. A read-only
 * call passes `"when-needed"` for `now`: the clock is then read only if an expiry is at stake.
 */
export function loadFacts(
  ctx: ServiceContext,
  principal: Principal,
  imageId: string,
  now: string | "when-needed",
  more: Omit<ImageFactsQuery, "imageId" | "accountId"> = {},
): Eventually<LoadedFacts> {
  return andThen(
    ctx.read((s) => s.readImageFacts({ imageId, accountId: principal.accountId, ...more })),
    (read) =>
      read.map((stored) => ({
        principal,
        imageId,
        now: now === "when-needed" ? clockIfNeeded(ctx, stored) : now,
        image: stored.image?.image ?? null,
        version: stored.image?.version ?? null,
        ownMember: stored.member,
        stored,
      })),
  );
}
