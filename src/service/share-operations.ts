import { err, ok, ResultAsync } from "neverthrow";
import { ImageRefInputSchema, MemberRefInputSchema } from "../domain/inputs.js";
import type { Member } from "../domain/member.js";
import { authorizeOnImage } from "../policy/access.js";
import { decideAccept, decideReject, decideShare, decideUnshare } from "../policy/membership.js";
import { membersVisibleTo } from "../policy/visibility.js";
import type { ServiceContext } from "./context.js";
import { loadAccess } from "./facts.js";
import type { ImageSharing } from "./image-sharing.js";
import { decideAndCommit, operation } from "./pipeline.js";

/** A plain copy of a member, so callers never hold the store's object. */
const copyMember = (member: Member): Member => ({ ...member });

/** shareImage, unshareImage, acceptImage, rejectImage, listMembers: the member state machine at work. */
export function shareOperations(
  ctx: ServiceContext,
): Pick<ImageSharing, "shareImage" | "unshareImage" | "acceptImage" | "rejectImage" | "listMembers"> {
  const shareImage = operation(MemberRefInputSchema, (principal, input) =>
    decideAndCommit(
      ctx,
      () => input.imageId,
      async (now) => {
        const { imageId, consumerAccountId } = input;
        const loaded = await ResultAsync.combine([
          loadAccess(ctx, principal, imageId),
          ctx.store.getMember(imageId, consumerAccountId),
          ctx.store.countMembers(imageId),
          ctx.store.accountExists(consumerAccountId),
        ] as const);
        if (loaded.isErr()) return err(loaded.error);
        const [facts, existingMember, memberCount, consumerExists] = loaded.value;
        return decideShare({ ...facts, consumerAccountId, existingMember, memberCount, consumerExists, memberQuota: ctx.memberQuota, now }).map(
          (d) => ({ ...d, value: copyMember(d.value), expectedVersion: facts.version }),
        );
      },
    ),
  );

  const unshareImage = operation(MemberRefInputSchema, (principal, input) =>
    decideAndCommit(
      ctx,
      () => input.imageId,
      async () => {
        const loaded = await ResultAsync.combine([
          loadAccess(ctx, principal, input.imageId),
          ctx.store.getMember(input.imageId, input.consumerAccountId),
        ] as const);
        if (loaded.isErr()) return err(loaded.error);
        const [facts, existingMember] = loaded.value;
        return decideUnshare({ ...facts, consumerAccountId: input.consumerAccountId, existingMember }).map((d) => ({
          ...d,
          expectedVersion: facts.version,
        }));
      },
    ),
  );

  const consumerDecision = (decide: typeof decideAccept) =>
    operation(ImageRefInputSchema, (principal, input) =>
      decideAndCommit(
        ctx,
        () => input.imageId,
        async (now) => {
          const facts = await loadAccess(ctx, principal, input.imageId);
          if (facts.isErr()) return err(facts.error);
          return decide({ ...facts.value, now }).map((d) => ({ ...d, value: copyMember(d.value), expectedVersion: facts.value.version }));
        },
      ),
    );

  const listMembers = operation(ImageRefInputSchema, (principal, input) =>
    loadAccess(ctx, principal, input.imageId).andThen((facts) => {
      const access = authorizeOnImage(facts, "read", "any");
      if (access.isErr()) return err(access.error);
      const { relation } = access.value;
      // A consumer sees its own record only (R12); no need to read the others at all.
      if (relation.kind === "member") return ok([copyMember(relation.member)]);
      return ctx.store.listMembers(input.imageId).map((members) => membersVisibleTo(relation, members).map(copyMember));
    }),
  );

  return { shareImage, unshareImage, acceptImage: consumerDecision(decideAccept), rejectImage: consumerDecision(decideReject), listMembers };
}
