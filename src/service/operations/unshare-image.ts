import { MemberRefInputSchema } from "../../domain/inputs.js";
import { quickMemberRef } from "../../domain/quick-parse.js";
import { decideUnshare } from "../../policy/membership.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `unshareImage`: removes a consumer from an image, whatever its status (R5, R7). Owner account, at least admin. */
export const unshareImage = defineOperation(
  MemberRefInputSchema,
  (ctx, principal, { imageId, consumerAccountId }) =>
    decideAndCommit(ctx, principal, ({ load }) =>
      andThen(load(imageId, { consumerAccountId }), (loaded) =>
        loaded.map((facts) => ({
          imageId,
          expectedVersion: facts.version,
          decided: decideUnshare({ ...facts, consumerAccountId, existingMember: facts.consumer.member }),
        })),
      ),
    ),
  quickMemberRef,
);
