import assert from "node:assert/strict";
import type { SharingError } from "cloud-image-sharing";
import type { Result } from "neverthrow";
import {
  assertSameAnswer,
  errorDetails,
  eventFields,
  imageFields,
  memberFields,
  pendingFields,
  policyFields,
  usageFields,
} from "./compare.js";
import { expectedFailure } from "./faulty-store.js";
import {
  type Actor,
  type CursorRef,
  type EventRef,
  type ImageRef,
  KNOWN_ACCOUNTS,
  MEMBER_OF_IMAGE,
  type Op,
  OWNER_OF_IMAGE,
} from "./ops.js";
import type { ModelCursor, ReferenceModel } from "./oracle/model.js";
import type { ModelPage, ModelResult } from "./oracle/state.js";
import { nowOf, type World } from "./world.js";

// Runs one op on the service and on the oracle and asserts they answer alike. With a faulty
// store (R15), an op that met an injected fault must answer the matching `StorageFailure`, and
// the oracle is not moved: the caller decides which state the store is in (see `unknownOutcome`).

/** An image id that never exists, and one that is not a valid id at all. */
export const MISSING_IMAGE = "no-such-image";
const INVALID_IMAGE = "not an id";
/** A well-formed cursor the library never issued. */
const FORGED_CURSOR = "bm90LWEtY3Vyc29y";

/** What a step left open: a write whose outcome is unknown (a timed-out commit) — the oracle may or may not apply it. */
export type UnknownOutcome = { readonly apply: (model: ReferenceModel) => void; readonly adopt: () => void };

/** What running one op reports to the harness. */
export type StepReport = { faulted: boolean; unknownOutcome?: UnknownOutcome };

/** The id an image reference stands for now, for an actor of `accountId`. */
function resolveImage(world: World, accountId: string, ref: ImageRef): string {
  if (ref === "missing") return MISSING_IMAGE;
  if (ref === "invalid") return INVALID_IMAGE;
  const { images, members } = world.model.state;
  // `@owner` / `@member` steps aim at live images (with members, for `@member`), so they mostly get past the gate.
  const own =
    accountId === OWNER_OF_IMAGE
      ? [...images.keys()]
      : accountId === MEMBER_OF_IMAGE
        ? [...images.keys()].filter((id) => (members.get(id)?.size ?? 0) > 0)
        : world.imageIds.filter((id) => world.imageOwners.get(id) === accountId);
  const member = [...members.values()].flatMap((byConsumer) =>
    [...byConsumer.values()]
      .filter((m) => accountId === MEMBER_OF_IMAGE || m.consumerAccountId === accountId)
      .map((m) => m.imageId),
  );
  const preferred = ref.pool === "own" ? own : ref.pool === "member" ? member : world.imageIds;
  const pool = preferred.length > 0 ? preferred : world.imageIds;
  return pool[ref.index % Math.max(pool.length, 1)] ?? MISSING_IMAGE;
}

/** The event id an event reference stands for now, from the ids the harness has learnt. */
function resolveEvent(world: World, accountId: string, ref: EventRef): string {
  const own = world.model.eventsOf(accountId);
  const ownIds = new Set(own.map((e) => e.id));
  const foreign = world.model.state.events.filter((e) => !ownIds.has(e.id));
  const pool = ref === "foreign" ? foreign : ref === "unknown" ? [] : own;
  const index = typeof ref === "number" ? ref : 0;
  return pool[index % Math.max(pool.length, 1)]?.id ?? "no-such-event";
}

/** The principal of a step on `imageId`: `@owner` / `@member` become that image's accounts. */
function resolveActor(world: World, actor: Actor, imageId: string, seed: number): Actor {
  if (actor.accountId === OWNER_OF_IMAGE)
    return { ...actor, accountId: world.imageOwners.get(imageId) ?? KNOWN_ACCOUNTS[0] };
  if (actor.accountId !== MEMBER_OF_IMAGE) return actor;
  const members = [...(world.model.state.members.get(imageId)?.keys() ?? [])];
  return { ...actor, accountId: members[seed % Math.max(members.length, 1)] ?? KNOWN_ACCOUNTS[1] };
}

/** Drops keys whose value is undefined, so the service sees an omitted field, not `undefined`. */
export function defined<T extends Record<string, unknown>>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

/** The service cursor and the oracle's position a cursor reference stands for, for this list and principal. */
function resolveCursor(world: World, list: string, accountId: string, region: string, ref: CursorRef | undefined) {
  if (ref === undefined) return { cursor: undefined, after: undefined };
  const remembered = ref === "forged" ? undefined : world.cursors[ref % Math.max(world.cursors.length, 1)];
  if (remembered === undefined) return { cursor: FORGED_CURSOR, after: "foreign" as const };
  // A cursor is good only for the list that issued it: same method, account and region selector.
  const same = remembered.list === list && remembered.accountId === accountId && remembered.region === region;
  return { cursor: remembered.cursor, after: same ? remembered.after : ("foreign" as const) };
}

