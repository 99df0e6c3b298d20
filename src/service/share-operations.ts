import { err, ok, ResultAsync } from "neverthrow";
import { ImageRefInputSchema, MemberRefInputSchema } from "../domain/inputs.js";
import type { Member } from "../domain/member.js";
import { authorizeOnImage } from "../policy/access.js";
import { decideAccept, decideReject, decideShare, decideUnshare } from "../policy/membership.js";
import { membersVisibleTo } from "../policy/visibility.js";
import type { ServiceContext } from "./context.js";
import { loadAccess, readAccess } from "./facts.js";
import type { ImageSharing } from "./image-sharing.js";
import { decideAndCommit, operation } from "./pipeline.js";

/** A plain copy of a member, so callers never hold the store's object. */
const copyMember = (member: Member): Member => ({ ...member });

/** shareImage, unshareImage, acceptImage, rejectImage, listMembers: the member state machine at work. */
export function shareOperations(
  ctx: ServiceContext,
): Pick<ImageSharing, "shareImage" | "unshareImage" | "acceptImage" | "rejectImage" | "listMembers"> {
  const shareImage = operation(MemberRefInputSchema, (principal, { imageId, consumerAccountId }) =>
    decideAndCommit(
      ctx,
      () => imageId,
      async (now) => {
        // The consumer's record, the member count and the directory are read after the version (see loadAccess).
        const loaded = await loadAccess(ctx, principal, imageId).andThen((facts) =>
          ResultAsync.combine([
            ctx.store.getMember(imageId, consumerAccountId),
            ctx.store.countMembers(imageId),
            ctx.store.accountExists(consumerAccountId),
          ] as const).map(([existingMember, memberCount, consumerExists]) => ({ facts, existingMember, memberCount, consumerExists })),
        );
        return loaded.map(({ facts, ...more }) => ({
          expectedVersion: facts.version,
          decided: decideShare({ ...facts, ...more, consumerAccountId, memberQuota: ctx.memberQuota, now }).map((d) => ({
            ...d,
            value: copyMember(d.value),
          })),
        }));
      },
    ),
  );

  const unshareImage = operation(MemberRefInputSchema, (principal, { imageId, consumerAccountId }) =>
    decideAndCommit(
      ctx,
      () => imageId,
      async () => {
        const loaded = await loadAccess(ctx, principal, imageId).andThen((facts) =>
          ctx.store.getMember(imageId, consumerAccountId).map((existingMember) => ({ facts, existingMember })),
        );
        return loaded.map(({ facts, existingMember }) => ({
          expectedVersion: facts.version,
          decided: decideUnshare({ ...facts, consumerAccountId, existingMember }),
        }));
      },
    ),
  );

  const consumerDecision = (decide: typeof decideAccept) =>
    operation(ImageRefInputSchema, (principal, { imageId }) =>
      decideAndCommit(
        ctx,
        () => imageId,
        async (now) => {
          const facts = await loadAccess(ctx, principal, imageId);
          return facts.map((loaded) => ({
            expectedVersion: loaded.version,
            decided: decide({ ...loaded, now }).map((d) => ({ ...d, value: copyMember(d.value) })),
          }));
        },
      ),
    );

  const listMembers = operation(ImageRefInputSchema, async (principal, input) => {
    const facts = await readAccess(ctx, principal, input.imageId);
    const access = facts.andThen((loaded) => authorizeOnImage(loaded, "read", "any"));
    if (access.isErr()) return err(access.error);
    const { relation } = access.value;
    // A consumer sees its own record only (R12); no need to read the others at all.
    if (relation.kind === "member") return ok([copyMember(relation.member)]);
    const members = await ctx.store.listMembers(input.imageId);
    return members.map((all) => membersVisibleTo(relation, all).map(copyMember));
  });

  return { shareImage, unshareImage, acceptImage: consumerDecision(decideAccept), rejectImage: consumerDecision(decideReject), listMembers };
}
