import { err } from "neverthrow";
import { GetSharingPolicyInputSchema } from "../../domain/inputs.js";
import { emptySharingPolicy, type SharingPolicy } from "../../domain/sharing-policy.js";
import { requireRole } from "../../policy/rbac.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** A plain, unshared copy of a policy for the caller. */
export const copyPolicy = (policy: SharingPolicy): SharingPolicy => ({
  accountId: policy.accountId,
  autoAcceptFrom: [...policy.autoAcceptFrom],
  blockFrom: [...policy.blockFrom],
  updatedAt: policy.updatedAt,
});

/** `getSharingPolicy`: the account's sharing policy (R17); empty lists and `updatedAt: null` when it never set one. At least observer. */
export const getSharingPolicy = defineOperation(GetSharingPolicyInputSchema, (ctx, principal) => {
  const role = requireRole(principal, "read");
  if (role.isErr()) return err(role.error);
  return andThen(
    ctx.read((s) => s.getSharingPolicy(principal.accountId)),
    (stored) => stored.map((found) => copyPolicy(found?.policy ?? emptySharingPolicy(principal.accountId))),
  );
});
