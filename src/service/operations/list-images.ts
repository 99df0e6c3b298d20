import { err } from "neverthrow";
import { ListImagesInputSchema } from "../../domain/inputs.js";
import { quickFirstPage } from "../../domain/quick-parse.js";
import { toView } from "../../policy/visibility.js";
import type { CursorScope } from "../cursor.js";
import { pageOf, readablePageStart } from "../paging.js";
import { defineOperation } from "../pipeline.js";
import { andThen } from "../store-calls.js";

/** `listImages`: the account's own images and the unexpired shares it accepted (R2, R6, R18), newest first, one page. */
export const listImages = defineOperation(
  ListImagesInputSchema,
  (ctx, principal, input) => {
    const scope: CursorScope = { list: "listImages", accountId: principal.accountId, region: input.region };
    const checked = readablePageStart(ctx, principal, scope, input.cursor);
    if (checked.isErr()) return err(checked.error);
    const query = {
      accountId: principal.accountId,
      region: input.region,
      after: checked.value,
      limit: input.limit + 1,
      now: ctx.now(),
    };
    return andThen(
      ctx.read((s) => s.listVisibleImages(query)),
      (rows) =>
        rows.map((images) =>
          pageOf(
            images.map((image) => toView(image, principal.accountId)),
            input.limit,
            (last) => ctx.cursors.encode(scope, { createdAt: last.createdAt, id: last.id }),
          ),
        ),
    );
  },
  quickFirstPage,
);
