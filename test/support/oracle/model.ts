import {
  concerns,
  errResult,
  eventAsSeenBy,
  isExpired,
  isTimestamp,
  isValidId,
  isValidLimit,
  isValidName,
  isValidPolicyList,
  isValidPrincipal,
  isValidSize,
  isWellFormedRegion,
  levelOf,
  type ModelError,
  type ModelEvent,
  type ModelImage,
  type ModelImageView,
  type ModelMember,
  type ModelMemberView,
  type ModelPage,
  type ModelPolicy,
  type ModelPrincipal,
  type ModelResult,
  type ModelState,
  newestFirst,
  okResult,
  REQUIRED_ROLE,
  type SortKey,
} from "./state.js";

// The reference model of the whole service (R1–R18, sections 4 and 5), written from SPEC.md and
// not from src/policy. Every write is: validate -> gate (SPEC section 5 order) -> change the
// Maps -> append events. Every call takes the service clock's `now` (R18 is read-time).
// Decisions where the SPEC is silent, taken as an embedding engineer would expect:
// - renaming an image to its current name changes nothing and records nothing (like R14's repeats);
// - unsharing never checks the directory: no member is simply `MemberNotFound`; an expired member
//   is still a member for its producer (R18), so unsharing it succeeds;
// - `ImageDeleted`: one event without consumer (the owner) plus one per member account that
//   loses the image (any status, not expired: an expired share was lost already);
// - a principal of an account the directory does not know may still own images (R10 is about
//   consumers only) and set a policy;
// - `listEvents({ after })` with an id that is not one of the account's events is
//   `ValidationError`, after the role check (telling needs reading the log);
// - `expiresAt` not later than now is a `ValidationError`, before anything else is looked at;
// - setting a policy to what it already is records nothing (like R14's repeats); the
//   self/overlap checks are validation, so they come before the role check (section 5);
// - a blocked producer gets `AccountNotFound` at the place of the directory check (after
//   `SelfShare`, before `AlreadyShared`), exactly as for an unknown account.

const OBSERVER = 1;
const CREATOR = 2;
const ADMIN = 3;

/** The default page size (SPEC section 4). */
const DEFAULT_LIMIT = 100;

/** Options of the model: the account directory, the region catalog and the quota. */
export type ReferenceModelOptions = { accounts: readonly string[]; regions: readonly string[]; memberQuota: number };

/** The side of a share an action belongs to (SPEC section 4, last paragraph). */
type Side = "owner" | "member" | "any";

/** Where a page starts: after this sort key, or a cursor the library never issued. */
export type ModelCursor = SortKey | "foreign";

/** An optional list input: region selector, page size, position. */
export type ListInput = { region?: string | undefined; limit?: number | undefined; cursor?: ModelCursor | undefined };

const invalid = <T>(): ModelResult<T> => errResult({ type: "ValidationError" });
const forbiddenRole = <T>(level: 1 | 2 | 3, imageId?: string): ModelResult<T> =>
  errResult({
    type: "Forbidden",
    reason: "role",
    requiredRole: REQUIRED_ROLE[level],
    ...(imageId === undefined ? {} : { imageId }),
  });

