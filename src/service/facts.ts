import { err, ok, type Result } from "neverthrow";
import { SharingErrors, type StoreError } from "../domain/errors.js";
import type { Member } from "../domain/member.js";
import type { Principal } from "../domain/principal.js";
import type { ImageAccessFacts } from "../policy/access.js";
import type { ConsumerFacts, ImageFacts, ImageFactsQuery } from "../ports/store.js";
import type { ServiceContext } from "./context.js";
import { andThen, type Eventually } from "./store-calls.js";

/**
 * Stands for "now" where no expiry is at stake: a read whose principal holds no expiring share
 * decides without the time. Reading and formatting the clock costs more than the whole boot
 * decision (`npm run bench`), so the reads skip it when they can.
 */
const CLOCK_NOT_NEEDED = "1970-01-01T00:00:00.000Z";

/** The clock's time when the principal's own share expires at some point; else a time nothing will compare. */
export function clockIfNeeded(ctx: ServiceContext, stored: ImageFacts): string {
  return stored.member?.expiresAt === undefined ? CLOCK_NOT_NEEDED : ctx.now();
}

/**
 * The facts of one image-scoped decision as the policy takes them, plus the version they were
 * read at, and what was asked for beyond them: every member (`[]` unless asked), the consumer's
 * facts (an unknown account's unless asked).
 */
export type LoadedFacts = ImageAccessFacts & {
  readonly version: number | null;
  readonly members: readonly Member[];
  readonly consumer: ConsumerFacts;
};

/** The consumer's facts where none were asked for: no such account, no member, no policy. */
const NO_CONSUMER: ConsumerFacts = Object.freeze({
  member: null,
  exists: false,
  policy: null,
  policyVersion: null,
  memberCount: 0,
});

/** The members where none were asked for (one frozen list, not a new one per read). */
const NO_MEMBERS: readonly Member[] = Object.freeze([]);

/** What a decision asks for beyond the image and the principal's own member record. */
export type MoreFacts = Omit<ImageFactsQuery, "imageId" | "accountId">;

/**
 * Step 2 for any image-scoped call: one store read for everything the decision needs (the
 * image with its version, the principal's account's own member record, and what `more` asks
 * for). One read means one consistent snapshot on a database, and one round trip. A read-only
 * call passes `"when-needed"` for `now`: the clock is then read only if an expiry is at stake.
 * `remember` (changes only) keeps what the store answered in the instance's known facts.
 */
export function loadFacts(
  ctx: ServiceContext,
  principal: Principal,
  imageId: string,
  now: string | "when-needed",
  more: MoreFacts = {},
  remember = false,
): Eventually<LoadedFacts> {
  const query: ImageFactsQuery = { imageId, accountId: principal.accountId, ...more };
  return andThen(
    ctx.read((s) => s.readImageFacts(query)),
    (read) =>
      read.andThen((stored) => {
        const loaded = asLoadedFacts(ctx, principal, query, now, stored);
        if (remember && loaded.isOk()) ctx.known.learn(query, stored);
        return loaded;
      }),
  );
}

/**
 * The facts of `query` as the policy takes them. A store that leaves out what it was asked for
 * would have the decision miss members or the consumer's policy: that answer is not one of the
 * port's shapes, and is refused as `StorageFailure` (`"invalid-response"`).
 */
export function asLoadedFacts(
  ctx: ServiceContext,
  principal: Principal,
  query: ImageFactsQuery,
  now: string | "when-needed",
  stored: ImageFacts,
): Result<LoadedFacts, StoreError> {
  const incomplete =
    (query.withMembers === true && stored.members === undefined) ||
    (query.consumerAccountId !== undefined && stored.consumer === undefined);
  if (incomplete)
    return err(
      SharingErrors.storageFailure(new Error("readImageFacts left out facts it was asked for"), "invalid-response"),
    );
  return ok({
    principal,
    imageId: query.imageId,
    now: now === "when-needed" ? clockIfNeeded(ctx, stored) : now,
    image: stored.image?.image ?? null,
    version: stored.image?.version ?? null,
    ownMember: stored.member,
    members: stored.members ?? NO_MEMBERS,
    consumer: stored.consumer ?? NO_CONSUMER,
  });
}
