import { err, ok } from "neverthrow";
import { CreateImageInputSchema } from "../../domain/inputs.js";
import { decideCreateImage } from "../../policy/image-lifecycle.js";
import { checkRegionKnown } from "../../policy/region.js";
import { toView } from "../../policy/visibility.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";

/** `createImage`: a new image owned by the principal's account, in a catalog region (at least creator). */
export const createImage = defineOperation(CreateImageInputSchema, async (ctx, principal, input) => {
  const region = checkRegionKnown(input.region, ctx.regions);
  if (region.isErr()) return err(region.error);
  // A fresh id per attempt: an id collision loses the "must not exist" race and retries.
  const created = await decideAndCommit(ctx, principal, ({ now }) => {
    const imageId = ctx.newId();
    return ok({ imageId, expectedVersion: null, decided: decideCreateImage({ principal, imageId, ...input, now }) });
  });
  return created.map((image) => toView(image, principal.accountId));
});
