import assert from "node:assert/strict";
import { createImageSharing, createInMemoryStore, type ImageSharing, type ImageSharingStore, type SharingEvent } from "cloud-image-sharing";
import type fc from "fast-check";
import { eventFields, imageFields, memberFields } from "../model/compare.js";
import { createReferenceModel, type ReferenceModel } from "../model/reference-model.js";
import {
  CONSUMERS,
  type InitialStatus,
  type Outcome,
  OWNER,
  RACE_QUOTA,
  RACE_REGION,
  RACE_TIME,
  type Race,
  type RaceOp,
  runOnModel,
  runOnService,
} from "./race-ops.js";
import { scheduledStore } from "./scheduled-store.js";

// One race, run and judged: set up the image serially, let the operations loose on a store whose
// every call is a scheduling point, then demand (R16) that the end state, every ok answer and
// the event log equal those of SOME serial order of the operations that succeeded, replayed on
// the reference model; and that no intermediate state broke the quota (R11) or kept a member
// of a deleted image (R13).

const setupUser = (accountId: string) => ({ userId: "setup", accountId, roles: ["cloudImages:admin"] });

/** What a serial replay must reproduce: the image, its members, and the events after set-up. */
type EndState = { image: unknown; members: unknown[]; events: unknown[] };

/** Brings a service or the model to the race's initial state; the image id comes from the service. */
function setUpModel(initial: readonly InitialStatus[], imageId: string): ReferenceModel {
  const model = createReferenceModel({ accounts: [OWNER, ...CONSUMERS], regions: [RACE_REGION], memberQuota: RACE_QUOTA });
  model.createImage(setupUser(OWNER), { name: "golden", region: RACE_REGION }, { now: RACE_TIME, imageId });
  initial.forEach((status, i) => {
    const consumer = CONSUMERS[i] as string;
    if (status === "none") return;
    model.shareImage(setupUser(OWNER), { imageId, consumerAccountId: consumer }, RACE_TIME);
    if (status === "accepted") model.acceptImage(setupUser(consumer), { imageId }, RACE_TIME);
    if (status === "rejected") model.rejectImage(setupUser(consumer), { imageId }, RACE_TIME);
  });
  return model;
}

async function setUpService(service: ImageSharing, initial: readonly InitialStatus[]): Promise<string> {
  const image = await service.createImage(setupUser(OWNER), { name: "golden", region: RACE_REGION });
  assert.ok(image.isOk(), "set-up: createImage");
  const imageId = image.value.id;
  for (const [i, status] of initial.entries()) {
    const consumer = CONSUMERS[i] as string;
    if (status === "none") continue;
    assert.ok((await service.shareImage(setupUser(OWNER), { imageId, consumerAccountId: consumer })).isOk(), "set-up: share");
    if (status === "accepted") assert.ok((await service.acceptImage(setupUser(consumer), { imageId })).isOk(), "set-up: accept");
    if (status === "rejected") assert.ok((await service.rejectImage(setupUser(consumer), { imageId })).isOk(), "set-up: reject");
  }
  return imageId;
}

/** R11 and R13 at one intermediate state, read straight from the store. */
async function assertInvariants(store: ImageSharingStore, imageId: string, violations: string[]): Promise<void> {
  const [image, members] = await Promise.all([store.getImage(imageId), store.listMembers(imageId)]);
  if (image.isErr() || members.isErr()) return void violations.push("the store failed while checking invariants");
  if (members.value.length > RACE_QUOTA) violations.push(`R11: ${members.value.length} members > quota ${RACE_QUOTA}`);
  if (image.value === null && members.value.length > 0) violations.push(`R13: ${members.value.length} members outlive their image`);
}

/** The end state of the service, through the public API and the raw store (orphan members show there). */
async function serviceEndState(service: ImageSharing, store: ImageSharingStore, imageId: string, setupEvents: number): Promise<EndState> {
  const image = await service.getImage(setupUser(OWNER), { imageId });
  const members = await store.listMembers(imageId);
  assert.ok(members.isOk(), "store.listMembers");
  const log = await service.listEvents(setupUser(OWNER), { limit: 1000 });
  assert.ok(log.isOk(), "listEvents(owner)");
  const ids = log.value.items.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, "R14: event ids are unique");
  for (const consumer of CONSUMERS) {
    // Each consumer's log is exactly the owner's events that name it: none lost, none extra.
    const own = await service.listEvents(setupUser(consumer), { limit: 1000 });
    assert.ok(own.isOk(), `listEvents(${consumer})`);
    const expected: SharingEvent[] = log.value.items.filter((e) => e.consumerAccountId === consumer);
    assert.deepStrictEqual(
      own.value.items.map((e) => eventFields(e)),
      expected.map((e) => eventFields(e)),
      `R14: events of ${consumer}`,
    );
  }
  return {
    image: image.isOk() ? imageFields(image.value) : image.error.type,
    members: members.value.map(memberFields).sort(byConsumer),
    events: canonicalOrder(log.value.items.slice(setupEvents).map((e) => eventFields(e, true))),
  };
}

