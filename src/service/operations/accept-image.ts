import { ImageRefInputSchema } from "../../domain/inputs.js";
import { quickImageRef } from "../../domain/quick-parse.js";
import { decideAccept } from "../../policy/membership.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `acceptImage`: the consumer accepts a share (pending -> accepted) for every user of its account (R1, R2). At least admin. */
export const acceptImage = defineOperation(
  ImageRefInputSchema,
  (ctx, principal, { imageId }) =>
    decideAndCommit(ctx, principal, ({ load }) =>
      andThen(load(imageId), (loaded) =>
        loaded.map((facts) => ({ imageId, expectedVersion: facts.version, decided: decideAccept(facts) })),
      ),
    ),
  quickImageRef,
);
