import { describe, expect, it } from "vitest";
import {
  A,
  acceptedImage,
  adminOf,
  B,
  createImage,
  errOf,
  listedIds,
  makeWorld,
  observerOf,
  okOf,
  sharedImage,
} from "./world.js";

describe("R6: regional", () => {
  it("R6: an image lives in exactly one region and sharing, accepting and renaming never move it", async () => {
    const world = makeWorld();
    const image = await acceptedImage(world, B, "DFW");
    expect(image.region).toBe("DFW");
    await okOf(world.sharing.updateImage(adminOf(A), { imageId: image.id, name: "renamed" }));
    expect((await okOf(world.sharing.getImage(observerOf(A), { imageId: image.id }))).region).toBe("DFW");
    expect((await okOf(world.sharing.getImage(observerOf(B), { imageId: image.id }))).region).toBe("DFW");
  });

  it("R6: a consumer boots from an accepted share only in the image's region (RegionMismatch otherwise)", async () => {
    const world = makeWorld();
    const image = await acceptedImage(world, B, "DFW");
    const view = await okOf(world.sharing.authorizeBoot(observerOf(B), { imageId: image.id, region: "DFW" }));
    expect(view).toMatchObject({ id: image.id, source: "shared" });
    const error = await errOf(
      world.sharing.authorizeBoot(observerOf(B), { imageId: image.id, region: "IAD" }),
      "RegionMismatch",
    );
    expect(error).toMatchObject({ imageRegion: "DFW", requestedRegion: "IAD" });
  });

  it("R6: the owner too boots only in the image's region", async () => {
    const world = makeWorld();
    const image = await createImage(world, "ORD");
    expect(await okOf(world.sharing.authorizeBoot(observerOf(A), { imageId: image.id, region: "ORD" }))).toMatchObject({
      source: "own",
    });
    await errOf(world.sharing.authorizeBoot(observerOf(A), { imageId: image.id, region: "IAD" }), "RegionMismatch");
  });

  it("R6: image lists take a region selector: one region, or 'global' for all", async () => {
    const world = makeWorld();
    const iad = await acceptedImage(world, B, "IAD");
    const dfw = await acceptedImage(world, B, "DFW");
    const ownOrd = await okOf(world.sharing.createImage(adminOf(B), { name: "own", region: "ORD" }));
    const b = observerOf(B);
    expect(await listedIds(world, b, "IAD")).toEqual([iad.id]);
    expect(await listedIds(world, b, "DFW")).toEqual([dfw.id]);
    expect(await listedIds(world, b, "ORD")).toEqual([ownOrd.id]);
    expect(await listedIds(world, b, "global")).toEqual([ownOrd.id, dfw.id, iad.id]);
    // Omitting the selector means "global".
    const page = await okOf(world.sharing.listImages(b));
    expect(page.items.map((i) => i.id)).toEqual([ownOrd.id, dfw.id, iad.id]);
  });

  it("R6: pending shares take a region selector and are listed only under 'global' or their image's region", async () => {
    const world = makeWorld();
    const iad = await sharedImage(world, B, "IAD");
    const dfw = await sharedImage(world, B, "DFW");
    const pendingIn = async (region?: string) => {
      const page = await okOf(
        world.sharing.listPendingShares(observerOf(B), region === undefined ? undefined : { region }),
      );
      return page.items.map((s) => s.image.id).sort();
    };
    expect(await pendingIn("IAD")).toEqual([iad.id]);
    expect(await pendingIn("DFW")).toEqual([dfw.id]);
    expect(await pendingIn("ORD")).toEqual([]);
    expect(await pendingIn("global")).toEqual([iad.id, dfw.id].sort());
    expect(await pendingIn()).toEqual([iad.id, dfw.id].sort());
  });

  it("R6: regions come from the catalog: a well-formed region outside it is UnknownRegion", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    expect(
      await errOf(world.sharing.createImage(adminOf(A), { name: "x", region: "LON" }), "UnknownRegion"),
    ).toMatchObject({ region: "LON" });
    await errOf(world.sharing.listImages(observerOf(A), { region: "LON" }), "UnknownRegion");
    await errOf(world.sharing.listPendingShares(observerOf(A), { region: "LON" }), "UnknownRegion");
    await errOf(world.sharing.authorizeBoot(observerOf(A), { imageId: image.id, region: "LON" }), "UnknownRegion");
  });
});
