import { describe, expect, it } from "vitest";
import { A, adminOf, B, C, createImage, makeWorld, observerOf, okOf, pendingOf, sharedImage } from "./world.js";

describe("R3: pending shares are notifications", () => {
  it("R3: the consumer lists its pending shares as { image, member }", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    const pending = await pendingOf(world, observerOf(B));
    expect(pending).toHaveLength(1);
    const { source: _source, ...plainImage } = image;
    expect(pending[0]?.image).toEqual(plainImage);
    expect(pending[0]?.member).toMatchObject({ imageId: image.id, consumerAccountId: B, status: "pending" });
    // Nobody else is notified: not the producer, not another account.
    expect(await pendingOf(world, observerOf(A))).toEqual([]);
    expect(await pendingOf(world, observerOf(C))).toEqual([]);
  });

  it("R3: postponing is doing nothing: the share stays pending indefinitely", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    // Time passes and other things happen; the share is untouched.
    for (let i = 0; i < 5; i += 1) await createImage(world);
    await okOf(world.sharing.createImage(adminOf(B), { name: "unrelated", region: "DFW" }));
    const pending = await pendingOf(world, observerOf(B));
    expect(pending.map((p) => [p.image.id, p.member.status])).toEqual([[image.id, "pending"]]);
    const [member] = await okOf(world.sharing.listMembers(observerOf(B), { imageId: image.id }));
    expect(member?.status).toBe("pending");
    expect(member?.updatedAt).toBe(member?.createdAt);
  });

  it("R3: a decided share is no longer a notification", async () => {
    const world = makeWorld();
    const accepted = await sharedImage(world);
    const rejected = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: rejected.id, consumerAccountId: B }));
    expect(await pendingOf(world, observerOf(B))).toHaveLength(2);
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: accepted.id }));
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: rejected.id }));
    expect(await pendingOf(world, observerOf(B))).toEqual([]);
  });
});