/**
 * Checks one service answer: against the injected fault if one fired (then returns the report
 * for the harness), else against the oracle's answer.
 */
function judge<T>(
  world: World,
  label: string,
  actual: Result<T, SharingError>,
  onModel: (model: ReferenceModel) => ModelResult<unknown>,
  project: (value: T) => unknown,
  projectExpected?: (value: never) => unknown,
  adopt: () => void = () => undefined,
): { report: StepReport; value: T | undefined; expected: ModelResult<unknown> | undefined } {
  const injected = world.faults?.injected;
  if (injected !== undefined) {
    assert.ok(
      actual.isErr(),
      `${label}: the store failed (${injected.kind} in ${injected.method}) yet the call answered ok`,
    );
    assert.deepStrictEqual(
      errorDetails(actual.error),
      expectedFailure(injected),
      `${label}: ${injected.kind} in ${injected.method}`,
    );
    const unknown = actual.error.type === "StorageFailure" && actual.error.outcomeUnknown === true;
    return {
      report: { faulted: true, ...(unknown ? { unknownOutcome: { apply: (m) => void onModel(m), adopt } } : {}) },
      value: undefined,
      expected: undefined,
    };
  }
  const expected = onModel(world.model);
  if (!world.checkAnswers)
    return { report: { faulted: false }, value: actual.isOk() ? actual.value : undefined, expected };
  if (actual.isErr() && actual.error.type === "StorageFailure")
    assert.fail(`${label}: StorageFailure from a store that did not fail: ${actual.error.message}`);
  const value = assertSameAnswer(label, actual, expected, project, projectExpected);
  return { report: { faulted: false }, value, expected };
}

const pageProjection = (items: (value: unknown) => unknown) => ({
  service: (page: { items: unknown[]; nextCursor: string | null }) => ({
    items: page.items.map(items),
    more: page.nextCursor !== null,
  }),
  model: (page: ModelPage<unknown, unknown>) => ({ items: page.items.map(items), more: page.next !== null }),
});

/** Pages through a list from the given start, comparing every page, remembering every cursor issued. */
async function pageThrough(
  world: World,
  op: Extract<Op, { kind: "listImages" | "listPendingShares" }>,
): Promise<StepReport> {
  const p = op.actor;
  const region = op.region ?? "global";
  const start = resolveCursor(world, op.kind, p.accountId, region, op.cursor);
  let cursor = start.cursor;
  let after: ModelCursor | undefined = start.after;
  const projection = pageProjection(op.kind === "listImages" ? imageFields : pendingFields);
  const now = nowOf(world);
  for (let page = 0; page < 100; page += 1) {
    const input = defined({ region: op.region, limit: op.limit, cursor });
    const modelInput = defined({ region: op.region, limit: op.limit, cursor: after });
    const actual =
      op.kind === "listImages"
        ? await world.service.listImages(p, input)
        : await world.service.listPendingShares(p, input);
    const judged = judge(
      world,
      `${op.kind} page ${page}`,
      actual as Result<{ items: unknown[]; nextCursor: string | null }, SharingError>,
      (m) => (op.kind === "listImages" ? m.listImages(p, modelInput, now) : m.listPendingShares(p, modelInput, now)),
      projection.service,
      projection.model as (value: never) => unknown,
    );
    const { value, expected } = judged;
    if (value === undefined || expected === undefined || !expected.ok) return judged.report;
    const next = (expected.value as ModelPage<unknown, { createdAt: string; id: string }>).next;
    if (value.nextCursor === null || next === null) return judged.report;
    cursor = value.nextCursor;
    after = next;
    world.cursors.push({ list: op.kind, accountId: p.accountId, region, cursor, after: next });
  }
  return assert.fail(`${op.kind} did not end within 100 pages`);
}

