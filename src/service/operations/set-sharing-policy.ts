import { err, ok } from "neverthrow";
import { SharingErrors } from "../../domain/errors.js";
import { SetSharingPolicyInputSchema } from "../../domain/inputs.js";
import { decideSetPolicy } from "../../policy/sharing-policy.js";
import { defineOperation, settled } from "../pipeline.js";
import { copyPolicy } from "./get-sharing-policy.js";

/**
 * `setSharingPolicy`: the account trusts or blocks producer accounts (R17); an omitted list is
 * unchanged. At least admin. Not retroactive. Races with another policy change are re-decided
 * like image changes (optimistic version, jittered retries).
 */
export const setSharingPolicy = defineOperation(SetSharingPolicyInputSchema, async (ctx, principal, input) => {
  for (let round = 0; round < ctx.maxAttempts; round += 1) {
    if (round > 0) await ctx.backoff(round);
    const now = ctx.now();
    const stored = await settled(ctx.read((s) => s.getSharingPolicy(principal.accountId)));
    if (stored.isErr()) return err(stored.error);
    const decided = decideSetPolicy(principal, stored.value?.policy ?? null, input, now);
    if (decided.isErr()) return err(decided.error);
    const { policy, event } = decided.value;
    if (event === null) return ok(copyPolicy(policy));
    const commit = {
      policy,
      expectedVersion: stored.value?.version ?? null,
      event: { ...event, id: ctx.newId(), occurredAt: now },
    };
    const committed = await settled(ctx.write((s) => s.commitPolicy(commit)));
    // Shares decided on the old policy must not be committed from what this instance knew of it.
    ctx.known.forgetAccount(principal.accountId);
    if (committed.isOk()) return ok(copyPolicy(policy));
    if (committed.error.type !== "ConcurrentModification") return err(committed.error);
  }
  return err(SharingErrors.concurrentModification());
});
