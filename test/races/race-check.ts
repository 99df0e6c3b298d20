import assert from "node:assert/strict";
import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharing,
  type ImageSharingStore,
} from "cloud-image-sharing";
import type fc from "fast-check";
import { eventFields, imageFields, memberFields, policyFields } from "../support/compare.js";
import { createReferenceModel, type ReferenceModel } from "../support/oracle/model.js";
import { adminOf } from "../support/principals.js";
import {
  CONSUMERS,
  type InitialStatus,
  type Outcome,
  OWNER,
  RACE_QUOTA,
  RACE_REGION,
  RACE_TIME,
  type Race,
  runOnService,
  runStepOnModel,
  stepsOf,
} from "./race-ops.js";
import { type ScheduledStore, scheduledStore } from "./scheduled-store.js";

// One race, run and judged: set up the image serially, let the operations loose on a store whose
// every call is a scheduling point, then demand (R16) that the end state, every ok answer and
// every account's event log equal those of SOME serial order of the steps that succeeded (the
// steps of one op in their own order), replayed on the oracle; and that no intermediate state
// broke the quota (R11).

const ACCOUNTS = [OWNER, ...CONSUMERS];
const setupUser = (accountId: string) => adminOf(accountId, "setup");

/** What a serial replay must reproduce: the image, its members, every account's events after set-up, the consumers' policies. */
type EndState = { image: unknown; members: unknown[]; events: Record<string, unknown[]>; policies: unknown[] };

/** Brings the oracle to the race's initial state; the image id comes from the service. */
function setUpModel(initial: readonly InitialStatus[], imageId: string): ReferenceModel {
  const model = createReferenceModel({ accounts: ACCOUNTS, regions: [RACE_REGION], memberQuota: RACE_QUOTA });
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
  assert.ok(image.isOk(), `set-up: createImage: ${image.isErr() ? image.error.message : ""}`);
  const imageId = image.value.id;
  for (const [i, status] of initial.entries()) {
    const consumer = CONSUMERS[i] as string;
    if (status === "none") continue;
    assert.ok(
      (await service.shareImage(setupUser(OWNER), { imageId, consumerAccountId: consumer })).isOk(),
      "set-up: share",
    );
    if (status === "accepted")
      assert.ok((await service.acceptImage(setupUser(consumer), { imageId })).isOk(), "set-up: accept");
    if (status === "rejected")
      assert.ok((await service.rejectImage(setupUser(consumer), { imageId })).isOk(), "set-up: reject");
  }
  return imageId;
}

/** Every member of the image, straight from the store (whatever the service would show). */
async function storedMembers(store: ImageSharingStore, imageId: string) {
  const facts = await store.readImageFacts({ imageId, accountId: OWNER, withMembers: true });
  assert.ok(facts.isOk(), "store.readImageFacts");
  return facts.value.members ?? [];
}

/** R11 at one intermediate state, read straight from the store. */
async function checkQuota(store: ImageSharingStore, imageId: string, violations: string[]): Promise<void> {
  const members = await storedMembers(store, imageId);
  if (members.length > RACE_QUOTA) violations.push(`R11: ${members.length} members > quota ${RACE_QUOTA}`);
}

/** The ImageDeleted events of one delete are one commit; their order among themselves is the store's: sort inside such runs. */
function canonical(events: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let run: Record<string, unknown>[] = [];
  const flush = () => {
    out.push(...run.sort((a, b) => String(a.consumerAccountId ?? "").localeCompare(String(b.consumerAccountId ?? ""))));
    run = [];
  };
  for (const event of events) {
    const head = run[0];
    if (
      head !== undefined &&
      !(event.type === "ImageDeleted" && head.type === "ImageDeleted" && event.actorUserId === head.actorUserId)
    )
      flush();
    run.push(event);
  }
  flush();
  return out;
}

const byConsumer = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.consumerAccountId).localeCompare(String(b.consumerAccountId));

/** The end state of the service, through the public API and the raw store. */
async function serviceEndState(
  service: ImageSharing,
  store: ImageSharingStore,
  imageId: string,
  setupEvents: Record<string, number>,
): Promise<EndState> {
  const image = await service.getImage(setupUser(OWNER), { imageId });
  const events: Record<string, unknown[]> = {};
  for (const account of ACCOUNTS) {
    const log = await service.listEvents(setupUser(account), { limit: 1000 });
    assert.ok(log.isOk(), `listEvents(${account})`);
    const ids = log.value.items.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, "R14: event ids are unique");
    events[account] = canonical(log.value.items.slice(setupEvents[account]).map((e) => eventFields(e, true)));
  }
  const policies: unknown[] = [];
  for (const consumer of CONSUMERS) {
    const policy = await service.getSharingPolicy(setupUser(consumer));
    assert.ok(policy.isOk(), `getSharingPolicy(${consumer})`);
    policies.push(policyFields(policy.value));
  }
  return {
    image: image.isOk() ? imageFields(image.value) : image.error.type,
    members: (await storedMembers(store, imageId)).map(memberFields).sort(byConsumer),
    events,
    policies,
  };
}

