import { z } from "zod/v4";
import { AccountIdSchema } from "./ids.js";
import { TimestampSchema } from "./time.js";

/** Most producer accounts one list of a sharing policy may name (R17). */
export const MAX_POLICY_ACCOUNTS = 1000;

/** A list of producer account ids in a sharing policy: at most 1,000, no repeats. */
export const PolicyAccountListSchema = z
  .array(AccountIdSchema)
  .max(MAX_POLICY_ACCOUNTS, `a policy list names at most ${MAX_POLICY_ACCOUNTS} accounts`)
  .refine((ids) => new Set(ids).size === ids.length, "a policy list must not repeat an account");

/**
 * A consumer account's sharing policy (R17): producers whose shares are accepted at once
 * (`autoAcceptFrom`), and producers whose shares are refused as if this account did not exist
 * (`blockFrom`). `updatedAt` is `null` for an account that never set one.
 */
export const SharingPolicySchema = z.object({
  accountId: AccountIdSchema,
  autoAcceptFrom: z.array(AccountIdSchema),
  blockFrom: z.array(AccountIdSchema),
  updatedAt: TimestampSchema.nullable(),
});

/** A sharing policy (see {@link SharingPolicySchema}). */
export type SharingPolicy = z.infer<typeof SharingPolicySchema>;

/** The policy of an account that never set one: trusts nobody, blocks nobody. */
export function emptySharingPolicy(accountId: string): SharingPolicy {
  return { accountId, autoAcceptFrom: [], blockFrom: [], updatedAt: null };
}
