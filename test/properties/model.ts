import type { ErrorType, EventType, MemberStatus, Principal } from "cloud-image-sharing";
import { ACCOUNTS, levelOfRoles, MEMBER_QUOTA, REGIONS } from "./generators.js";

// A tiny, obviously-correct reference model of the service, written straight from SPEC
// sections 2–5: images, the member state machine (R1, R3, R4, R5, R11, R13) and the events
// each step must record (R14). The properties run the real service and this model side by
// side and demand the same outcome after every step.

/** What the model keeps of an image. */
export type ModelImage = {
  readonly id: string;
  readonly ownerAccountId: string;
  name: string;
  readonly region: string;
  readonly sizeBytes: number;
  readonly createdAt: string;
};

/** What the model keeps of an event: its type and whom it concerns. */
export type ModelEvent = { readonly type: EventType; readonly imageId: string; readonly ownerAccountId: string; readonly consumerAccountId?: string };

/** The whole modelled state. `issued` remembers every image id ever created, deleted ones too. */
export type Model = {
  readonly issued: string[];
  readonly images: Map<string, ModelImage>;
  /** imageId -> consumer account -> status. */
  readonly members: Map<string, Map<string, MemberStatus>>;
  readonly events: ModelEvent[];
  readonly memberQuota: number;
};

/** One call to the service, with every reference resolved to a concrete value. */
export type ResolvedOp =
  | { readonly kind: "create"; readonly principal: Principal; readonly region: string; readonly name: string; readonly sizeBytes: number }
  | { readonly kind: "rename"; readonly principal: Principal; readonly imageId: string; readonly name: string }
  | { readonly kind: "delete" | "accept" | "reject"; readonly principal: Principal; readonly imageId: string }
  | { readonly kind: "share" | "unshare"; readonly principal: Principal; readonly imageId: string; readonly consumer: string };

/** What the model expects a call to return, and how the state moves if it succeeds. */
export type Prediction = {
  readonly outcome: "ok" | ErrorType;
  /** For `AlreadyShared`: the existing member's status the error must carry. */
  readonly currentStatus?: MemberStatus;
  /** The events the call must record (none for a failure or an idempotent repeat). */
  readonly events: readonly ModelEvent[];
  /** Moves the model; `created` is the image the service returned for a successful create. */
  readonly apply: (created?: { id: string; createdAt: string }) => void;
};

/** An empty model. */
export function emptyModel(memberQuota = MEMBER_QUOTA): Model {
  return { issued: [], images: new Map(), members: new Map(), events: [], memberQuota };
}

/** The members of an image in the model (an empty map for an image without any). */
export function membersOf(model: Model, imageId: string): Map<string, MemberStatus> {
  return model.members.get(imageId) ?? new Map();
}

/** True when the account may know the image exists: it owns it or is a member, any status (R9). */
export function isVisibleTo(model: Model, imageId: string, accountId: string): boolean {
  const image = model.images.get(imageId);
  return image !== undefined && (image.ownerAccountId === accountId || membersOf(model, imageId).has(accountId));
}

const failed = (outcome: ErrorType, currentStatus?: MemberStatus): Prediction => ({
  outcome,
  ...(currentStatus === undefined ? {} : { currentStatus }),
  events: [],
  apply: () => undefined,
});

const succeeded = (events: readonly ModelEvent[], apply: Prediction["apply"]): Prediction => ({ outcome: "ok", events, apply });

/**
 * The gate of every action on one image (SPEC 5): invisible is `ImageNotFound`; too weak a
 * role is `Forbidden`; a member doing an owner's action is `Forbidden`; the owner doing a
 * member's action is `MemberNotFound`. `null` when the call may proceed.
 */
function gate(model: Model, op: { principal: Principal; imageId: string }, level: 1 | 2 | 3, side: "owner" | "member"): ErrorType | null {
  const image = model.images.get(op.imageId);
  const account = op.principal.accountId;
  if (image === undefined || !isVisibleTo(model, op.imageId, account)) return "ImageNotFound";
  if (levelOfRoles(op.principal.roles) < level) return "Forbidden";
  if (side === "owner" && image.ownerAccountId !== account) return "Forbidden";
  if (side === "member" && image.ownerAccountId === account) return "MemberNotFound";
  return null;
}

