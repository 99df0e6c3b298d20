import { describe, expect, it } from "vitest";
import { A, adminOf, B, C, createImage, makeWorld, observerOf, okOf } from "./world.js";

describe("R12: privacy of members", () => {
  async function sharedWithBoth() {
    const world = makeWorld();
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }));
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
    return { world, image };
  }

  it("R12: the producer sees every member of its image with its status", async () => {
    const { world, image } = await sharedWithBoth();
    const members = await okOf(world.sharing.listMembers(observerOf(A), { imageId: image.id }));
    expect(members.map((m) => [m.consumerAccountId, m.status])).toEqual([
      [C, "pending"],
      [B, "accepted"],
    ]);
  });

  it("R12: a consumer sees only its own member record, never the other consumers", async () => {
    const { world, image } = await sharedWithBoth();
    const asB = await okOf(world.sharing.listMembers(observerOf(B), { imageId: image.id }));
    expect(asB.map((m) => [m.consumerAccountId, m.status])).toEqual([[B, "accepted"]]);
    const asC = await okOf(world.sharing.listMembers(observerOf(C), { imageId: image.id }));
    expect(asC.map((m) => [m.consumerAccountId, m.status])).toEqual([[C, "pending"]]);
  });

  it("R12: a consumer's events never name another consumer", async () => {
    const { world } = await sharedWithBoth();
    const events = await okOf(world.sharing.listEvents(observerOf(C)));
    expect(events.items.length).toBeGreaterThan(0);
    for (const event of events.items) expect(event.type !== "SharingPolicyChanged" && event.consumerAccountId).toBe(C);
  });
});
