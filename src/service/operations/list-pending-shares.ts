import { err } from "neverthrow";
import { copyImage } from "../../domain/image.js";
import { ListPendingSharesInputSchema } from "../../domain/inputs.js";
import { quickFirstPage } from "../../domain/quick-parse.js";
import { memberAt } from "../../policy/visibility.js";
import type { CursorScope } from "../cursor.js";
import { pageOf, readablePageStart } from "../paging.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `listPendingShares`: the account's pending, unexpired shares — its notifications (R3, R6, R18) — newest share first, one page. */
export const listPendingShares = defineOperation(
  ListPendingSharesInputSchema,
  (ctx, principal, input) => {
    const scope: CursorScope = { list: "listPendingShares", accountId: principal.accountId, region: input.region };
    const checked = readablePageStart(ctx, principal, scope, input.cursor);
    if (checked.isErr()) return err(checked.error);
    const now = ctx.now();
    const query = {
      accountId: principal.accountId,
      region: input.region,
      after: checked.value,
      limit: input.limit + 1,
      now,
    };
    return andThen(
      ctx.read((s) => s.listPendingShares(query)),
      (rows) =>
        rows.map((shares) =>
          pageOf(
            shares.map(({ image, member }) => ({ image: copyImage(image), member: memberAt(member, now) })),
            input.limit,
            (last) => ctx.cursors.encode(scope, { createdAt: last.member.createdAt, id: last.image.id }),
          ),
        ),
    );
  },
  quickFirstPage,
);
