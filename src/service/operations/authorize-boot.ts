import { err } from "neverthrow";
import { AuthorizeBootInputSchema } from "../../domain/inputs.js";
import { quickBootInput } from "../../domain/quick-parse.js";
import { decideBoot } from "../../policy/boot.js";
import { checkRegionKnown } from "../../policy/region.js";
import { clockIfNeeded } from "../facts.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/**
 * `authorizeBoot`: may the account boot from the image in this region? Own image or accepted,
 * unexpired share, in its region (R2, R6, R18). The hot path: a quick input check, one store
 * read (answered synchronously by a store that has it in hand), and the pure decision.
 */
export const authorizeBoot = defineOperation(
  AuthorizeBootInputSchema,
  (ctx, principal, input) => {
    const region = checkRegionKnown(input.region, ctx.regions);
    if (region.isErr()) return err(region.error);
    const query = { imageId: input.imageId, accountId: principal.accountId };
    return andThen(
      ctx.read((store) => store.readImageFacts(query)),
      (read) =>
        read.andThen((stored) =>
          decideBoot({
            principal,
            imageId: input.imageId,
            image: stored.image?.image ?? null,
            ownMember: stored.member,
            now: clockIfNeeded(ctx, stored),
            requestedRegion: input.region,
          }),
        ),
    );
  },
  quickBootInput,
);