/** Creates an empty reference model (or one over a given state: a fork). */
export function createReferenceModel(options: ReferenceModelOptions, existing?: ModelState) {
  const state: ModelState = existing ?? {
    knownAccounts: new Set(options.accounts),
    regions: new Set(options.regions),
    memberQuota: options.memberQuota,
    images: new Map(),
    members: new Map(),
    policies: new Map(),
    events: [],
  };

  const membersOf = (imageId: string): Map<string, ModelMember> => state.members.get(imageId) ?? new Map();
  const memberOf = (imageId: string, accountId: string): ModelMember | undefined =>
    state.members.get(imageId)?.get(accountId);

  const memberView = (member: ModelMember, now: string): ModelMemberView =>
    member.expiresAt === undefined ? { ...member } : { ...member, expired: isExpired(member, now) };

  const imageEvent = (
    principal: ModelPrincipal | null,
    now: string,
    image: ModelImage,
    type: string,
    extra: Partial<ModelEvent> = {},
  ) => {
    state.events.push({
      id: null,
      type,
      occurredAt: now,
      imageId: image.id,
      ownerAccountId: image.ownerAccountId,
      ...(principal === null ? {} : { actorAccountId: principal.accountId, actorUserId: principal.userId }),
      ...extra,
    });
  };

  const viewFor = (principal: ModelPrincipal, image: ModelImage): ModelImageView => ({
    ...image,
    source: image.ownerAccountId === principal.accountId ? "own" : "shared",
  });

  /** R9, R18: the account may know the image exists: owner, or member in any status, not expired. */
  const sees = (accountId: string, image: ModelImage, now: string): boolean => {
    if (image.ownerAccountId === accountId) return true;
    const member = memberOf(image.id, accountId);
    return member !== undefined && !isExpired(member, now);
  };

  /**
   * SPEC section 5 from `ImageNotFound` to the side check: not visible -> ImageNotFound; too weak
   * a role -> Forbidden (role); a member doing an owner's action -> Forbidden (not-owner); the
   * owner doing a member's action -> MemberNotFound.
   */
  const gate = (
    principal: ModelPrincipal,
    imageId: string,
    level: 1 | 2 | 3,
    side: Side,
    now: string,
  ): ModelResult<ModelImage> => {
    const image = state.images.get(imageId);
    if (image === undefined || !sees(principal.accountId, image, now))
      return errResult({ type: "ImageNotFound", imageId });
    if (levelOf(principal) < level) return forbiddenRole(level, imageId);
    const own = image.ownerAccountId === principal.accountId;
    if (side === "owner" && !own) return errResult({ type: "Forbidden", reason: "not-owner", imageId });
    if (side === "member" && own)
      return errResult({ type: "MemberNotFound", imageId, consumerAccountId: principal.accountId });
    return okResult(image);
  };

  const createImage = (
    principal: ModelPrincipal,
    input: { name: string; region: string; sizeBytes?: number | undefined },
    env: { now: string; imageId: string },
  ): ModelResult<ModelImageView> => {
    const sizeOk = input.sizeBytes === undefined || isValidSize(input.sizeBytes);
    if (!isValidPrincipal(principal) || !isValidName(input.name) || !isWellFormedRegion(input.region) || !sizeOk)
      return invalid();
    if (!state.regions.has(input.region)) return errResult({ type: "UnknownRegion", region: input.region });
    if (levelOf(principal) < CREATOR) return forbiddenRole(CREATOR);
    const image: ModelImage = {
      id: env.imageId,
      ownerAccountId: principal.accountId,
      name: input.name,
      region: input.region,
      sizeBytes: input.sizeBytes ?? 0,
      createdAt: env.now,
      updatedAt: env.now,
    };
    state.images.set(image.id, image);
    imageEvent(principal, env.now, image, "ImageCreated");
    return okResult(viewFor(principal, image));
  };

  const updateImage = (
    principal: ModelPrincipal,
    input: { imageId: string; name: string },
    now: string,
  ): ModelResult<ModelImageView> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isValidName(input.name)) return invalid();
    const gated = gate(principal, input.imageId, CREATOR, "owner", now);
    if (!gated.ok) return gated;
    const image = gated.value;
    if (image.name !== input.name) {
      image.name = input.name;
      image.updatedAt = now;
      imageEvent(principal, now, image, "ImageUpdated");
    }
    return okResult(viewFor(principal, image));
  };

  const deleteImage = (principal: ModelPrincipal, input: { imageId: string }, now: string): ModelResult<undefined> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
    const gated = gate(principal, input.imageId, ADMIN, "owner", now);
    if (!gated.ok) return gated;
    const image = gated.value;
    imageEvent(principal, now, image, "ImageDeleted");
    for (const member of membersOf(image.id).values()) {
      if (!isExpired(member, now))
        imageEvent(principal, now, image, "ImageDeleted", { consumerAccountId: member.consumerAccountId });
    }
    state.images.delete(image.id);
    state.members.delete(image.id);
    return okResult(undefined);
  };

  const shareImage = (
    principal: ModelPrincipal,
    input: { imageId: string; consumerAccountId: string; expiresAt?: string | undefined },
    now: string,
  ): ModelResult<ModelMemberView> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isValidId(input.consumerAccountId))
      return invalid();
    const { expiresAt, consumerAccountId } = input;
    if (expiresAt !== undefined && (!isTimestamp(expiresAt) || Date.parse(expiresAt) <= Date.parse(now)))
      return invalid();
    const gated = gate(principal, input.imageId, CREATOR, "owner", now);
    if (!gated.ok) return gated;
    const image = gated.value;
    const members = membersOf(image.id);
    if (consumerAccountId === image.ownerAccountId) return errResult({ type: "SelfShare", imageId: image.id });
    const policy = state.policies.get(consumerAccountId);
    // R10, R17: a producer the consumer blocks cannot tell the block from a missing account.
    if (!state.knownAccounts.has(consumerAccountId) || policy?.blockFrom.includes(image.ownerAccountId) === true) {
      return errResult({ type: "AccountNotFound", accountId: consumerAccountId });
    }
    const existing = members.get(consumerAccountId);
    if (existing !== undefined) {
      const expired = isExpired(existing, now);
      return errResult({
        type: "AlreadyShared",
        imageId: image.id,
        consumerAccountId,
        status: existing.status,
        ...(expired ? { expired } : {}),
      });
    }
    if (members.size >= state.memberQuota)
      return errResult({ type: "MemberQuotaExceeded", imageId: image.id, quota: state.memberQuota });
    const trusted = policy?.autoAcceptFrom.includes(image.ownerAccountId) === true;
    const member: ModelMember = {
      imageId: image.id,
      consumerAccountId,
      status: trusted ? "accepted" : "pending",
      createdAt: now,
      updatedAt: now,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    state.members.set(image.id, members.set(consumerAccountId, member));
    imageEvent(principal, now, image, "ImageShared", {
      consumerAccountId,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
    // R17: accepted by the consumer's policy, not by a user of it.
    if (trusted)
      imageEvent(null, now, image, "ShareAccepted", {
        consumerAccountId,
        actorAccountId: consumerAccountId,
        byPolicy: true,
      });
    return okResult(memberView(member, now));
  };

  const unshareImage = (
    principal: ModelPrincipal,
    input: { imageId: string; consumerAccountId: string },
    now: string,
  ): ModelResult<undefined> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isValidId(input.consumerAccountId))
      return invalid();
    const gated = gate(principal, input.imageId, ADMIN, "owner", now);
    if (!gated.ok) return gated;
    const members = membersOf(gated.value.id);
    if (!members.has(input.consumerAccountId))
      return errResult({ type: "MemberNotFound", imageId: input.imageId, consumerAccountId: input.consumerAccountId });
    members.delete(input.consumerAccountId);
    imageEvent(principal, now, gated.value, "ShareRevoked", { consumerAccountId: input.consumerAccountId });
    return okResult(undefined);
  };

  /** R4, R5, R14: pending -> accepted | rejected, accepted -> rejected; a repeat changes nothing. */
  const decide =
    (to: "accepted" | "rejected") =>
    (principal: ModelPrincipal, input: { imageId: string }, now: string): ModelResult<ModelMemberView> => {
      if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
      const gated = gate(principal, input.imageId, ADMIN, "member", now);
      if (!gated.ok) return gated;
      const member = memberOf(gated.value.id, principal.accountId) as ModelMember;
      if (member.status === to) return okResult(memberView(member, now));
      if (member.status === "rejected") return errResult({ type: "ReshareRequired", imageId: input.imageId });
      member.status = to;
      member.updatedAt = now;
      imageEvent(principal, now, gated.value, to === "accepted" ? "ShareAccepted" : "ShareRejected", {
        consumerAccountId: member.consumerAccountId,
      });
      return okResult(memberView(member, now));
    };

  const getImage = (
    principal: ModelPrincipal,
    input: { imageId: string },
    now: string,
  ): ModelResult<ModelImageView> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
    const gated = gate(principal, input.imageId, OBSERVER, "any", now);
    return gated.ok ? okResult(viewFor(principal, gated.value)) : gated;
  };

  /** R12, R18: the owner sees every member (expired ones flagged), a consumer only its own. */
  const listMembers = (
    principal: ModelPrincipal,
    input: { imageId: string },
    now: string,
  ): ModelResult<ModelMemberView[]> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
    const gated = gate(principal, input.imageId, OBSERVER, "any", now);
    if (!gated.ok) return gated;
    const all = [...membersOf(gated.value.id).values()];
    const visible =
      gated.value.ownerAccountId === principal.accountId
        ? all
        : all.filter((m) => m.consumerAccountId === principal.accountId);
    return okResult(
      visible
        .map((m) => memberView(m, now))
        .sort((a, b) =>
          newestFirst(
            { createdAt: a.createdAt, id: a.consumerAccountId },
            { createdAt: b.createdAt, id: b.consumerAccountId },
          ),
        ),
    );
  };

  const authorizeBoot = (
    principal: ModelPrincipal,
    input: { imageId: string; region: string },
    now: string,
  ): ModelResult<ModelImageView> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isWellFormedRegion(input.region))
      return invalid();
    if (!state.regions.has(input.region)) return errResult({ type: "UnknownRegion", region: input.region });
    const gated = gate(principal, input.imageId, OBSERVER, "any", now);
    if (!gated.ok) return gated;
    const image = gated.value;
    const member = memberOf(image.id, principal.accountId);
    if (image.ownerAccountId !== principal.accountId && member !== undefined && member.status !== "accepted") {
      return errResult({ type: "Forbidden", reason: "not-accepted", imageId: image.id, status: member.status });
    }
    if (input.region !== image.region)
      return errResult({
        type: "RegionMismatch",
        imageId: image.id,
        imageRegion: image.region,
        requestedRegion: input.region,
      });
    return okResult(viewFor(principal, image));
  };

  /** Validation, then `UnknownRegion`, then the observer role: the gate of every account-wide read. */
  const gateRead = (principal: ModelPrincipal, input: ListInput): ModelResult<undefined> => {
    const region = input.region ?? "global";
    if (!isValidPrincipal(principal) || (region !== "global" && !isWellFormedRegion(region))) return invalid();
    if (input.limit !== undefined && !isValidLimit(input.limit)) return invalid();
    if (input.cursor === "foreign") return invalid();
    if (region !== "global" && !state.regions.has(region)) return errResult({ type: "UnknownRegion", region });
    if (levelOf(principal) < OBSERVER) return forbiddenRole(OBSERVER);
    return okResult(undefined);
  };

  const inRegion = (selector: string, image: ModelImage) => selector === "global" || selector === image.region;

  /** Cuts a sorted list into the page after `cursor`. */
  const pageOf = <T>(sorted: T[], keyOf: (item: T) => SortKey, input: ListInput): ModelPage<T, SortKey> => {
    const cursor = input.cursor;
    const rest =
      cursor === undefined || cursor === "foreign"
        ? sorted
        : sorted.filter((item) => newestFirst(keyOf(item), cursor) > 0);
    const limit = input.limit ?? DEFAULT_LIMIT;
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: rest.length > limit && last !== undefined ? keyOf(last) : null };
  };

  /** R2, R6, R18: own images and accepted, unexpired shares, newest first, one page. */
  const listImages = (
    principal: ModelPrincipal,
    input: ListInput,
    now: string,
  ): ModelResult<ModelPage<ModelImageView, SortKey>> => {
    const gated = gateRead(principal, input);
    if (!gated.ok) return gated;
    const region = input.region ?? "global";
    const listed = [...state.images.values()]
      .filter((image) => {
        if (image.ownerAccountId === principal.accountId) return true;
        const member = memberOf(image.id, principal.accountId);
        return member?.status === "accepted" && !isExpired(member, now);
      })
      .filter((image) => inRegion(region, image))
      .sort(newestFirst)
      .map((image) => viewFor(principal, image));
    return okResult(pageOf(listed, (image) => ({ createdAt: image.createdAt, id: image.id }), input));
  };

  /** R3, R6, R18: the account's pending, unexpired shares, newest share first (the member's createdAt), one page. */
  const listPendingShares = (
    principal: ModelPrincipal,
    input: ListInput,
    now: string,
  ): ModelResult<ModelPage<{ image: ModelImage; member: ModelMemberView }, SortKey>> => {
    const gated = gateRead(principal, input);
    if (!gated.ok) return gated;
    const region = input.region ?? "global";
    const keyOf = (share: { image: ModelImage; member: ModelMember }) => ({
      createdAt: share.member.createdAt,
      id: share.image.id,
    });
    const shares = [...state.images.values()]
      .flatMap((image) => {
        const member = memberOf(image.id, principal.accountId);
        if (member === undefined || member.status !== "pending" || isExpired(member, now) || !inRegion(region, image))
          return [];
        return [{ image: { ...image }, member: memberView(member, now) }];
      })
      .sort((a, b) => newestFirst(keyOf(a), keyOf(b)));
    return okResult(pageOf(shares, keyOf, input));
  };

  /** R7: own images only. */
  const getStorageUsage = (
    principal: ModelPrincipal,
  ): ModelResult<{ accountId: string; imageCount: number; bytes: number }> => {
    const gated = gateRead(principal, {});
    if (!gated.ok) return gated;
    const own = [...state.images.values()].filter((image) => image.ownerAccountId === principal.accountId);
    return okResult({
      accountId: principal.accountId,
      imageCount: own.length,
      bytes: own.reduce((sum, image) => sum + image.sizeBytes, 0),
    });
  };

  /** The events that concern an account, as that account sees them (R14). */
  const eventsOf = (accountId: string): ModelEvent[] =>
    state.events.filter((e) => concerns(e, accountId)).map((e) => eventAsSeenBy(e, accountId));

  /** R14: the account's events, oldest first, after the event with id `after`. */
  const listEvents = (
    principal: ModelPrincipal,
    input: { after?: string | undefined; limit?: number | undefined },
  ): ModelResult<ModelPage<ModelEvent, string>> => {
    if (input.after !== undefined && !isValidId(input.after)) return invalid();
    const gated = gateRead(principal, { limit: input.limit });
    if (!gated.ok) return gated;
    const all = eventsOf(principal.accountId);
    const start = input.after === undefined ? 0 : all.findIndex((event) => event.id === input.after) + 1;
    if (start === 0 && input.after !== undefined) return invalid();
    const limit = input.limit ?? DEFAULT_LIMIT;
    const rest = all.slice(start);
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    return okResult({ items, next: rest.length > limit && last !== undefined ? (last.id as string) : null });
  };

  /** R17: the account's policy; empty lists and `updatedAt: null` when it never set one. */
  const policyOf = (accountId: string): ModelPolicy => {
    const stored = state.policies.get(accountId);
    return stored === undefined
      ? { accountId, autoAcceptFrom: [], blockFrom: [], updatedAt: null }
      : { ...stored, autoAcceptFrom: [...stored.autoAcceptFrom], blockFrom: [...stored.blockFrom] };
  };

  const getSharingPolicy = (principal: ModelPrincipal): ModelResult<ModelPolicy> => {
    if (!isValidPrincipal(principal)) return invalid();
    if (levelOf(principal) < OBSERVER) return forbiddenRole(OBSERVER);
    return okResult(policyOf(principal.accountId));
  };

  /** R17: each given list replaces the stored one; not retroactive; one event per change. */
  const setSharingPolicy = (
    principal: ModelPrincipal,
    input: { autoAcceptFrom?: string[] | undefined; blockFrom?: string[] | undefined },
    now: string,
  ): ModelResult<ModelPolicy> => {
    if (!isValidPrincipal(principal)) return invalid();
    if (input.autoAcceptFrom !== undefined && !isValidPolicyList(input.autoAcceptFrom)) return invalid();
    if (input.blockFrom !== undefined && !isValidPolicyList(input.blockFrom)) return invalid();
    const current = policyOf(principal.accountId);
    const autoAcceptFrom = [...(input.autoAcceptFrom ?? current.autoAcceptFrom)];
    const blockFrom = [...(input.blockFrom ?? current.blockFrom)];
    const self = principal.accountId;
    if (
      autoAcceptFrom.includes(self) ||
      blockFrom.includes(self) ||
      blockFrom.some((id) => autoAcceptFrom.includes(id))
    )
      return invalid();
    if (levelOf(principal) < ADMIN) return forbiddenRole(ADMIN);
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);
    if (same(autoAcceptFrom, current.autoAcceptFrom) && same(blockFrom, current.blockFrom)) return okResult(current);
    const policy: ModelPolicy = { accountId: self, autoAcceptFrom, blockFrom, updatedAt: now };
    state.policies.set(self, policy);
    state.events.push({
      id: null,
      type: "SharingPolicyChanged",
      occurredAt: now,
      accountId: self,
      actorUserId: principal.userId,
    });
    return okResult(policyOf(self));
  };

  return {
    state,
    options,
    createImage,
    updateImage,
    deleteImage,
    shareImage,
    unshareImage,
    acceptImage: decide("accepted"),
    rejectImage: decide("rejected"),
    getImage,
    listMembers,
    authorizeBoot,
    listImages,
    listPendingShares,
    getStorageUsage,
    listEvents,
    eventsOf,
    getSharingPolicy,
    setSharingPolicy,
    /** R9, R18: whether `accountId` may know the image exists at `now`. */
    sees: (accountId: string, imageId: string, now: string): boolean => {
      const image = state.images.get(imageId);
      return image !== undefined && sees(accountId, image, now);
    },
    memberOf,
  };
}

/** The reference model's type. */
export type ReferenceModel = ReturnType<typeof createReferenceModel>;

/** A copy of the model to try an operation on without touching the original. */
export function forkModel(model: ReferenceModel, cloneState: (state: ModelState) => ModelState): ReferenceModel {
  return createReferenceModel(model.options, cloneState(model.state));
}

/** Narrows the model's error type (kept for callers that build expected errors by hand). */
export type { ModelError };
