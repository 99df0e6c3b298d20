import assert from "node:assert/strict";
import type { SharingEvent } from "cloud-image-sharing";
import { eventFields, imageFields, memberFields, pendingFields, usageFields } from "./compare.js";
import { REGIONS } from "./operations.js";
import type { ModelEvent } from "./reference-state.js";
import { observerOf, type World, worldAccounts } from "./world.js";

// After every step: the whole observable state of the service equals the model's, seen through
// the public API by an admin of every account (known or not): image lists under every selector,
// pending shares, members (as owner), storage usage and the event log.

/** Every event of the account, through the public API (one page: the test stays far below 1000). */
async function serviceEvents(world: World, accountId: string): Promise<SharingEvent[]> {
  const page = await world.service.listEvents(observerOf(accountId), { limit: 1000 });
  assert.ok(page.isOk(), `listEvents(${accountId}) failed: ${page.isErr() ? page.error.message : ""}`);
  assert.equal(page.value.nextCursor, null, "the test world never has 1000 events for one account");
  return page.value.items;
}

/**
 * The model records a step's events without ids, in an order of its own; the service picks the
 * ids and, for a delete with several members, the order of the `ImageDeleted` events (the SPEC
 * fixes neither). Every event of a step concerns the image's owner, so the owner's log shows
 * them all: learn their ids and order from its tail, matching each by its fields.
 */
async function learnNewEvents(world: World): Promise<void> {
  const events = world.model.state.events;
  const firstNew = events.findIndex((e) => e.id === null);
  if (firstNew < 0) return;
  const fresh = events.slice(firstNew);
  const owners = new Set(fresh.map((e) => e.ownerAccountId));
  assert.equal(owners.size, 1, "one step changes one image");
  const [owner] = owners;
  const ownerLog = await serviceEvents(world, owner as string);
  const tail = ownerLog.slice(Math.max(0, ownerLog.length - fresh.length));
  const unmatched = [...fresh];
  const ordered: ModelEvent[] = [];
  for (const actual of tail) {
    const key = JSON.stringify(eventFields(actual, true));
    const index = unmatched.findIndex((e) => JSON.stringify(eventFields(e, true)) === key);
    assert.ok(index >= 0, `service recorded an event the model did not: ${JSON.stringify(actual)}\nmodel expected: ${JSON.stringify(unmatched)}`);
    const [match] = unmatched.splice(index, 1) as [ModelEvent];
    ordered.push({ ...match, id: actual.id });
  }
  assert.deepStrictEqual(unmatched, [], "events the model recorded are missing from the owner's log");
  events.splice(firstNew, fresh.length, ...ordered);
  const ids = events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, "event ids are unique");
}

/** Asserts the service's observable state equals the model's. */
export async function assertSameState(world: World): Promise<void> {
  await learnNewEvents(world);
  const { service, model } = world;
  for (const accountId of worldAccounts) {
    const admin = observerOf(accountId);
    for (const region of ["global", ...REGIONS]) {
      const images = await service.listImages(admin, { region, limit: 1000 });
      const expected = model.listImages(admin, { region, limit: 1000 });
      assert.ok(images.isOk() && expected.ok, `listImages(${accountId}, ${region}) fails`);
      assert.equal(images.value.nextCursor, null, `listImages(${accountId}, ${region}): one page holds them all`);
      assert.deepStrictEqual(images.value.items.map(imageFields), expected.value.items.map(imageFields), `images of ${accountId} in ${region}`);
      const pending = await service.listPendingShares(admin, { region });
      const expectedPending = model.listPendingShares(admin, { region });
      assert.ok(pending.isOk() && expectedPending.ok, `listPendingShares(${accountId}, ${region}) fails`);
      assert.deepStrictEqual(
        pending.value.map(pendingFields),
        expectedPending.value.map(pendingFields),
        `pending shares of ${accountId} in ${region}`,
      );
    }
    const usage = await service.getStorageUsage(admin, {});
    const expectedUsage = model.getStorageUsage(admin);
    assert.ok(usage.isOk() && expectedUsage.ok, `getStorageUsage(${accountId}) fails`);
    assert.deepStrictEqual(usageFields(usage.value), usageFields(expectedUsage.value), `storage usage of ${accountId}`);
    const events = await serviceEvents(world, accountId);
    assert.deepStrictEqual(
      events.map((e) => eventFields(e)),
      model.eventsOf(accountId).map((e) => eventFields(e)),
      `events of ${accountId}`,
    );
  }
  for (const image of model.state.images.values()) {
    const owner = observerOf(image.ownerAccountId);
    const members = await service.listMembers(owner, { imageId: image.id });
    const expected = model.listMembers(owner, { imageId: image.id });
    assert.ok(members.isOk() && expected.ok, `listMembers(${image.id}) fails`);
    assert.deepStrictEqual(members.value.map(memberFields), expected.value.map(memberFields), `members of ${image.id}`);
  }
}
