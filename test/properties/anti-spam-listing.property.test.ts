import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyAccountArb, GLOBAL_SELECTOR, rolesAtLeastArb, selectorArb, userIdArb, worldSpecArb } from "./generators.js";
import type { Model, ModelImage } from "./model.js";
import { buildWorld, listAllImages, newestFirst, okOf } from "./world.js";

// R2, R3, R6 and SPEC section 4 (order, paging): an account's image list is its own images plus
// the shares it accepted, nothing else, each once, newest first, whatever the page size.

const inRegion = (image: ModelImage, selector: string): boolean => selector === GLOBAL_SELECTOR || image.region === selector;

/** What the model says `accountId` lists under `selector`: own images and accepted shares, newest first. */
function expectedList(model: Model, accountId: string, selector: string): { id: string; source: "own" | "shared" }[] {
  return [...model.images.values()]
    .filter((image) => inRegion(image, selector))
    .flatMap((image): { image: ModelImage; source: "own" | "shared" }[] => {
      if (image.ownerAccountId === accountId) return [{ image, source: "own" }];
      return model.members.get(image.id)?.get(accountId) === "accepted" ? [{ image, source: "shared" }] : [];
    })
    .sort((a, b) => newestFirst(a.image, b.image))
    .map(({ image, source }) => ({ id: image.id, source }));
}

/** The pending shares the model says `accountId` is notified of under `selector`, newest first. */
function expectedPending(model: Model, accountId: string, selector: string): string[] {
  return [...model.images.values()]
    .filter((image) => inRegion(image, selector) && model.members.get(image.id)?.get(accountId) === "pending")
    .sort(newestFirst)
    .map((image) => image.id);
}

const readerArb = fc.record({ userId: userIdArb, accountId: anyAccountArb, roles: rolesAtLeastArb(1) });

describe("anti-spam listing", () => {
  it("R2, R6: listImages over all pages is exactly own + accepted shared images in the region, each once, newest first (ties by id desc), tagged own/shared", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), readerArb, selectorArb, fc.integer({ min: 1, max: 4 }), async (spec, reader, selector, limit) => {
        const world = await buildWorld(spec);
        const listed = await listAllImages(world.sharing, reader, selector, limit);
        expect(listed.map(({ id, source }) => ({ id, source }))).toEqual(expectedList(world.model, reader.accountId, selector));
        // Each item is the producer's current image itself (no copy, R7).
        for (const item of listed) {
          const image = world.model.images.get(item.id);
          expect(item).toMatchObject({
            ownerAccountId: image?.ownerAccountId,
            name: image?.name,
            region: image?.region,
            sizeBytes: image?.sizeBytes,
            createdAt: image?.createdAt,
          });
        }
      }),
    );
  });

  it("R2: pending and rejected shares never appear in the image list, in any region", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), readerArb, selectorArb, async (spec, reader, selector) => {
        const world = await buildWorld(spec);
        const listed = new Set((await listAllImages(world.sharing, reader, selector, 1000)).map((image) => image.id));
        for (const [imageId, members] of world.model.members) {
          const status = members.get(reader.accountId);
          if (status === "pending" || status === "rejected") expect(listed.has(imageId), `${status} share ${imageId} listed`).toBe(false);
        }
      }),
    );
  });

  it("R3, R6: listPendingShares holds exactly the account's pending shares in the region, newest first, as { image, member }", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), readerArb, selectorArb, async (spec, reader, selector) => {
        const world = await buildWorld(spec);
        const pending = await okOf(world.sharing.listPendingShares(reader, { region: selector }));
        expect(pending.map((share) => share.image.id)).toEqual(expectedPending(world.model, reader.accountId, selector));
        for (const { image, member } of pending) {
          expect(member).toMatchObject({ imageId: image.id, consumerAccountId: reader.accountId, status: "pending" });
          expect(image.name).toBe(world.model.images.get(image.id)?.name);
        }
      }),
    );
  });
});