/** What the service must answer to `op` in the state `model`, and the state after it. */
export function predict(model: Model, op: ResolvedOp): Prediction {
  switch (op.kind) {
    case "create": {
      if (!(REGIONS as readonly string[]).includes(op.region)) return failed("UnknownRegion");
      if (levelOfRoles(op.principal.roles) < 2) return failed("Forbidden");
      const owner = op.principal.accountId;
      return succeeded([{ type: "ImageCreated", imageId: "(new)", ownerAccountId: owner }], (created) => {
        if (created === undefined) throw new Error("a successful create must return the image");
        model.issued.push(created.id);
        model.images.set(created.id, {
          id: created.id,
          ownerAccountId: owner,
          name: op.name,
          region: op.region,
          sizeBytes: op.sizeBytes,
          createdAt: created.createdAt,
        });
      });
    }
    case "rename": {
      const denied = gate(model, op, 2, "owner");
      if (denied !== null) return failed(denied);
      const image = model.images.get(op.imageId) as ModelImage;
      if (image.name === op.name) return succeeded([], () => undefined);
      return succeeded([{ type: "ImageUpdated", imageId: image.id, ownerAccountId: image.ownerAccountId }], () => {
        image.name = op.name;
      });
    }
    case "delete": {
      const denied = gate(model, op, 3, "owner");
      if (denied !== null) return failed(denied);
      const owner = (model.images.get(op.imageId) as ModelImage).ownerAccountId;
      const base = { type: "ImageDeleted", imageId: op.imageId, ownerAccountId: owner } as const;
      const perMember = [...membersOf(model, op.imageId).keys()].map((consumerAccountId) => ({ ...base, consumerAccountId }));
      return succeeded([base, ...perMember], () => {
        model.images.delete(op.imageId);
        model.members.delete(op.imageId);
      });
    }
    case "share": {
      const denied = gate(model, op, 2, "owner");
      if (denied !== null) return failed(denied);
      const owner = (model.images.get(op.imageId) as ModelImage).ownerAccountId;
      const members = membersOf(model, op.imageId);
      if (op.consumer === owner) return failed("SelfShare");
      if (!(ACCOUNTS as readonly string[]).includes(op.consumer)) return failed("AccountNotFound");
      const current = members.get(op.consumer);
      if (current !== undefined) return failed("AlreadyShared", current);
      if (members.size >= model.memberQuota) return failed("MemberQuotaExceeded");
      return succeeded([{ type: "ImageShared", imageId: op.imageId, ownerAccountId: owner, consumerAccountId: op.consumer }], () => {
        model.members.set(op.imageId, new Map(members).set(op.consumer, "pending"));
      });
    }
    case "unshare": {
      const denied = gate(model, op, 3, "owner");
      if (denied !== null) return failed(denied);
      const owner = (model.images.get(op.imageId) as ModelImage).ownerAccountId;
      const members = membersOf(model, op.imageId);
      if (!members.has(op.consumer)) return failed("MemberNotFound");
      return succeeded([{ type: "ShareRevoked", imageId: op.imageId, ownerAccountId: owner, consumerAccountId: op.consumer }], () => {
        members.delete(op.consumer);
      });
    }
    case "accept":
    case "reject":
      return predictDecision(model, op.kind, op.principal, op.imageId);
  }
}

/** Accept or reject by the consumer: the only transitions a status ever makes (R4, R5, R14). */
function predictDecision(model: Model, kind: "accept" | "reject", principal: Principal, imageId: string): Prediction {
  const op = { kind, principal, imageId };
  const denied = gate(model, op, 3, "member");
  if (denied !== null) return failed(denied);
  const owner = (model.images.get(op.imageId) as ModelImage).ownerAccountId;
  const consumer = op.principal.accountId;
  const members = membersOf(model, op.imageId);
  const current = members.get(consumer);
  const target: MemberStatus = op.kind === "accept" ? "accepted" : "rejected";
  // Repeats change nothing and record nothing (R14).
  if (current === target) return succeeded([], () => undefined);
  // A rejected member can only come back through unshare + share (R5).
  if (op.kind === "accept" && current === "rejected") return failed("ReshareRequired");
  const type = op.kind === "accept" ? "ShareAccepted" : "ShareRejected";
  return succeeded([{ type, imageId: op.imageId, ownerAccountId: owner, consumerAccountId: consumer }], () => {
    members.set(consumer, target);
  });
}

/** True when the event concerns the account: its owner, or the consumer it names (SPEC 4). */
export function concerns(event: { ownerAccountId: string; consumerAccountId?: string | undefined }, accountId: string): boolean {
  return event.ownerAccountId === accountId || event.consumerAccountId === accountId;
}
