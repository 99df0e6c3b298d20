import { principalArb, rolesArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listAllImages, listAllPending } from "../support/lists.js";
import { ALL_ACCOUNTS, REGIONS } from "../support/ops.js";
import { isExpired, type ModelImage, newestFirst } from "../support/oracle/state.js";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";
import { buildWorld, worldSpecArb } from "../support/scenario.js";
import { createWorld, nowOf, type World } from "../support/world.js";

// R2, R3, R6, R18 and SPEC section 4 (order, paging): an account's image list is its own images
// plus the unexpired shares it accepted, nothing else, each once, newest first, whatever the page
// size; its pending shares are its unexpired pending members, newest share first.

const inRegion = (image: ModelImage, selector: string): boolean => selector === "global" || image.region === selector;
const selectorArb = fc.constantFrom("global", ...REGIONS);
/** A reader: any user of a world account, at least observer (plus any noise roles). */
const readerArb = fc
  .constantFrom(...ALL_ACCOUNTS)
  .chain((accountId) =>
    principalArb({ accountId, roles: rolesArb().map((roles) => [...roles, "cloudImages:observer"]) }),
  );

/** What `accountId` must list under `selector`: own images and accepted, unexpired shares, newest first. */
function expectedList(world: World, accountId: string, selector: string): { id: string; source: "own" | "shared" }[] {
  const { images, members } = world.model.state;
  const now = nowOf(world);
  return [...images.values()]
    .filter((image) => inRegion(image, selector))
    .flatMap((image): { image: ModelImage; source: "own" | "shared" }[] => {
      if (image.ownerAccountId === accountId) return [{ image, source: "own" }];
      const member = members.get(image.id)?.get(accountId);
      return member?.status === "accepted" && !isExpired(member, now) ? [{ image, source: "shared" }] : [];
    })
    .sort((a, b) => newestFirst(a.image, b.image))
    .map(({ image, source }) => ({ id: image.id, source }));
}

/** The pending shares `accountId` must be notified of under `selector`: newest share (member createdAt) first, ties by image id. */
function expectedPending(world: World, accountId: string, selector: string): string[] {
  const { images, members } = world.model.state;
  const now = nowOf(world);
  return [...images.values()]
    .flatMap((image) => {
      const member = members.get(image.id)?.get(accountId);
      return member?.status === "pending" && !isExpired(member, now) && inRegion(image, selector)
        ? [{ createdAt: member.createdAt, id: image.id }]
        : [];
    })
    .sort(newestFirst)
    .map((key) => key.id);
}

describe("anti-spam listing", () => {
  it("R2, R6, R18: listImages over all pages is exactly own + accepted unexpired shared images in the region, each once, newest first (ties by id desc), tagged own/shared", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        readerArb,
        selectorArb,
        fc.integer({ min: 1, max: 4 }),
        async (spec, reader, selector, limit) => {
          const world = await buildWorld(spec);
          const listed = await listAllImages(world.service, reader, selector, limit);
          expect(listed.map(({ id, source }) => ({ id, source }))).toEqual(
            expectedList(world, reader.accountId, selector),
          );
          // Each item is the producer's current image itself (no copy, R7).
          for (const item of listed) {
            const image = world.model.state.images.get(item.id);
            expect(item).toMatchObject({
              ownerAccountId: image?.ownerAccountId,
              name: image?.name,
              region: image?.region,
              sizeBytes: image?.sizeBytes,
              createdAt: image?.createdAt,
            });
          }
        },
      ),
    );
  });

  it("R2: pending and rejected shares never appear in the image list, in any region", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), readerArb, selectorArb, async (spec, reader, selector) => {
        const world = await buildWorld(spec);
        const listed = new Set((await listAllImages(world.service, reader, selector)).map((image) => image.id));
        for (const [imageId, members] of world.model.state.members) {
          const status = members.get(reader.accountId)?.status;
          if (status === "pending" || status === "rejected")
            expect(listed.has(imageId), `${status} share ${imageId} listed`).toBe(false);
        }
      }),
    );
  });

  it("R3, R6, R18: listPendingShares over all pages holds exactly the account's unexpired pending shares in the region, newest share first, as { image, member }", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        readerArb,
        selectorArb,
        fc.integer({ min: 1, max: 3 }),
        async (spec, reader, selector, limit) => {
          const world = await buildWorld(spec);
          const pending = await listAllPending(world.service, reader, selector, limit);
          expect(pending.map((share) => share.image.id)).toEqual(expectedPending(world, reader.accountId, selector));
          for (const { image, member } of pending) {
            expect(member).toMatchObject({ imageId: image.id, consumerAccountId: reader.accountId, status: "pending" });
            expect(member.expired ?? false).toBe(false);
            expect(image.name).toBe(world.model.state.images.get(image.id)?.name);
          }
        },
      ),
    );
  });

  it("R3: pending shares are ordered by the share's time, not the image's: images created in one order and shared in another list newest share first", async () => {
    const orderArb = fc
      .integer({ min: 2, max: 4 })
      .chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }));
    await fc.assert(
      fc.asyncProperty(orderArb, fc.integer({ min: 1, max: 2 }), async (shareOrder, limit) => {
        const world = await createWorld();
        const producer = adminOf("100001");
        const images: string[] = [];
        for (const _ of shareOrder) {
          world.env.nowMs += 1000;
          images.push((await okOf(world.service.createImage(producer, { name: "golden", region: "IAD" }))).id);
        }
        for (const index of shareOrder) {
          world.env.nowMs += 1000;
          await okOf(
            world.service.shareImage(producer, { imageId: images[index] as string, consumerAccountId: "100002" }),
          );
        }
        const pending = await listAllPending(world.service, adminOf("100002"), "global", limit);
        expect(pending.map((share) => share.image.id)).toEqual([...shareOrder].reverse().map((index) => images[index]));
      }),
    );
  });
});
