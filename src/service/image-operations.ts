import { err, ok } from "neverthrow";
import { CreateImageInputSchema, ImageRefInputSchema, UpdateImageInputSchema } from "../domain/inputs.js";
import { authorizeOnImage } from "../policy/access.js";
import { decideCreateImage, decideDeleteImage, decideUpdateImage } from "../policy/image-lifecycle.js";
import { checkRegionKnown } from "../policy/region.js";
import { toView } from "../policy/visibility.js";
import type { ServiceContext } from "./context.js";
import { loadAccess, readAccess } from "./facts.js";
import type { ImageSharing } from "./image-sharing.js";
import { decideAndCommit, operation } from "./pipeline.js";

/** createImage, updateImage, deleteImage, getImage: an image's life on the producer's side. */
export function imageOperations(ctx: ServiceContext): Pick<ImageSharing, "createImage" | "updateImage" | "deleteImage" | "getImage"> {
  const createImage = operation(CreateImageInputSchema, async (principal, input) => {
    const region = checkRegionKnown(input.region, ctx.regions);
    if (region.isErr()) return err(region.error);
    // A fresh id per attempt: an id collision loses the "must not exist" race and retries.
    const created = await decideAndCommit(ctx, ctx.newId, async (now, imageId) =>
      ok({ expectedVersion: null, decided: decideCreateImage({ principal, imageId, ...input, now }) }),
    );
    return created.map((image) => toView(image, principal.accountId));
  });

  const updateImage = operation(UpdateImageInputSchema, async (principal, input) => {
    const updated = await decideAndCommit(
      ctx,
      () => input.imageId,
      async (now) => {
        const facts = await loadAccess(ctx, principal, input.imageId);
        return facts.map((loaded) => ({ expectedVersion: loaded.version, decided: decideUpdateImage({ ...loaded, name: input.name, now }) }));
      },
    );
    return updated.map((image) => toView(image, principal.accountId));
  });

  const deleteImage = operation(ImageRefInputSchema, (principal, input) =>
    decideAndCommit(
      ctx,
      () => input.imageId,
      async () => {
        const loaded = await loadAccess(ctx, principal, input.imageId).andThen((facts) =>
          ctx.store.listMembers(input.imageId).map((members) => ({ facts, members })),
        );
        return loaded.map(({ facts, members }) => ({ expectedVersion: facts.version, decided: decideDeleteImage({ ...facts, members }) }));
      },
    ),
  );

  const getImage = operation(ImageRefInputSchema, async (principal, input) => {
    const facts = await readAccess(ctx, principal, input.imageId);
    return facts.andThen((loaded) => authorizeOnImage(loaded, "read", "any")).map(({ image }) => toView(image, principal.accountId));
  });

  return { createImage, updateImage, deleteImage, getImage };
}
