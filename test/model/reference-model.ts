import { referenceReads } from "./reference-reads.js";
import {
  errResult,
  isValidId,
  isValidLimit,
  isValidName,
  isValidPrincipal,
  isWellFormedRegion,
  levelOf,
  type ModelEvent,
  type ModelImage,
  type ModelImageView,
  type ModelMember,
  type ModelPrincipal,
  type ModelResult,
  type ModelState,
  okResult,
} from "./reference-state.js";

// The reference model of the whole service, written from SPEC.md (not from src/policy). Every
// write is: validate -> gate (SPEC section 5 order) -> change the Maps -> append events.
// Decisions where the SPEC is silent, taken as an embedding engineer would expect:
// - renaming an image to its current name changes nothing and records nothing (like R14's repeats);
// - unsharing never checks the directory: no member is simply `MemberNotFound`;
// - `ImageDeleted`: one event without consumer (the owner) plus one per member, any status;
// - a principal of an account the directory does not know may still own images (R10 is
//   about consumers only);
// - `listEvents({ after })` with an id that is not one of the account's events is `ValidationError`.

const OBSERVER = 1;
const CREATOR = 2;
const ADMIN = 3;

/** Options of the model: the account directory, the region catalog and the quota. */
export type ReferenceModelOptions = { accounts: readonly string[]; regions: readonly string[]; memberQuota: number };

/** The side of a share an action belongs to (SPEC section 4, last paragraph). */
type Side = "owner" | "member" | "any";

