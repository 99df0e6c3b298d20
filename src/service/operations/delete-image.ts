import { ImageRefInputSchema } from "../../domain/inputs.js";
import { quickImageRef } from "../../domain/quick-parse.js";
import { decideDeleteImage } from "../../policy/image-lifecycle.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `deleteImage`: deletes an image and all its members in one step (R13); owner account, at least admin. */
export const deleteImage = defineOperation(
  ImageRefInputSchema,
  (ctx, principal, { imageId }) =>
    decideAndCommit(ctx, principal, ({ load }) =>
      andThen(load(imageId, { withMembers: true }), (loaded) =>
        loaded.map((facts) => ({
          imageId,
          expectedVersion: facts.version,
          decided: decideDeleteImage(facts),
        })),
      ),
    ),
  quickImageRef,
);
