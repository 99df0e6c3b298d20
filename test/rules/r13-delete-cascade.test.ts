import { describe, expect, it } from "vitest";
import { storedImage, storedMembers } from "./stores.js";
import { A, adminOf, B, C, createImage, errOf, listedIds, makeWorld, observerOf, okOf, pendingOf } from "./world.js";

describe("R13: deleting an image", () => {
  it("R13: deleting removes all its members in the same step and every consumer loses it at once", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const kept = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: kept.id, consumerAccountId: B }));
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: kept.id }));

    await okOf(world.sharing.deleteImage(adminOf(A), { imageId: image.id }));

    expect(await storedMembers(world.store, image.id)).toEqual([]);
    expect(await storedImage(world.store, image.id)).toBeNull();
    expect(await listedIds(world, observerOf(B))).toEqual([kept.id]);
    expect(await pendingOf(world, observerOf(C))).toEqual([]);
    await errOf(world.sharing.getImage(observerOf(C), { imageId: image.id }), "ImageNotFound");
    await errOf(world.sharing.listMembers(observerOf(A), { imageId: image.id }), "ImageNotFound");
    expect(await listedIds(world, observerOf(A))).toEqual([kept.id]);
  });

  it("R13: a deleted image's id can no longer be acted on by anyone", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await okOf(world.sharing.deleteImage(adminOf(A), { imageId: image.id }));
    await errOf(world.sharing.deleteImage(adminOf(A), { imageId: image.id }), "ImageNotFound");
    await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "ImageNotFound");
    await errOf(world.sharing.updateImage(adminOf(A), { imageId: image.id, name: "back" }), "ImageNotFound");
  });
});
