import { z } from "zod/v4";
import { AccountSchema } from "../../domain/account.js";

/** Options of `createInMemoryStore`. */
export const InMemoryStoreOptionsSchema = z
  .object({
    /** The account directory: the accounts images can be shared with (R10). */
    accounts: z.array(AccountSchema).readonly().default([]),
  })
  .prefault(() => Object.create(null));

/** What `createInMemoryStore` takes. */
export type InMemoryStoreOptions = z.input<typeof InMemoryStoreOptionsSchema>;
