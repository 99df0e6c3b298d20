import type { ImageSharing, SharingError } from "cloud-image-sharing";
import fc from "fast-check";
import type { Result } from "neverthrow";
import { imageFields, memberFields, policyFields } from "../support/compare.js";
import type { ReferenceModel } from "../support/oracle/model.js";
import type { ModelResult } from "../support/oracle/state.js";

// The operations that race on one image: the producer shares, unshares, renames and deletes (or
// deletes and re-creates the image under the same id, R16); consumers accept, reject, and trust
// or block the producer (R17). Every step gets its own user id, so every event names its step.

/** The producer account, which owns the contested image. */
export const OWNER = "100001";
/** The consumer accounts (all in the directory). */
export const CONSUMERS = ["100002", "100003", "100004"] as const;
/** The quota of the race tests: 3 consumers compete for 2 places (R11). */
export const RACE_QUOTA = 2;
/** The one region of the race tests. */
export const RACE_REGION = "IAD";
/** The clock stands still in race tests: serial replays then predict every timestamp. */
export const RACE_TIME = "2026-01-01T00:00:00.000Z";

/** What a consumer's policy says about the producer after a policy step (R17). */
export type Trust = "trust" | "block" | "neutral";

/** One racing operation. `recreate` is a chain: delete, create under the same id, share with the last two consumers. */
export type RaceOp =
  | { kind: "share" | "unshare" | "accept" | "reject"; consumer: string }
  | { kind: "delete" }
  | { kind: "rename"; name: string }
  | { kind: "policy"; consumer: string; trust: Trust }
  | { kind: "recreate" };

/** The initial status of each consumer's member record (`none`: no member). */
export type InitialStatus = "none" | "pending" | "accepted" | "rejected";

/** A race: where the member records start, and the operations let loose at once. */
export type Race = { initial: InitialStatus[]; ops: RaceOp[] };

/** The steps of an op, in the order it takes them (one for all but `recreate`). */
export function stepsOf(op: RaceOp): string[] {
  return op.kind === "recreate" ? ["delete", "create", `share:${CONSUMERS[1]}`, `share:${CONSUMERS[2]}`] : [op.kind];
}

const consumerArb = fc.constantFrom(...CONSUMERS);
/** The classic mix of R16: shares, unshares, accepts, rejects, deletes and renames. */
export const raceOpArb: fc.Arbitrary<RaceOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom("share" as const, "unshare" as const, "accept" as const, "reject" as const),
      consumer: consumerArb,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "delete" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rename" as const), name: fc.constantFrom("blue", "green") }) },
);
/** A policy step of a consumer (R17). */
export const policyOpArb: fc.Arbitrary<RaceOp> = fc.record({
  kind: fc.constant("policy" as const),
  consumer: consumerArb,
  trust: fc.constantFrom<Trust>("trust", "block", "neutral"),
});

/** Keeps a set-up within the quota: members beyond it could not have been created. */
const withinQuota = (statuses: InitialStatus[]): InitialStatus[] => {
  let members = 0;
  return statuses.map((status) => {
    if (status === "none") return status;
    members += 1;
    return members > RACE_QUOTA ? "none" : status;
  });
};

const statusArb = fc.constantFrom<InitialStatus>("none", "pending", "accepted", "rejected");

/** Races of 2–5 operations from any initial member states within the quota. */
export const raceArb = (
  ops: fc.Arbitrary<RaceOp> = raceOpArb,
  length: { min: number; max: number } = { min: 2, max: 5 },
): fc.Arbitrary<Race> =>
  fc.record({
    initial: fc.tuple(...CONSUMERS.map(() => statusArb)).map(withinQuota),
    ops: fc.array(ops, { minLength: length.min, maxLength: length.max }),
  });

/** The principal of step `step` of the `index`-th op: an admin of the owner, or of the consumer it names. */
export function principalOf(op: RaceOp, index: number, step = 0) {
  const accountId = op.kind === "accept" || op.kind === "reject" || op.kind === "policy" ? op.consumer : OWNER;
  return { userId: `op-${index}.${step}`, accountId, roles: ["cloudImages:admin"] };
}

/** The policy input of a policy step: the producer trusted, blocked, or neither. */
const policyInput = (trust: Trust) => ({
  autoAcceptFrom: trust === "trust" ? [OWNER] : [],
  blockFrom: trust === "block" ? [OWNER] : [],
});

