import { describe, expect, it } from "vitest";
import { A, adminOf, B, createImage, errOf, listedIds, makeWorld, observerOf, okOf, sharedImage } from "./world.js";

describe("R2: anti-spam acceptance", () => {
  it("R2: a new share is pending", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const member = await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    expect(member.status).toBe("pending");
    const [stored] = await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }));
    expect(stored?.status).toBe("pending");
  });

  it("R2: a pending shared image does not appear in the consumer's image list, and cannot be booted (Forbidden not-accepted)", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    expect(await listedIds(world, observerOf(B))).toEqual([]);
    expect(
      await errOf(world.sharing.authorizeBoot(observerOf(B), { imageId: image.id, region: "IAD" }), "Forbidden"),
    ).toMatchObject({
      reason: "not-accepted",
      status: "pending",
      imageId: image.id,
    });
  });

  it("R2: a rejected shared image does not appear in the consumer's image list", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    expect(await listedIds(world, observerOf(B))).toEqual([]);
  });

  it("R2: only accepted shares appear, tagged source 'shared'; own images are tagged 'own'", async () => {
    const world = makeWorld();
    const shared = await sharedImage(world);
    const own = await okOf(world.sharing.createImage(adminOf(B), { name: "mine", region: "IAD" }));
    expect(own.source).toBe("own");
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: shared.id }));
    const page = await okOf(world.sharing.listImages(observerOf(B)));
    const sourceById = Object.fromEntries(page.items.map((i) => [i.id, i.source]));
    expect(sourceById).toEqual({ [shared.id]: "shared", [own.id]: "own" });
    // The producer still sees it as its own.
    const producerView = await okOf(world.sharing.listImages(observerOf(A)));
    expect(producerView.items.map((i) => [i.id, i.source])).toEqual([[shared.id, "own"]]);
  });
});
