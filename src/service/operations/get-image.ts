import { ImageRefInputSchema } from "../../domain/inputs.js";
import { quickImageRef } from "../../domain/quick-parse.js";
import { authorizeOnImage } from "../../policy/access.js";
import { toView } from "../../policy/visibility.js";
import { loadFacts } from "../facts.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `getImage`: an image visible to the principal's account, own or shared in any status (R9). */
export const getImage = defineOperation(
  ImageRefInputSchema,
  (ctx, principal, { imageId }) =>
    andThen(loadFacts(ctx, principal, imageId, "when-needed"), (loaded) =>
      loaded
        .andThen((facts) => authorizeOnImage(facts, "read", "any"))
        .map(({ image }) => toView(image, principal.accountId)),
    ),
  quickImageRef,
);
