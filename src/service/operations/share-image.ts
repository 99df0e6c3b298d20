import { ShareImageInputSchema } from "../../domain/inputs.js";
import { quickShareInput } from "../../domain/quick-parse.js";
import { decideShare } from "../../policy/membership.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/**
 * `shareImage`: a new member for a consumer account (R1, R2), pending — or accepted when the
 * consumer trusts the producer (R17); optionally expiring (R18). Owner account, at least creator.
 */
export const shareImage = defineOperation(
  ShareImageInputSchema,
  (ctx, principal, { imageId, consumerAccountId, expiresAt }) =>
    decideAndCommit(ctx, principal, ({ load }) =>
      andThen(load(imageId, { consumerAccountId }), (loaded) =>
        loaded.map((facts) => {
          const { consumer } = facts;
          return {
            imageId,
            expectedVersion: facts.version,
            expectedConsumerPolicy: { accountId: consumerAccountId, version: consumer.policyVersion },
            // Field by field, as in authorizeBoot: a spread of the loaded facts costs more than the decision.
            decided: decideShare({
              principal: facts.principal,
              imageId: facts.imageId,
              image: facts.image,
              ownMember: facts.ownMember,
              now: facts.now,
              consumerAccountId,
              expiresAt,
              consumerExists: consumer.exists,
              consumerPolicy: consumer.policy,
              existingMember: consumer.member,
              memberCount: consumer.memberCount,
              memberQuota: ctx.memberQuota,
            }),
          };
        }),
      ),
    ),
  quickShareInput,
);
