import { describe, expect, it } from "vitest";
import { acceptedImage, adminOf, B, listedIds, makeWorld, observerOf, okOf, pendingOf, sharedImage } from "./world.js";

describe("R4: reject, also after accepting", () => {
  it("R4: a consumer may reject a pending share", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    const member = await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    expect(member).toMatchObject({ imageId: image.id, consumerAccountId: B, status: "rejected" });
    expect(await pendingOf(world, observerOf(B))).toEqual([]);
  });

  it("R4: a consumer may reject an accepted share later, and it leaves the image list at once", async () => {
    const world = makeWorld();
    const image = await acceptedImage(world);
    expect(await listedIds(world, observerOf(B))).toEqual([image.id]);
    const member = await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    expect(member.status).toBe("rejected");
    expect(await listedIds(world, observerOf(B))).toEqual([]);
    expect(await listedIds(world, observerOf(B), "IAD")).toEqual([]);
    const boot = await world.sharing.authorizeBoot(observerOf(B), { imageId: image.id, region: "IAD" });
    expect(boot.isErr() && boot.error).toEqual({
      type: "Forbidden",
      message: `the share of image ${image.id} is rejected; accept it before booting from it`,
      reason: "not-accepted",
      imageId: image.id,
      status: "rejected",
    });
  });
});
