import { ShareImageInputSchema } from "../../domain/inputs.js";
import { decideShare } from "../../policy/membership.js";
import { loadFacts } from "../facts.js";
import { decideAndCommit, defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/**
 * `shareImage`: a new member for a consumer account (R1, R2), pending — or accepted when the
 * consumer trusts the producer (R17); optionally expiring (R18). Owner account, at least creator.
 */
export const shareImage = defineOperation(
  ShareImageInputSchema,
  (ctx, principal, { imageId, consumerAccountId, expiresAt }) =>
    decideAndCommit(ctx, principal, (now) =>
      andThen(loadFacts(ctx, principal, imageId, now, { consumerAccountId }), (loaded) =>
        loaded.map((facts) => {
          const { consumer } = facts;
          return {
            imageId,
            expectedVersion: facts.version,
            expectedConsumerPolicy: { accountId: consumerAccountId, version: consumer.policyVersion },
            decided: decideShare({
              ...facts,
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
);
