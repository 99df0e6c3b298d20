import { ImageRefInputSchema } from "../../domain/inputs.js";
import { authorizeOnImage } from "../../policy/access.js";
import { membersVisibleTo } from "../../policy/visibility.js";
import { loadFacts } from "../facts.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `listMembers`: the image's members — all of them for the owner, only its own record for a consumer (R12). */
export const listMembers = defineOperation(ImageRefInputSchema, (ctx, principal, { imageId }) => {
  const now = ctx.now();
  return andThen(loadFacts(ctx, principal, imageId, now, { withMembers: true }), (loaded) =>
    loaded.andThen((facts) =>
      authorizeOnImage(facts, "read", "any").map(({ relation }) => membersVisibleTo(relation, facts.members, now)),
    ),
  );
});
