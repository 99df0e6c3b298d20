import { describe, expect, it } from "vitest";
import {
  A,
  acceptedImage,
  adminOf,
  B,
  errOf,
  listedIds,
  makeWorld,
  observerOf,
  okOf,
  pendingOf,
  sharedImage,
} from "./world.js";

describe("R7: a share is not a copy", () => {
  it("R7: the consumer sees the producer's rename at once (get, list, pending, boot)", async () => {
    const world = makeWorld();
    const accepted = await acceptedImage(world);
    const pending = await sharedImage(world);
    for (const image of [accepted, pending]) {
      await okOf(world.sharing.updateImage(adminOf(A), { imageId: image.id, name: `renamed ${image.id}` }));
    }
    const b = observerOf(B);
    expect((await okOf(world.sharing.getImage(b, { imageId: accepted.id }))).name).toBe(`renamed ${accepted.id}`);
    const list = await okOf(world.sharing.listImages(b));
    expect(list.items.map((i) => i.name)).toEqual([`renamed ${accepted.id}`]);
    const shares = await pendingOf(world, b);
    expect(shares.map((s) => s.image.name)).toEqual([`renamed ${pending.id}`]);
    const boot = await okOf(world.sharing.authorizeBoot(b, { imageId: accepted.id, region: "IAD" }));
    expect(boot.name).toBe(`renamed ${accepted.id}`);
    // Same record, not a copy: every field but source is the producer's.
    const { source: _own, ...producers } = await okOf(world.sharing.getImage(observerOf(A), { imageId: accepted.id }));
    const { source: _shared, ...consumers } = await okOf(world.sharing.getImage(b, { imageId: accepted.id }));
    expect(consumers).toEqual(producers);
  });

  it("R7: storage usage counts own images only; accepted shares cost the consumer nothing", async () => {
    const world = makeWorld();
    const big = await okOf(world.sharing.createImage(adminOf(A), { name: "big", region: "IAD", sizeBytes: 5000 }));
    await okOf(world.sharing.createImage(adminOf(A), { name: "small", region: "DFW", sizeBytes: 7 }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: big.id, consumerAccountId: B }));
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: big.id }));
    await okOf(world.sharing.createImage(adminOf(B), { name: "own", region: "IAD", sizeBytes: 11 }));
    expect(await okOf(world.sharing.getStorageUsage(observerOf(A)))).toEqual({
      accountId: A,
      imageCount: 2,
      bytes: 5007,
    });
    expect(await okOf(world.sharing.getStorageUsage(observerOf(B), {}))).toEqual({
      accountId: B,
      imageCount: 1,
      bytes: 11,
    });
    await okOf(world.sharing.deleteImage(adminOf(A), { imageId: big.id }));
    expect(await okOf(world.sharing.getStorageUsage(observerOf(A)))).toEqual({ accountId: A, imageCount: 1, bytes: 7 });
  });

  it("R7: the consumer loses all access the moment the producer removes the member", async () => {
    const world = makeWorld();
    const image = await acceptedImage(world);
    await okOf(world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await expectNoAccess(world, image.id);
  });

  it("R7: the consumer loses all access the moment the producer deletes the image", async () => {
    const world = makeWorld();
    const image = await acceptedImage(world);
    await okOf(world.sharing.deleteImage(adminOf(A), { imageId: image.id }));
    await expectNoAccess(world, image.id);
  });

  it("R7: the producer may unshare a pending or rejected member too", async () => {
    const world = makeWorld();
    const pending = await sharedImage(world);
    const rejected = await sharedImage(world);
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: rejected.id }));
    for (const image of [pending, rejected]) {
      await okOf(world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
      await errOf(world.sharing.getImage(observerOf(B), { imageId: image.id }), "ImageNotFound");
    }
    expect(await pendingOf(world, observerOf(B))).toEqual([]);
  });

  async function expectNoAccess(world: ReturnType<typeof makeWorld>, imageId: string): Promise<void> {
    const b = adminOf(B);
    expect(await listedIds(world, b)).toEqual([]);
    await errOf(world.sharing.getImage(b, { imageId }), "ImageNotFound");
    await errOf(world.sharing.authorizeBoot(b, { imageId, region: "IAD" }), "ImageNotFound");
    await errOf(world.sharing.listMembers(b, { imageId }), "ImageNotFound");
    await errOf(world.sharing.rejectImage(b, { imageId }), "ImageNotFound");
  }
});
