import { UpdateImageInputSchema } from "../../domain/inputs.js";
import { decideUpdateImage } from "../../policy/image-lifecycle.js";
import { toView } from "../../policy/visibility.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `updateImage`: renames an image (owner account, at least creator); members see it at once (R7). */
export const updateImage = defineOperation(UpdateImageInputSchema, async (ctx, principal, input) => {
  const updated = await decideAndCommit(ctx, principal, ({ load }) =>
    andThen(load(input.imageId), (loaded) =>
      loaded.map((facts) => ({
        imageId: input.imageId,
        expectedVersion: facts.version,
        decided: decideUpdateImage({ ...facts, name: input.name }),
      })),
    ),
  );
  return updated.map((image) => toView(image, principal.accountId));
});