/** Runs `op` on both sides and asserts they answer alike; says whether a fault fired. */
export async function runOp(world: World, op: Op): Promise<StepReport> {
  const { service } = world;
  const now = nowOf(world);
  if (op.kind === "advanceClock") {
    world.env.nowMs += op.ms;
    return { faulted: false };
  }
  const imageId = "image" in op ? resolveImage(world, op.actor.accountId, op.image) : "";
  const p =
    "image" in op
      ? resolveActor(world, op.actor, imageId, typeof op.image === "object" ? op.image.index : 0)
      : op.actor;
  const same = (v: unknown) => v;
  switch (op.kind) {
    case "createImage": {
      const input = defined({ name: op.name, region: op.region, sizeBytes: op.sizeBytes });
      // R16: the id of a deleted image, handed out again by the host's newId (a new image all the same).
      const deleted = world.imageIds.filter((id) => !world.model.state.images.has(id));
      const reused = op.reuse === undefined ? undefined : deleted[op.reuse % Math.max(deleted.length, 1)];
      if (reused !== undefined) world.env.reuse.push(reused);
      const actual = await service.createImage(p, input);
      // The image id is the first id the service asked for in this step.
      const newImageId = actual.isOk() ? actual.value.id : (world.env.issuedThisStep[0] ?? "never-issued");
      const learn = () => {
        assert.ok(
          newImageId === reused || !world.imageIds.includes(newImageId),
          `image id ${newImageId} was handed out before`,
        );
        if (!world.imageIds.includes(newImageId)) world.imageIds.push(newImageId);
        world.imageOwners.set(newImageId, p.accountId);
      };
      if (actual.isOk()) learn();
      return judge(
        world,
        op.kind,
        actual,
        (m) => m.createImage(p, input, { now, imageId: newImageId }),
        imageFields,
        undefined,
        learn,
      ).report;
    }
    case "updateImage": {
      const input = { imageId, name: op.name };
      return judge(
        world,
        op.kind,
        await service.updateImage(p, input),
        (m) => m.updateImage(p, input, now),
        imageFields,
      ).report;
    }
    case "deleteImage": {
      const input = { imageId };
      return judge(world, op.kind, await service.deleteImage(p, input), (m) => m.deleteImage(p, input, now), same)
        .report;
    }
    case "getImage": {
      const input = { imageId };
      return judge(world, op.kind, await service.getImage(p, input), (m) => m.getImage(p, input, now), imageFields)
        .report;
    }
    case "listMembers": {
      const input = { imageId };
      const project = (ms: unknown[]) => ms.map(memberFields);
      return judge(world, op.kind, await service.listMembers(p, input), (m) => m.listMembers(p, input, now), project)
        .report;
    }
    case "acceptImage":
    case "rejectImage": {
      const input = { imageId };
      return judge(world, op.kind, await service[op.kind](p, input), (m) => m[op.kind](p, input, now), memberFields)
        .report;
    }
    case "shareImage": {
      const expiresAt =
        op.expiresIn === undefined
          ? undefined
          : op.expiresIn === "not-a-time"
            ? "next tuesday"
            : new Date(world.env.nowMs + op.expiresIn).toISOString();
      const input = defined({ imageId, consumerAccountId: op.consumerAccountId, expiresAt });
      return judge(world, op.kind, await service.shareImage(p, input), (m) => m.shareImage(p, input, now), memberFields)
        .report;
    }
    case "unshareImage": {
      const input = { imageId, consumerAccountId: op.consumerAccountId };
      return judge(world, op.kind, await service.unshareImage(p, input), (m) => m.unshareImage(p, input, now), same)
        .report;
    }
    case "authorizeBoot": {
      const input = { imageId, region: op.region };
      return judge(
        world,
        op.kind,
        await service.authorizeBoot(p, input),
        (m) => m.authorizeBoot(p, input, now),
        imageFields,
      ).report;
    }
    case "listImages":
    case "listPendingShares":
      return pageThrough(world, op);
    case "getStorageUsage":
      return judge(world, op.kind, await service.getStorageUsage(p, {}), (m) => m.getStorageUsage(p), usageFields)
        .report;
    case "getSharingPolicy":
      return judge(world, op.kind, await service.getSharingPolicy(p), (m) => m.getSharingPolicy(p), policyFields)
        .report;
    case "setSharingPolicy": {
      const self = p.accountId;
      const { raw } = op.policy;
      const autoAcceptFrom = op.policy.autoAcceptFrom?.filter((id) => raw || id !== self);
      const blockFrom = op.policy.blockFrom?.filter(
        (id) => raw || (id !== self && !(autoAcceptFrom ?? []).includes(id)),
      );
      const input = defined({ autoAcceptFrom, blockFrom });
      return judge(
        world,
        op.kind,
        await service.setSharingPolicy(p, input),
        (m) => m.setSharingPolicy(p, input, now),
        policyFields,
      ).report;
    }
    case "listEvents": {
      const input = defined({
        after: op.after === undefined ? undefined : resolveEvent(world, p.accountId, op.after),
        limit: op.limit,
      });
      const project = (page: { items: unknown[]; nextCursor?: unknown; next?: unknown }) => ({
        items: page.items.map((e) => eventFields(e)),
        next: page.nextCursor ?? page.next ?? null,
      });
      return judge(world, op.kind, await service.listEvents(p, input), (m) => m.listEvents(p, input), project).report;
    }
  }
}