/** Creates an empty reference model. */
export function createReferenceModel(options: ReferenceModelOptions) {
  const state: ModelState = {
    knownAccounts: new Set(options.accounts),
    regions: new Set(options.regions),
    memberQuota: options.memberQuota,
    images: new Map(),
    members: new Map(),
    events: [],
  };

  const membersOf = (imageId: string): Map<string, ModelMember> => {
    const existing = state.members.get(imageId);
    if (existing !== undefined) return existing;
    const created = new Map<string, ModelMember>();
    state.members.set(imageId, created);
    return created;
  };

  const record = (principal: ModelPrincipal, now: string, image: ModelImage, type: ModelEvent["type"], consumerAccountId?: string) => {
    state.events.push({
      id: null,
      type,
      occurredAt: now,
      imageId: image.id,
      ownerAccountId: image.ownerAccountId,
      ...(consumerAccountId === undefined ? {} : { consumerAccountId }),
      actorAccountId: principal.accountId,
      actorUserId: principal.userId,
    });
  };

  /**
   * SPEC section 5 from `ImageNotFound` to the side check: not visible (not owner, no member of
   * any status) -> ImageNotFound; too weak a role -> Forbidden; a member doing an owner's action
   * -> Forbidden; the owner doing a member's action -> MemberNotFound.
   */
  const gate = (principal: ModelPrincipal, imageId: string, level: number, side: Side): ModelResult<ModelImage> => {
    const image = state.images.get(imageId);
    const own = image !== undefined && image.ownerAccountId === principal.accountId;
    const member = state.members.get(imageId)?.get(principal.accountId);
    if (image === undefined || (!own && member === undefined)) return errResult({ type: "ImageNotFound" });
    if (levelOf(principal) < level) return errResult({ type: "Forbidden" });
    if (side === "owner" && !own) return errResult({ type: "Forbidden" });
    if (side === "member" && own) return errResult({ type: "MemberNotFound" });
    return okResult(image);
  };

  const invalid = <T>(): ModelResult<T> => errResult({ type: "ValidationError" });

  const viewFor = (principal: ModelPrincipal, image: ModelImage): ModelImageView => ({
    ...image,
    source: image.ownerAccountId === principal.accountId ? "own" : "shared",
  });

  const createImage = (
    principal: ModelPrincipal,
    input: { name: string; region: string; sizeBytes?: number | undefined },
    env: { now: string; imageId: string },
  ): ModelResult<ModelImageView> => {
    const sizeOk = input.sizeBytes === undefined || (Number.isSafeInteger(input.sizeBytes) && input.sizeBytes >= 0);
    if (!isValidPrincipal(principal) || !isValidName(input.name) || !isWellFormedRegion(input.region) || !sizeOk) return invalid();
    if (!state.regions.has(input.region)) return errResult({ type: "UnknownRegion", region: input.region });
    if (levelOf(principal) < CREATOR) return errResult({ type: "Forbidden" });
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
    record(principal, env.now, image, "ImageCreated");
    return okResult(viewFor(principal, image));
  };

  const updateImage = (principal: ModelPrincipal, input: { imageId: string; name: string }, now: string): ModelResult<ModelImageView> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isValidName(input.name)) return invalid();
    const gated = gate(principal, input.imageId, CREATOR, "owner");
    if (!gated.ok) return gated;
    const image = gated.value;
    if (image.name !== input.name) {
      image.name = input.name;
      image.updatedAt = now;
      record(principal, now, image, "ImageUpdated");
    }
    return okResult(viewFor(principal, image));
  };

  const deleteImage = (principal: ModelPrincipal, input: { imageId: string }, now: string): ModelResult<undefined> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
    const gated = gate(principal, input.imageId, ADMIN, "owner");
    if (!gated.ok) return gated;
    const image = gated.value;
    record(principal, now, image, "ImageDeleted");
    for (const consumer of membersOf(image.id).keys()) record(principal, now, image, "ImageDeleted", consumer);
    state.images.delete(image.id);
    state.members.delete(image.id);
    return okResult(undefined);
  };

  const shareImage = (principal: ModelPrincipal, input: { imageId: string; consumerAccountId: string }, now: string): ModelResult<ModelMember> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isValidId(input.consumerAccountId)) return invalid();
    const gated = gate(principal, input.imageId, CREATOR, "owner");
    if (!gated.ok) return gated;
    const image = gated.value;
    const members = membersOf(image.id);
    const existing = members.get(input.consumerAccountId);
    if (input.consumerAccountId === image.ownerAccountId) return errResult({ type: "SelfShare" });
    if (!state.knownAccounts.has(input.consumerAccountId)) return errResult({ type: "AccountNotFound" });
    if (existing !== undefined) return errResult({ type: "AlreadyShared", status: existing.status });
    if (members.size >= state.memberQuota) return errResult({ type: "MemberQuotaExceeded", quota: state.memberQuota });
    const member: ModelMember = { imageId: image.id, consumerAccountId: input.consumerAccountId, status: "pending", createdAt: now, updatedAt: now };
    members.set(member.consumerAccountId, member);
    record(principal, now, image, "ImageShared", member.consumerAccountId);
    return okResult({ ...member });
  };

  const unshareImage = (principal: ModelPrincipal, input: { imageId: string; consumerAccountId: string }, now: string): ModelResult<undefined> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isValidId(input.consumerAccountId)) return invalid();
    const gated = gate(principal, input.imageId, ADMIN, "owner");
    if (!gated.ok) return gated;
    const members = membersOf(gated.value.id);
    if (!members.has(input.consumerAccountId)) return errResult({ type: "MemberNotFound" });
    members.delete(input.consumerAccountId);
    record(principal, now, gated.value, "ShareRevoked", input.consumerAccountId);
    return okResult(undefined);
  };

  /** R4, R5, R14: pending -> accepted | rejected, accepted -> rejected; a repeat changes nothing. */
  const decide =
    (to: "accepted" | "rejected") =>
    (principal: ModelPrincipal, input: { imageId: string }, now: string): ModelResult<ModelMember> => {
      if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
      const gated = gate(principal, input.imageId, ADMIN, "member");
      if (!gated.ok) return gated;
      const member = membersOf(gated.value.id).get(principal.accountId);
      if (member === undefined) return errResult({ type: "MemberNotFound" });
      if (member.status === to) return okResult({ ...member });
      if (member.status === "rejected") return errResult({ type: "ReshareRequired" });
      member.status = to;
      member.updatedAt = now;
      record(principal, now, gated.value, to === "accepted" ? "ShareAccepted" : "ShareRejected", member.consumerAccountId);
      return okResult({ ...member });
    };

  const getImage = (principal: ModelPrincipal, input: { imageId: string }): ModelResult<ModelImageView> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
    const gated = gate(principal, input.imageId, OBSERVER, "any");
    return gated.ok ? okResult(viewFor(principal, gated.value)) : gated;
  };

  const listMembers = (principal: ModelPrincipal, input: { imageId: string }): ModelResult<ModelMember[]> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId)) return invalid();
    const gated = gate(principal, input.imageId, OBSERVER, "any");
    if (!gated.ok) return gated;
    const all = [...membersOf(gated.value.id).values()];
    const visible = gated.value.ownerAccountId === principal.accountId ? all : all.filter((m) => m.consumerAccountId === principal.accountId);
    return okResult(
      visible
        .map((m) => ({ ...m }))
        .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.consumerAccountId < b.consumerAccountId ? 1 : -1)),
    );
  };

  const authorizeBoot = (principal: ModelPrincipal, input: { imageId: string; region: string }): ModelResult<ModelImageView> => {
    if (!isValidPrincipal(principal) || !isValidId(input.imageId) || !isWellFormedRegion(input.region)) return invalid();
    if (!state.regions.has(input.region)) return errResult({ type: "UnknownRegion", region: input.region });
    const gated = gate(principal, input.imageId, OBSERVER, "any");
    if (!gated.ok) return gated;
    const image = gated.value;
    const member = state.members.get(image.id)?.get(principal.accountId);
    if (image.ownerAccountId !== principal.accountId && member?.status !== "accepted") return errResult({ type: "Forbidden" });
    if (input.region !== image.region) return errResult({ type: "RegionMismatch", imageRegion: image.region, requestedRegion: input.region });
    return okResult(viewFor(principal, image));
  };

  return {
    state,
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
    ...referenceReads(state, { isValidLimit, viewFor }),
  };
}

/** The reference model's type. */
export type ReferenceModel = ReturnType<typeof createReferenceModel>;
