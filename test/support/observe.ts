import assert from "node:assert/strict";
import type { SharingEvent } from "cloud-image-sharing";
import { eventFields, imageFields, memberFields, pendingFields, policyFields, usageFields } from "./compare.js";
import { ALL_ACCOUNTS, REGIONS } from "./ops.js";
import type { ReferenceModel } from "./oracle/model.js";
import { eventAsSeenBy, type ModelEvent } from "./oracle/state.js";
import { adminOf } from "./principals.js";
import { nowOf, type World } from "./world.js";

// After every step: the whole observable state of the service equals the oracle's, seen through
// the public API by an admin of every account (known or not): image lists and pending shares
// under every selector, members (as owner, expired ones flagged), storage usage, the sharing
// policy and the event log (as that account may see it).

/** Every event of the account, through the public API (one page: the tests stay far below 1000). */
async function serviceEvents(world: World, accountId: string): Promise<SharingEvent[]> {
  const page = await world.service.listEvents(adminOf(accountId, "auditor"), { limit: 1000 });
  assert.ok(page.isOk(), `listEvents(${accountId}) failed: ${page.isErr() ? page.error.message : ""}`);
  assert.equal(page.value.nextCursor, null, "the test world never has 1000 events for one account");
  return page.value.items;
}

/** The account whose log shows every event of a step: the image's owner, or the policy's account. */
const logAccountOf = (event: ModelEvent): string =>
  (event.type === "SharingPolicyChanged" ? event.accountId : event.ownerAccountId) as string;

/**
 * The oracle records a step's events without ids, in an order of its own; the service picks the
 * ids and, for a delete with several members, the order of the `ImageDeleted` events (the SPEC
 * fixes neither). The log account of the step shows them all: learn their ids and order from
 * the tail of its log, matching each by its fields as that account sees them.
 */
export async function learnNewEvents(world: World, model: ReferenceModel = world.model): Promise<void> {
  const events = model.state.events;
  const firstNew = events.findIndex((e) => e.id === null);
  if (firstNew < 0) return;
  const fresh = events.slice(firstNew);
  if (!world.checkAnswers) {
    // Unchecked worlds (see World.checkAnswers): ids are only needed to refer to events later; the service may disagree.
    fresh.forEach((event, i) => {
      event.id = `unchecked-${firstNew + i}`;
    });
    return;
  }
  const accounts = new Set(fresh.map(logAccountOf));
  assert.equal(accounts.size, 1, "one step changes one image or one policy");
  const [account] = accounts as unknown as [string];
  const log = await serviceEvents(world, account);
  const tail = log.slice(Math.max(0, log.length - fresh.length));
  const unmatched = [...fresh];
  const ordered: ModelEvent[] = [];
  for (const actual of tail) {
    const key = JSON.stringify(eventFields(actual, true));
    const index = unmatched.findIndex((e) => JSON.stringify(eventFields(eventAsSeenBy(e, account), true)) === key);
    assert.ok(
      index >= 0,
      `the service recorded an event the oracle did not: ${JSON.stringify(actual)}\noracle expected: ${JSON.stringify(unmatched)}`,
    );
    const [match] = unmatched.splice(index, 1) as [ModelEvent];
    ordered.push({ ...match, id: actual.id });
  }
  assert.deepStrictEqual(unmatched, [], "events the oracle recorded are missing from the log");
  events.splice(firstNew, fresh.length, ...ordered);
  const ids = events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, "event ids are unique");
}

/** Asserts the service's observable state equals `model`'s (default: the world's oracle). */
export async function assertSameState(world: World, model: ReferenceModel = world.model): Promise<void> {
  world.faults?.disarm();
  await learnNewEvents(world, model);
  const { service } = world;
  const now = nowOf(world);
  for (const accountId of ALL_ACCOUNTS) {
    const admin = adminOf(accountId, "auditor");
    for (const region of ["global", ...REGIONS]) {
      const images = await service.listImages(admin, { region, limit: 1000 });
      const expected = model.listImages(admin, { region, limit: 1000 }, now);
      assert.ok(images.isOk() && expected.ok, `listImages(${accountId}, ${region}) fails`);
      assert.equal(images.value.nextCursor, null, `listImages(${accountId}, ${region}): one page holds them all`);
      assert.deepStrictEqual(
        images.value.items.map(imageFields),
        expected.value.items.map(imageFields),
        `images of ${accountId} in ${region}`,
      );
      const pending = await service.listPendingShares(admin, { region, limit: 1000 });
      const expectedPending = model.listPendingShares(admin, { region, limit: 1000 }, now);
      assert.ok(pending.isOk() && expectedPending.ok, `listPendingShares(${accountId}, ${region}) fails`);
      assert.deepStrictEqual(
        pending.value.items.map(pendingFields),
        expectedPending.value.items.map(pendingFields),
        `pending shares of ${accountId} in ${region}`,
      );
    }
    const usage = await service.getStorageUsage(admin, {});
    const expectedUsage = model.getStorageUsage(admin);
    assert.ok(usage.isOk() && expectedUsage.ok, `getStorageUsage(${accountId}) fails`);
    assert.deepStrictEqual(usageFields(usage.value), usageFields(expectedUsage.value), `storage usage of ${accountId}`);
    const policy = await service.getSharingPolicy(admin);
    const expectedPolicy = model.getSharingPolicy(admin);
    assert.ok(policy.isOk() && expectedPolicy.ok, `getSharingPolicy(${accountId}) fails`);
    assert.deepStrictEqual(
      policyFields(policy.value),
      policyFields(expectedPolicy.value),
      `sharing policy of ${accountId}`,
    );
    const events = await serviceEvents(world, accountId);
    assert.deepStrictEqual(
      events.map((e) => eventFields(e)),
      model.eventsOf(accountId).map((e) => eventFields(e)),
      `events of ${accountId}`,
    );
  }
  for (const image of model.state.images.values()) {
    const owner = adminOf(image.ownerAccountId, "auditor");
    const members = await service.listMembers(owner, { imageId: image.id });
    const expected = model.listMembers(owner, { imageId: image.id }, now);
    assert.ok(members.isOk() && expected.ok, `listMembers(${image.id}) fails`);
    assert.deepStrictEqual(members.value.map(memberFields), expected.value.map(memberFields), `members of ${image.id}`);
  }
}
