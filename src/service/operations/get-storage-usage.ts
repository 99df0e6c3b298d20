import { err } from "neverthrow";
import { StorageUsageInputSchema } from "../../domain/inputs.js";
import { requireRole } from "../../policy/rbac.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `getStorageUsage`: count and bytes of the images the account owns; shares cost nothing (R7). */
export const getStorageUsage = defineOperation(StorageUsageInputSchema, (ctx, principal) => {
  const role = requireRole(principal, "read");
  if (role.isErr()) return err(role.error);
  return andThen(
    ctx.read((s) => s.getStorageUsage(principal.accountId)),
    (usage) => usage.map(({ imageCount, bytes }) => ({ accountId: principal.accountId, imageCount, bytes })),
  );
});
