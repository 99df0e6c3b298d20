import { describe, expect, it } from "vitest";
import { A, acceptedImage, adminOf, B, createImage, makeWorld, observerOf, okOf, sharedImage } from "../rules/world.js";

describe("SPEC 4: inputs whose fields are all optional may be omitted", () => {
  it("SPEC 4: listImages, listPendingShares, getStorageUsage and listEvents work without an input", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    expect((await okOf(world.sharing.listImages(observerOf(A)))).items.map((i) => i.id)).toEqual([image.id]);
    expect((await okOf(world.sharing.listPendingShares(observerOf(B)))).items.map((p) => p.image.id)).toEqual([
      image.id,
    ]);
    expect(await okOf(world.sharing.getSharingPolicy(observerOf(B)))).toEqual({
      accountId: B,
      autoAcceptFrom: [],
      blockFrom: [],
      updatedAt: null,
    });
    expect(await okOf(world.sharing.getStorageUsage(observerOf(A)))).toEqual({ accountId: A, imageCount: 1, bytes: 0 });
    expect((await okOf(world.sharing.listEvents(observerOf(A)))).items).toHaveLength(2);
  });

  it("SPEC 4: an empty object means the same as an omitted input", async () => {
    const world = makeWorld();
    await sharedImage(world);
    expect(await okOf(world.sharing.listImages(observerOf(A), {}))).toEqual(
      await okOf(world.sharing.listImages(observerOf(A))),
    );
    expect(await okOf(world.sharing.listPendingShares(observerOf(B), {}))).toEqual(
      await okOf(world.sharing.listPendingShares(observerOf(B))),
    );
    expect(await okOf(world.sharing.listEvents(observerOf(A), {}))).toEqual(
      await okOf(world.sharing.listEvents(observerOf(A))),
    );
  });

  it("SPEC 4: sizeBytes defaults to 0", async () => {
    const world = makeWorld();
    expect((await createImage(world)).sizeBytes).toBe(0);
  });
});

describe("DESIGN: values out, never references", () => {
  it("mutating every returned object changes nothing the library holds", async () => {
    const world = makeWorld();
    const image = await acceptedImage(world);
    const pendingImage = await sharedImage(world);
    const results: unknown[] = [
      await okOf(world.sharing.getImage(observerOf(B), { imageId: image.id })),
      await okOf(world.sharing.getImage(observerOf(A), { imageId: image.id })),
      await okOf(world.sharing.listImages(observerOf(B))),
      await okOf(world.sharing.listMembers(observerOf(A), { imageId: image.id })),
      await okOf(world.sharing.listMembers(observerOf(B), { imageId: image.id })),
      await okOf(world.sharing.listPendingShares(observerOf(B))),
      await okOf(world.sharing.authorizeBoot(observerOf(B), { imageId: image.id, region: "IAD" })),
      await okOf(world.sharing.getStorageUsage(observerOf(A))),
      await okOf(world.sharing.listEvents(observerOf(A))),
      await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id })),
      await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: ["100003"], blockFrom: ["100009"] })),
      await okOf(world.sharing.getSharingPolicy(observerOf(B))),
      await okOf(world.sharing.listEvents(observerOf(B))),
    ];
    const snapshot = JSON.stringify(await readEverything());
    for (const value of results) scribble(value);
    expect(JSON.stringify(await readEverything())).toBe(snapshot);

    async function readEverything() {
      return [
        await okOf(world.sharing.getImage(observerOf(A), { imageId: image.id })),
        await okOf(world.sharing.listImages(observerOf(B))),
        await okOf(world.sharing.listMembers(observerOf(A), { imageId: image.id })),
        await okOf(world.sharing.listPendingShares(observerOf(B))),
        await okOf(world.sharing.getStorageUsage(observerOf(A))),
        await okOf(world.sharing.listEvents(observerOf(A))),
        await okOf(world.sharing.listEvents(observerOf(B))),
        await okOf(world.sharing.getSharingPolicy(observerOf(B))),
        pendingImage.id,
      ];
    }
  });
});

/** Overwrites every writable string and number field, recursively; frozen objects are skipped. */
function scribble(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) scribble(item);
    value.length = 0;
    return;
  }
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === "string") record[key] = "scribbled";
    else if (typeof field === "number") record[key] = -1;
    else scribble(field);
  }
}