/** A service or model answer reduced to what a serial replay must reproduce. */
export type Outcome = { ok: true; value: unknown } | { ok: false; type: string };

/** Hooks the service side needs: hand out the contested id again before a re-creation. */
export type ServiceHooks = { reuseId: (id: string) => void };

/** Runs `op` on the service: one outcome per step. */
export async function runOnService(
  service: ImageSharing,
  imageId: string,
  op: RaceOp,
  index: number,
  hooks: ServiceHooks,
): Promise<Outcome[]> {
  const outcome = (result: Result<unknown, SharingError>, project: (v: never) => unknown): Outcome =>
    result.isOk() ? { ok: true, value: project(result.value as never) } : { ok: false, type: result.error.type };
  const p = principalOf(op, index);
  const none = () => undefined;
  switch (op.kind) {
    case "share":
      return [outcome(await service.shareImage(p, { imageId, consumerAccountId: op.consumer }), memberFields)];
    case "unshare":
      return [outcome(await service.unshareImage(p, { imageId, consumerAccountId: op.consumer }), none)];
    case "accept":
      return [outcome(await service.acceptImage(p, { imageId }), memberFields)];
    case "reject":
      return [outcome(await service.rejectImage(p, { imageId }), memberFields)];
    case "delete":
      return [outcome(await service.deleteImage(p, { imageId }), none)];
    case "rename":
      return [outcome(await service.updateImage(p, { imageId, name: op.name }), imageFields)];
    case "policy":
      return [outcome(await service.setSharingPolicy(p, policyInput(op.trust)), policyFields)];
    case "recreate": {
      const deleted = outcome(await service.deleteImage(principalOf(op, index, 0), { imageId }), none);
      // The host's newId hands out the deleted image's id again (R16): the next id asked for is the image's.
      hooks.reuseId(imageId);
      const created = outcome(
        await service.createImage(principalOf(op, index, 1), { name: "reborn", region: RACE_REGION }),
        imageFields,
      );
      const shares: Outcome[] = [];
      for (const [i, consumer] of [CONSUMERS[1], CONSUMERS[2]].entries()) {
        shares.push(
          outcome(
            await service.shareImage(principalOf(op, index, 2 + i), { imageId, consumerAccountId: consumer }),
            memberFields,
          ),
        );
      }
      return [deleted, created, ...shares];
    }
  }
}

/** Runs step `step` of `op` on the oracle. */
export function runStepOnModel(
  model: ReferenceModel,
  imageId: string,
  op: RaceOp,
  index: number,
  step: number,
): Outcome {
  const outcome = (result: ModelResult<unknown>, project: (v: never) => unknown): Outcome =>
    result.ok ? { ok: true, value: project(result.value as never) } : { ok: false, type: result.error.type };
  const p = principalOf(op, index, step);
  const none = () => undefined;
  switch (op.kind) {
    case "share":
      return outcome(model.shareImage(p, { imageId, consumerAccountId: op.consumer }, RACE_TIME), memberFields);
    case "unshare":
      return outcome(model.unshareImage(p, { imageId, consumerAccountId: op.consumer }, RACE_TIME), none);
    case "accept":
      return outcome(model.acceptImage(p, { imageId }, RACE_TIME), memberFields);
    case "reject":
      return outcome(model.rejectImage(p, { imageId }, RACE_TIME), memberFields);
    case "delete":
      return outcome(model.deleteImage(p, { imageId }, RACE_TIME), none);
    case "rename":
      return outcome(model.updateImage(p, { imageId, name: op.name }, RACE_TIME), imageFields);
    case "policy":
      return outcome(model.setSharingPolicy(p, policyInput(op.trust), RACE_TIME), policyFields);
    case "recreate": {
      if (step === 0) return outcome(model.deleteImage(p, { imageId }, RACE_TIME), none);
      if (step === 1)
        return outcome(
          model.createImage(p, { name: "reborn", region: RACE_REGION }, { now: RACE_TIME, imageId }),
          imageFields,
        );
      const consumer = step === 2 ? CONSUMERS[1] : CONSUMERS[2];
      return outcome(model.shareImage(p, { imageId, consumerAccountId: consumer }, RACE_TIME), memberFields);
    }
  }
}
