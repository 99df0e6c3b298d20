import type { ImageSharing, SharingEvent } from "cloud-image-sharing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, anyRolesArb, clockStepsArb, opSequenceArb, rolesAtLeastArb, STRANGER } from "./generators.js";
import { concerns, type ModelEvent } from "./model.js";
import { adminOf, checkStep, listAllEvents, membersAsOwner, newWorld, observerOf, stepAndCheck, takeStep, type World } from "./world.js";

// R1, R3, R4, R5, R11, R13, R14: random sequences of producer and consumer actions by random
// principals, run on the service and on the reference model (model.ts) side by side.

/** Mostly strong roles (so sequences get somewhere), sometimes any roles (so `Forbidden` happens). */
const mixedRolesArb = fc.oneof({ weight: 3, arbitrary: rolesAtLeastArb(3) }, { weight: 1, arbitrary: anyRolesArb });
const opsArb = opSequenceArb(mixedRolesArb);

/** Every image the model holds has exactly the model's members; every deleted one is gone for everybody (R13). */
async function expectMembersMatchModel(world: World): Promise<void> {
  for (const imageId of world.model.issued) {
    const image = world.model.images.get(imageId);
    if (image === undefined) {
      for (const account of ACCOUNTS) {
        const gone = await world.sharing.getImage(adminOf(account), { imageId });
        expect(gone.isErr() && gone.error.type).toBe("ImageNotFound");
      }
      continue;
    }
    const expected = world.model.members.get(imageId) ?? new Map();
    expect(await membersAsOwner(world.sharing, image.ownerAccountId, imageId)).toEqual(expected);
  }
}

/** What the event checks compare: the type and whom it concerns, as the model records it. */
const projection = (event: ModelEvent | SharingEvent): string =>
  [event.type, event.imageId, event.ownerAccountId, event.consumerAccountId ?? "-"].join(" ");

/**
 * The per-member `ImageDeleted` events of one delete are recorded in one step; their order among
 * themselves is the store's member order, which the spec leaves open. Sort inside such runs only.
 */
function normalized(events: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const event of events) {
    const [type, imageId] = event.split(" ");
    const [runType, runImage] = (run[0] ?? "").split(" ");
    if (type === "ImageDeleted" && runType === "ImageDeleted" && runImage === imageId) run.push(event);
    else {
      flush();
      run.push(event);
    }
  }
  flush();
  return out;
}

/** Each account's event feed is exactly the model's events that concern it, in commit order (R14). */
async function expectEventsMatchModel(world: World): Promise<void> {
  for (const account of [...ACCOUNTS, STRANGER]) {
    const actual = (await listAllEvents(world.sharing, observerOf(account))).map(projection);
    const expected = world.model.events.filter((event) => concerns(event, account)).map(projection);
    expect(normalized(actual)).toEqual(normalized(expected));
  }
}

/** The status of `account`'s own member record of the image, as that account sees it; `null` when it has none. */
async function ownStatus(sharing: ImageSharing, account: string, imageId: string): Promise<string | null> {
  const members = await sharing.listMembers(adminOf(account), { imageId });
  if (members.isErr()) return null;
  return members.value.find((m) => m.consumerAccountId === account)?.status ?? null;
}

describe("the member state machine against a reference model", () => {
  it("R1, R3, R4, R5, R11, R13, R14: every step answers like the model (ok or the same error type), and members and events match it after every step", async () => {
    await fc.assert(
      fc.asyncProperty(clockStepsArb, opsArb, async (clockSteps, ops) => {
        const world = newWorld(clockSteps);
        for (const op of ops) {
          await stepAndCheck(world, op);
          await expectMembersMatchModel(world);
          await expectEventsMatchModel(world);
        }
      }),
    );
  });

  it("R5: a rejected member never becomes accepted without a re-share (the member must disappear first)", async () => {
    await fc.assert(
      fc.asyncProperty(clockStepsArb, opsArb, async (clockSteps, ops) => {
        const world = newWorld(clockSteps);
        // (imageId, account) pairs seen rejected and not removed since.
        const rejected = new Set<string>();
        for (const op of ops) {
          // The rule is checked on what the service shows before the model has its say.
          const step = await takeStep(world, op);
          for (const imageId of world.model.issued) {
            for (const account of ACCOUNTS) {
              const key = `${imageId} ${account}`;
              const status = await ownStatus(world.sharing, account, imageId);
              if (status === "accepted") expect(rejected.has(key), `${key} went from rejected to accepted`).toBe(false);
              if (status === "rejected") rejected.add(key);
              if (status === null) rejected.delete(key);
            }
          }
          checkStep(world, step);
        }
      }),
    );
  });

  it("R3: postponing is doing nothing: a pending member stays pending until its consumer decides or the producer removes it", async () => {
    await fc.assert(
      fc.asyncProperty(clockStepsArb, opsArb, async (clockSteps, ops) => {
        const world = newWorld(clockSteps);
        for (const op of ops) {
          const step = await takeStep(world, op);
          const { op: done, result } = step;
          for (const [imageId, members] of world.model.members) {
            const owner = world.model.images.get(imageId)?.ownerAccountId;
            if (owner === undefined || (done.kind === "delete" && done.imageId === imageId && result.isOk())) continue;
            for (const [consumer, status] of members) {
              // Only the consumer deciding on this image, or the producer removing this member, moves it.
              const decidedByConsumer = done.kind !== "create" && done.imageId === imageId && done.principal.accountId === consumer;
              const removed = done.kind === "unshare" && done.imageId === imageId && done.consumer === consumer && result.isOk();
              if (status !== "pending" || decidedByConsumer || removed) continue;
              expect((await membersAsOwner(world.sharing, owner, imageId)).get(consumer)).toBe("pending");
            }
          }
          checkStep(world, step);
        }
      }),
    );
  });
});
