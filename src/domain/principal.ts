import { z } from "zod/v4";
import { AccountIdSchema, UserIdSchema } from "./ids.js";
import { RolesSchema } from "./role.js";

/**
 * An authenticated user acting inside one account. The host service authenticates; the
 * library authorizes with the roles given here, which apply to `accountId` only.
 *
 * @example
 * const principal = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
 */
export const PrincipalSchema = z.object({
  userId: UserIdSchema,
  accountId: AccountIdSchema,
  roles: RolesSchema,
});

/** A validated principal (see {@link PrincipalSchema}). */
export type Principal = z.infer<typeof PrincipalSchema>;
