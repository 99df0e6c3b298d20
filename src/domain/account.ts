import { z } from "zod/v4";
import { AccountIdSchema } from "./ids.js";

/** An entry of the account directory: the accounts a producer may share with (R10). */
export const AccountSchema = z.object({ id: AccountIdSchema });

/** An account (see {@link AccountSchema}). */
export type Account = z.infer<typeof AccountSchema>;
