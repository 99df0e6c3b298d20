import { describe, expect, it } from "vitest";
import { A, adminOf, B, createImage, errOf, makeWorld, observerOf, okOf } from "../rules/world.js";

describe("SPEC 4: listEvents paging", () => {
  it("SPEC 4: events come oldest first; nextCursor is the `after` of the next page", async () => {
    const world = makeWorld();
    for (let i = 0; i < 5; i += 1) await createImage(world);
    const all = await okOf(world.sharing.listEvents(observerOf(A)));
    expect(all.items.map((e) => e.type)).toEqual(Array(5).fill("ImageCreated"));
    expect(all.nextCursor).toBeNull();
    const times = all.items.map((e) => e.occurredAt);
    expect([...times].sort()).toEqual(times);

    const first = await okOf(world.sharing.listEvents(observerOf(A), { limit: 2 }));
    expect(first.items).toEqual(all.items.slice(0, 2));
    expect(first.nextCursor).toBe(all.items[1]?.id);
    const second = await okOf(world.sharing.listEvents(observerOf(A), { limit: 2, after: first.nextCursor ?? "" }));
    expect(second.items).toEqual(all.items.slice(2, 4));
    const last = await okOf(world.sharing.listEvents(observerOf(A), { limit: 2, after: second.nextCursor ?? "" }));
    expect(last).toEqual({ items: all.items.slice(4), nextCursor: null });
    const afterLast = await okOf(world.sharing.listEvents(observerOf(A), { after: all.items[4]?.id ?? "" }));
    expect(afterLast).toEqual({ items: [], nextCursor: null });
  });

  it("SPEC 4: an account with no events gets an empty page; `after` is refused there", async () => {
    const world = makeWorld();
    expect(await okOf(world.sharing.listEvents(observerOf(B)))).toEqual({ items: [], nextCursor: null });
    await errOf(world.sharing.listEvents(observerOf(B), { after: "id-0001" }), "ValidationError");
  });

  it("SPEC 4: a consumer pages through the events naming it, from its own position", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
    const page = await okOf(world.sharing.listEvents(observerOf(B), { limit: 1 }));
    expect(page.items.map((e) => e.type)).toEqual(["ImageShared"]);
    const next = await okOf(world.sharing.listEvents(observerOf(B), { after: page.nextCursor ?? "" }));
    expect(next.items.map((e) => e.type)).toEqual(["ShareAccepted"]);
  });
});