/**
 * Events in commit order, but the events of one op (a delete records several) in a fixed order:
 * the SPEC fixes the order of commits, not the order of the events inside one commit.
 */
function canonicalOrder(events: Record<string, unknown>[]): Record<string, unknown>[] {
  const firstOf = new Map<unknown, number>();
  for (const [i, e] of events.entries()) firstOf.set(e.actorUserId, firstOf.get(e.actorUserId) ?? i);
  const key = (e: Record<string, unknown>) => [firstOf.get(e.actorUserId) ?? 0, String(e.type), String(e.consumerAccountId ?? "")] as const;
  return [...events].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1].localeCompare(kb[1]) || ka[2].localeCompare(kb[2]);
  });
}

const byConsumer = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.consumerAccountId).localeCompare(String(b.consumerAccountId));

function modelEndState(model: ReferenceModel, imageId: string, setupEvents: number): EndState {
  const image = model.state.images.get(imageId);
  const members = [...(model.state.members.get(imageId)?.values() ?? [])];
  return {
    image: image === undefined ? "ImageNotFound" : imageFields({ ...image, source: "own" }),
    members: members.map(memberFields).sort(byConsumer),
    events: canonicalOrder(
      model
        .eventsOf(OWNER)
        .slice(setupEvents)
        .map((e) => eventFields(e, true)),
    ),
  };
}

/** Every order of `items`. */
function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) return yield [...items];
  for (const [i, first] of items.entries()) for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [first, ...rest];
}

/** A serial order of the succeeded ops that reproduces every ok answer and the end state, or null. */
function findSerialOrder(race: Race, imageId: string, outcomes: Outcome[], actual: EndState, setupEvents: number): number[] | null {
  const succeeded = outcomes.flatMap((outcome, i) => (outcome.ok ? [i] : []));
  for (const order of permutations(succeeded)) {
    const model = setUpModel(race.initial, imageId);
    const answers = order.map((i) => runOnModel(model, imageId, race.ops[i] as RaceOp, i));
    if (JSON.stringify(answers) !== JSON.stringify(order.map((i) => outcomes[i]))) continue;
    if (JSON.stringify(modelEndState(model, imageId, setupEvents)) === JSON.stringify(actual)) return order;
  }
  return null;
}

/** Runs one race under `scheduler` and asserts R11, R13, R14 and R16 for it. */
export async function checkRace(scheduler: fc.Scheduler, race: Race): Promise<void> {
  const violations: string[] = [];
  let imageId = "";
  const inner = createInMemoryStore({ accounts: [OWNER, ...CONSUMERS].map((id) => ({ id })) });
  const scheduled = scheduledStore(inner, scheduler, () => assertInvariants(inner, imageId, violations));
  const service = createImageSharing({ store: scheduled.store, regions: [RACE_REGION], memberQuota: RACE_QUOTA, clock: () => new Date(RACE_TIME) });
  imageId = await setUpService(service, race.initial);
  const setupEvents = setUpModel(race.initial, imageId).eventsOf(OWNER).length;
  scheduled.live = true;
  const outcomes = await scheduler.waitFor(Promise.all(race.ops.map((op, i) => runOnService(service, imageId, op, i))));
  scheduled.live = false;
  assert.deepStrictEqual(violations, [], `invariants held at every commit; ops: ${JSON.stringify(race)}`);
  const actual = await serviceEndState(service, inner, imageId, setupEvents);
  const order = findSerialOrder(race, imageId, outcomes, actual, setupEvents);
  assert.ok(
    order !== null,
    `R16: no serial order of the succeeded ops explains the outcome\noutcomes: ${JSON.stringify(outcomes)}\nend state: ${JSON.stringify(actual)}`,
  );
}
