import assert from "node:assert/strict";
import type { ImageView, Page } from "cloud-image-sharing";
import { assertSameAnswer, eventFields, imageFields, memberFields, pendingFields, usageFields } from "./compare.js";
import { type Actor, type EventRef, type ImageRef, KNOWN_ACCOUNTS, MEMBER_OF_IMAGE, type Op, OWNER_OF_IMAGE } from "./operations.js";
import type { ModelCursor } from "./reference-reads.js";
import type { ModelPage } from "./reference-state.js";
import type { World } from "./world.js";

// Runs one op on the service and on the model and asserts they answer alike.

/** An image id that never exists, and one that is not a valid id at all. */
const MISSING_IMAGE = "no-such-image";
const INVALID_IMAGE = "not an id";

/** The id an image reference stands for now, for an actor of `accountId`. */
function resolveImage(world: World, accountId: string, ref: ImageRef): string {
  if (ref === "missing") return MISSING_IMAGE;
  if (ref === "invalid") return INVALID_IMAGE;
  const own = world.imageIds.filter((id) => world.imageOwners.get(id) === accountId);
  const member = [...world.model.state.members.values()].flatMap((byConsumer) =>
    [...byConsumer.values()].filter((m) => m.consumerAccountId === accountId).map((m) => m.imageId),
  );
  const preferred = ref.pool === "own" ? own : ref.pool === "member" ? member : world.imageIds;
  const pool = preferred.length > 0 ? preferred : world.imageIds;
  return pool[ref.index % Math.max(pool.length, 1)] ?? MISSING_IMAGE;
}

/** The event id an event reference stands for now, from the ids the model has learnt. */
function resolveEvent(world: World, accountId: string, ref: EventRef): string {
  const own = world.model.eventsOf(accountId);
  const foreign = world.model.state.events.filter((e) => !own.includes(e));
  const pool = ref === "foreign" ? foreign : ref === "unknown" ? [] : own;
  const index = typeof ref === "number" ? ref : 0;
  return pool[index % Math.max(pool.length, 1)]?.id ?? "no-such-event";
}

/** The principal of a step on `imageId`: `@owner` / `@member` become that image's accounts. */
function resolveActor(world: World, actor: Actor, imageId: string, seed: number): Actor {
  if (actor.accountId === OWNER_OF_IMAGE) return { ...actor, accountId: world.imageOwners.get(imageId) ?? KNOWN_ACCOUNTS[0] };
  if (actor.accountId !== MEMBER_OF_IMAGE) return actor;
  const members = [...(world.model.state.members.get(imageId)?.keys() ?? [])];
  return { ...actor, accountId: members[seed % Math.max(members.length, 1)] ?? KNOWN_ACCOUNTS[1] };
}

/** Drops keys whose value is undefined, so the service sees an omitted field, not `undefined`. */
function defined<T extends Record<string, unknown>>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

const pageOfImages = (page: Page<ImageView>) => ({ items: page.items.map(imageFields), more: page.nextCursor !== null });
const modelPageOfImages = (page: ModelPage<unknown, unknown>) => ({ items: page.items.map(imageFields), more: page.next !== null });

/**
 * Pages through `listImages` from `start`, comparing every page, and remembers every cursor
 * issued (with the key the model says it stands for) for later stale-cursor steps.
 */
async function pageImages(
  world: World,
  op: Extract<Op, { kind: "listImages" | "listImagesFromCursor" }>,
  start: ModelCursor | undefined,
  startCursor: string | undefined,
) {
  let cursor = startCursor;
  let after = start;
  for (let page = 0; page < 100; page += 1) {
    const input = defined({ region: op.region, limit: op.limit, cursor });
    const actual = await world.service.listImages(op.actor, input);
    const expected = world.model.listImages(op.actor, defined({ region: op.region, limit: op.limit, cursor: after }));
    const got = assertSameAnswer(`listImages page ${page}`, actual, expected, pageOfImages, modelPageOfImages);
    if (got === undefined || !expected.ok || got.nextCursor === null || expected.value.next === null) return;
    cursor = got.nextCursor;
    after = expected.value.next;
    world.cursors.push({ cursor, after });
  }
  assert.fail("listImages did not end within 100 pages");
}

