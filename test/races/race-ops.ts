import type { ImageSharing, SharingError } from "cloud-image-sharing";
import fc from "fast-check";
import type { Result } from "neverthrow";
import { imageFields, memberFields } from "../model/compare.js";
import type { ReferenceModel } from "../model/reference-model.js";
import type { ModelResult } from "../model/reference-state.js";

// The operations that race on one image: the producer shares, unshares, renames and deletes;
// consumers accept and reject. Each op gets its own user id, so every event names its op.

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

/** One racing operation. */
export type RaceOp = { kind: "share" | "unshare" | "accept" | "reject"; consumer: string } | { kind: "delete" } | { kind: "rename"; name: string };

/** The initial status of each consumer's member record (`none`: no member). */
export type InitialStatus = "none" | "pending" | "accepted" | "rejected";

/** A race: where the member records start, and the operations let loose at once. */
export type Race = { initial: InitialStatus[]; ops: RaceOp[] };

const consumerArb = fc.constantFrom(...CONSUMERS);
const raceOpArb: fc.Arbitrary<RaceOp> = fc.oneof(
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

/** Races of 2–5 operations from any initial member states within the quota. */
export const raceArb = (ops: fc.Arbitrary<RaceOp> = raceOpArb): fc.Arbitrary<Race> =>
  fc.record({
    initial: fc
      .tuple(...CONSUMERS.map(() => fc.constantFrom<InitialStatus>("none", "pending", "accepted", "rejected")))
      // Keep the set-up within the quota: members beyond it could not have been created.
      .map((statuses) => {
        let members = 0;
        return statuses.map((status) => {
          if (status === "none") return status;
          members += 1;
          return members > RACE_QUOTA ? "none" : status;
        });
      }),
    ops: fc.array(ops, { minLength: 2, maxLength: 5 }),
  });

/** The principal of the `index`-th op: an admin of the owner or of the consumer it names. */
export function principalOf(op: RaceOp, index: number) {
  const accountId = op.kind === "accept" || op.kind === "reject" ? op.consumer : OWNER;
  return { userId: `op-${index}`, accountId, roles: ["cloudImages:admin"] };
}

/** A service or model answer reduced to what a serial replay must reproduce. */
export type Outcome = { ok: true; value: unknown } | { ok: false; type: string };

/** Runs `op` on the service. */
export async function runOnService(service: ImageSharing, imageId: string, op: RaceOp, index: number): Promise<Outcome> {
  const p = principalOf(op, index);
  const outcome = (result: Result<unknown, SharingError>, project: (v: never) => unknown): Outcome =>
    result.isOk() ? { ok: true, value: project(result.value as never) } : { ok: false, type: result.error.type };
  switch (op.kind) {
    case "share":
      return outcome(await service.shareImage(p, { imageId, consumerAccountId: op.consumer }), memberFields);
    case "unshare":
      return outcome(await service.unshareImage(p, { imageId, consumerAccountId: op.consumer }), () => undefined);
    case "accept":
      return outcome(await service.acceptImage(p, { imageId }), memberFields);
    case "reject":
      return outcome(await service.rejectImage(p, { imageId }), memberFields);
    case "delete":
      return outcome(await service.deleteImage(p, { imageId }), () => undefined);
    case "rename":
      return outcome(await service.updateImage(p, { imageId, name: op.name }), imageFields);
  }
}

/** Runs `op` on the reference model. */
export function runOnModel(model: ReferenceModel, imageId: string, op: RaceOp, index: number): Outcome {
  const p = principalOf(op, index);
  const outcome = (result: ModelResult<unknown>, project: (v: never) => unknown): Outcome =>
    result.ok ? { ok: true, value: project(result.value as never) } : { ok: false, type: result.error.type };
  switch (op.kind) {
    case "share":
      return outcome(model.shareImage(p, { imageId, consumerAccountId: op.consumer }, RACE_TIME), memberFields);
    case "unshare":
      return outcome(model.unshareImage(p, { imageId, consumerAccountId: op.consumer }, RACE_TIME), () => undefined);
    case "accept":
      return outcome(model.acceptImage(p, { imageId }, RACE_TIME), memberFields);
    case "reject":
      return outcome(model.rejectImage(p, { imageId }, RACE_TIME), memberFields);
    case "delete":
      return outcome(model.deleteImage(p, { imageId }, RACE_TIME), () => undefined);
    case "rename":
      return outcome(model.updateImage(p, { imageId, name: op.name }, RACE_TIME), imageFields);
  }
}
