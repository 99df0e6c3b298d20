import { ImageRefInputSchema } from "../../domain/inputs.js";
import { quickImageRef } from "../../domain/quick-parse.js";
import { decideReject } from "../../policy/membership.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `rejectImage`: the consumer rejects a share, pending or accepted (R4); only the producer can bring it back (R5). At least admin. */
export const rejectImage = defineOperation(
  ImageRefInputSchema,
  (ctx, principal, { imageId }) =>
    decideAndCommit(ctx, principal, ({ load }) =>
      andThen(load(imageId), (loaded) =>
        loaded.map((facts) => ({ imageId, expectedVersion: facts.version, decided: decideReject(facts) })),
      ),
    ),
  quickImageRef,
);