function modelEndState(model: ReferenceModel, imageId: string, setupEvents: Record<string, number>): EndState {
  const image = model.state.images.get(imageId);
  const members = [...(model.state.members.get(imageId)?.values() ?? [])];
  const events: Record<string, unknown[]> = {};
  for (const account of ACCOUNTS)
    events[account] = canonical(
      model
        .eventsOf(account)
        .slice(setupEvents[account])
        .map((e) => eventFields(e, true)),
    );
  return {
    image: image === undefined ? "ImageNotFound" : imageFields({ ...image, source: "own" }),
    members: members.map(memberFields).sort(byConsumer),
    events,
    policies: CONSUMERS.map((consumer) => {
      const policy = model.getSharingPolicy(setupUser(consumer));
      return policy.ok ? policyFields(policy.value) : null;
    }),
  };
}

/** A step of an op: (op index, step index). */
type Step = readonly [number, number];

/** Every interleaving of the chains (each chain keeps its own order). */
function* interleavings(chains: readonly (readonly Step[])[]): Generator<Step[]> {
  const live = chains.filter((chain) => chain.length > 0);
  if (live.length === 0) return yield [];
  for (const [i, chain] of live.entries()) {
    const [first, ...rest] = chain as [Step, ...Step[]];
    const others = live.map((c, j) => (j === i ? rest : c));
    for (const tail of interleavings(others)) yield [first, ...tail];
  }
}

/** A serial order of the succeeded steps that reproduces every ok answer and the end state, or null. */
function findSerialOrder(
  race: Race,
  imageId: string,
  outcomes: Outcome[][],
  actual: EndState,
  setupEvents: Record<string, number>,
): Step[] | null {
  const chains = outcomes.map((steps, i) => steps.flatMap((outcome, s): Step[] => (outcome.ok ? [[i, s]] : [])));
  const wanted = JSON.stringify(actual);
  for (const order of interleavings(chains)) {
    const model = setUpModel(race.initial, imageId);
    const answers = order.map(([i, s]) => runStepOnModel(model, imageId, race.ops[i] as Race["ops"][number], i, s));
    if (JSON.stringify(answers) !== JSON.stringify(order.map(([i, s]) => outcomes[i]?.[s]))) continue;
    if (JSON.stringify(modelEndState(model, imageId, setupEvents)) === wanted) return order;
  }
  return null;
}

/** What a race run saw, for properties that look beyond serializability. */
export type RaceRun = { outcomes: Outcome[][]; scheduled: ScheduledStore; imageId: string };

/** Options of a race run. */
export type RaceOptions = { maxAttempts?: number };

/** Runs one race under `scheduler`, without judging it (see {@link checkRace}). */
export async function runRace(
  scheduler: fc.Scheduler,
  race: Race,
  options: RaceOptions = {},
  violations: string[] = [],
): Promise<RaceRun & { service: ImageSharing; inner: ImageSharingStore }> {
  let imageId = "";
  const inner = createInMemoryStore({ accounts: ACCOUNTS.map((id) => ({ id })) });
  const scheduled = scheduledStore(inner, scheduler, () => checkQuota(inner, imageId, violations));
  let issued = 0;
  const reuse: string[] = [];
  const service = createImageSharing({
    store: scheduled.store,
    regions: [RACE_REGION],
    memberQuota: RACE_QUOTA,
    clock: () => new Date(RACE_TIME),
    newId: () => {
      const reused = reuse.shift();
      if (reused !== undefined) return reused;
      issued += 1;
      return `id-${issued}`;
    },
    retryBackoff: { baseMs: 0, maxMs: 0 },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  imageId = await setUpService(service, race.initial);
  scheduled.live = true;
  const hooks = { reuseId: (id: string) => void reuse.push(id) };
  const outcomes = await scheduler.waitFor(
    Promise.all(race.ops.map((op, i) => runOnService(service, imageId, op, i, hooks))),
  );
  scheduled.live = false;
  return { outcomes, scheduled, imageId, service, inner };
}

/** Runs one race under `scheduler` and asserts R11, R14, R16 (and R17 for policy steps) for it. */
export async function checkRace(scheduler: fc.Scheduler, race: Race): Promise<void> {
  const violations: string[] = [];
  const { outcomes, imageId, service, inner } = await runRace(scheduler, race, {}, violations);
  assert.deepStrictEqual(violations, [], `invariants held at every commit; ops: ${JSON.stringify(race)}`);
  for (const [i, op] of race.ops.entries())
    assert.equal(outcomes[i]?.length, stepsOf(op).length, "one outcome per step");
  const setupModel = setUpModel(race.initial, imageId);
  const setupEvents = Object.fromEntries(ACCOUNTS.map((a) => [a, setupModel.eventsOf(a).length]));
  const actual = await serviceEndState(service, inner, imageId, setupEvents);
  const order = findSerialOrder(race, imageId, outcomes, actual, setupEvents);
  assert.ok(
    order !== null,
    `R16: no serial order of the succeeded steps explains the outcome\noutcomes: ${JSON.stringify(outcomes)}\nend state: ${JSON.stringify(actual)}`,
  );
}
