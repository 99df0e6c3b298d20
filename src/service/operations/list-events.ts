import { err, ok } from "neverthrow";
import { SharingErrors } from "../../domain/errors.js";
import { eventAsSeenBy } from "../../domain/events.js";
import { ListEventsInputSchema } from "../../domain/inputs.js";
import { requireRole } from "../../policy/rbac.js";
import { pageOf } from "../paging.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/**
 * `listEvents`: the events concerning the account, oldest first (R14, R17); `nextCursor` is the
 * `after` of the next page. The acting user shows only on the acting account's own events.
 */
export const listEvents = defineOperation(ListEventsInputSchema, (ctx, principal, input) => {
  const role = requireRole(principal, "read");
  if (role.isErr()) return err(role.error);
  const query = { accountId: principal.accountId, after: input.after ?? null, limit: input.limit + 1 };
  return andThen(
    ctx.read((s) => s.listEvents(query)),
    (rows) => {
      if (rows.isErr()) return err(rows.error);
      if (rows.value === null)
        return err(SharingErrors.validation([{ path: ["after"], message: "not the id of an event of this account" }]));
      const events = rows.value.map((event) => eventAsSeenBy(event, principal.accountId));
      return ok(pageOf(events, input.limit, (last) => last.id));
    },
  );
});