/** Runs `op` on both sides at time `now` and asserts the answers agree. */
export async function runOp(world: World, op: Op, now: string): Promise<void> {
  const { service, model } = world;
  const imageId = "image" in op ? resolveImage(world, op.actor.accountId, op.image) : "";
  const p = "image" in op ? resolveActor(world, op.actor, imageId, typeof op.image === "object" ? op.image.index : 0) : op.actor;
  switch (op.kind) {
    case "createImage": {
      const input = defined({ name: op.name, region: op.region, sizeBytes: op.sizeBytes });
      const actual = await service.createImage(p, input);
      const newImageId = actual.isOk() ? actual.value.id : `model-only-${world.env.steps}`;
      if (actual.isOk()) {
        assert.match(newImageId, /^id-\d+$/, "an image id comes from the injected newId");
        assert.ok(!world.imageIds.includes(newImageId), `image id ${newImageId} was handed out before`);
        world.imageIds.push(newImageId);
        world.imageOwners.set(newImageId, actual.value.ownerAccountId);
      }
      assertSameAnswer(op.kind, actual, model.createImage(p, input, { now, imageId: newImageId }), imageFields);
      return;
    }
    case "updateImage": {
      const input = { imageId, name: op.name };
      assertSameAnswer(op.kind, await service.updateImage(p, input), model.updateImage(p, input, now), imageFields);
      return;
    }
    case "deleteImage": {
      const input = { imageId };
      assertSameAnswer(op.kind, await service.deleteImage(p, input), model.deleteImage(p, input, now), (v) => v);
      return;
    }
    case "getImage": {
      const input = { imageId };
      assertSameAnswer(op.kind, await service.getImage(p, input), model.getImage(p, input), imageFields);
      return;
    }
    case "listMembers": {
      const input = { imageId };
      assertSameAnswer(op.kind, await service.listMembers(p, input), model.listMembers(p, input), (ms: unknown[]) => ms.map(memberFields));
      return;
    }
    case "acceptImage":
    case "rejectImage": {
      const input = { imageId };
      assertSameAnswer(op.kind, await service[op.kind](p, input), model[op.kind](p, input, now), memberFields);
      return;
    }
    case "shareImage":
    case "unshareImage": {
      const input = { imageId, consumerAccountId: op.consumerAccountId };
      if (op.kind === "shareImage") assertSameAnswer(op.kind, await service.shareImage(p, input), model.shareImage(p, input, now), memberFields);
      else assertSameAnswer(op.kind, await service.unshareImage(p, input), model.unshareImage(p, input, now), (v) => v);
      return;
    }
    case "authorizeBoot": {
      const input = { imageId, region: op.region };
      assertSameAnswer(op.kind, await service.authorizeBoot(p, input), model.authorizeBoot(p, input), imageFields);
      return;
    }
    case "listImages":
      return pageImages(world, op, undefined, undefined);
    case "listImagesFromCursor": {
      const remembered = op.cursor === "foreign" ? undefined : world.cursors[op.cursor % Math.max(world.cursors.length, 1)];
      // A cursor the library never issued: well-formed base64url, but not one of its cursors.
      if (remembered === undefined) return pageImages(world, op, "foreign", "bm90LWEtY3Vyc29y");
      return pageImages(world, op, remembered.after, remembered.cursor);
    }
    case "listPendingShares": {
      const input = defined({ region: op.region });
      assertSameAnswer(op.kind, await service.listPendingShares(p, input), model.listPendingShares(p, input), (s: unknown[]) => s.map(pendingFields));
      return;
    }
    case "getStorageUsage":
      assertSameAnswer(op.kind, await service.getStorageUsage(p, {}), model.getStorageUsage(p), usageFields);
      return;
    case "listEvents": {
      const input = defined({ after: op.after === undefined ? undefined : resolveEvent(world, p.accountId, op.after), limit: op.limit });
      const expected = model.listEvents(p, input);
      const project = (page: { items: unknown[]; nextCursor?: unknown; next?: unknown }) => ({
        items: page.items.map((e) => eventFields(e)),
        next: page.nextCursor ?? page.next ?? null,
      });
      assertSameAnswer(op.kind, await service.listEvents(p, input), expected, project);
      return;
    }
  }
}
