import type { ImageSharing } from "cloud-image-sharing";
import { imageNameArb, principalArb, rolesArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listAllImages, listAllPending } from "../support/lists.js";
import { ALL_ACCOUNTS } from "../support/ops.js";
import { adminOf, observerOf } from "../support/principals.js";
import { errOf, okOf } from "../support/results.js";
import { buildWorld, statusesOf, worldSpecArb } from "../support/scenario.js";
import type { World } from "../support/world.js";

// R7, R13 (and R18: expired shares are no access): a share is the producer's image itself, never a copy. Consumers pay nothing for it,
// see every change at once, and lose it the moment the producer removes them or the image.

/** Count and bytes of the images the model says `accountId` owns. */
function ownUsage(world: World, accountId: string): { accountId: string; imageCount: number; bytes: number } {
  const own = [...world.model.state.images.values()].filter((image) => image.ownerAccountId === accountId);
  return { accountId, imageCount: own.length, bytes: own.reduce((sum, image) => sum + image.sizeBytes, 0) };
}

/** Storage usage of every account (the stranger included), as the service reports it. */
async function usageOfAll(sharing: ImageSharing): Promise<Map<string, unknown>> {
  const all = new Map<string, unknown>();
  for (const account of ALL_ACCOUNTS) all.set(account, await okOf(sharing.getStorageUsage(observerOf(account))));
  return all;
}

/** Whether `accountId` can still reach the image at all: get, list, boot, pending notifications. */
async function reach(sharing: ImageSharing, accountId: string, imageId: string, region: string): Promise<string[]> {
  const reader = observerOf(accountId);
  const found: string[] = [];
  if ((await sharing.getImage(reader, { imageId })).isOk()) found.push("getImage");
  if ((await sharing.listMembers(reader, { imageId })).isOk()) found.push("listMembers");
  if ((await sharing.authorizeBoot(reader, { imageId, region })).isOk()) found.push("authorizeBoot");
  if ((await listAllImages(sharing, reader, "global", 1000)).some((image) => image.id === imageId))
    found.push("listImages");
  if ((await listAllPending(sharing, reader)).some((share) => share.image.id === imageId))
    found.push("listPendingShares");
  return found;
}

describe("a share is never a copy", () => {
  it("R7: storage usage is the count and byte sum of the account's own images only, whatever is shared or accepted", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldSpecArb(),
        fc
          .constantFrom(...ALL_ACCOUNTS)
          .chain((accountId) => principalArb({ accountId, roles: rolesArb().map((roles) => [...roles, "observer"]) })),
        async (spec, reader) => {
          const world = await buildWorld(spec);
          expect(await okOf(world.service.getStorageUsage(reader))).toEqual(ownUsage(world, reader.accountId));
        },
      ),
    );
  });

  it("R7: a rename by the producer is seen at once by every member account, whatever its status, and costs no one storage", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), fc.nat(15), imageNameArb(), async (spec, pick, newName) => {
        const world = await buildWorld(spec);
        const images = [...world.model.state.images.values()];
        const image = images[pick % Math.max(images.length, 1)];
        if (image === undefined) return;
        const name = `${newName} (renamed)`;
        const usageBefore = await usageOfAll(world.service);
        await okOf(
          world.service.updateImage(
            { userId: "editor", accountId: image.ownerAccountId, roles: ["cloudImages:creator"] },
            { name, imageId: image.id },
          ),
        );
        for (const [consumer, status] of statusesOf(world, image.id)) {
          expect((await okOf(world.service.getImage(observerOf(consumer), { imageId: image.id }))).name).toBe(name);
          if (status === "accepted") {
            const listed = (await listAllImages(world.service, observerOf(consumer), image.region, 1000)).find(
              (i) => i.id === image.id,
            );
            expect(listed?.name).toBe(name);
          }
          if (status === "pending") {
            const pending = (await listAllPending(world.service, observerOf(consumer))).find(
              (share) => share.image.id === image.id,
            );
            expect(pending?.image.name).toBe(name);
          }
        }
        expect(await usageOfAll(world.service)).toEqual(usageBefore);
      }),
    );
  });

  it("R7: unsharing removes every kind of access of that consumer at once, and no other's", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), fc.nat(15), async (spec, pick) => {
        const world = await buildWorld(spec);
        const shared = [...world.model.state.members.keys()]
          .map((imageId) => [imageId, statusesOf(world, imageId)] as const)
          .filter(([imageId, members]) => members.size > 0 && world.model.state.images.has(imageId));
        const chosen = shared[pick % Math.max(shared.length, 1)];
        if (chosen === undefined) return;
        const [imageId, members] = chosen;
        const image = world.model.state.images.get(imageId);
        const consumers = [...members.keys()];
        const removed = consumers[pick % consumers.length] ?? "";
        const region = image?.region ?? "";
        const others = new Map<string, string[]>();
        for (const other of consumers.filter((c) => c !== removed))
          others.set(other, await reach(world.service, other, imageId, region));
        await okOf(
          world.service.unshareImage(adminOf(image?.ownerAccountId ?? ""), { imageId, consumerAccountId: removed }),
        );
        expect(await reach(world.service, removed, imageId, region)).toEqual([]);
        expect((await errOf(world.service.getImage(observerOf(removed), { imageId }))).type).toBe("ImageNotFound");
        for (const [other, before] of others)
          expect(await reach(world.service, other, imageId, region)).toEqual(before);
      }),
    );
  });

  it("R13, R7: deleting an image removes it for every member at once; the owner's usage drops by its size, no one else's changes", async () => {
    await fc.assert(
      fc.asyncProperty(worldSpecArb(), fc.nat(15), async (spec, pick) => {
        const world = await buildWorld(spec);
        const images = [...world.model.state.images.values()];
        const image = images[pick % Math.max(images.length, 1)];
        if (image === undefined) return;
        const usageBefore = await usageOfAll(world.service);
        await okOf(world.service.deleteImage(adminOf(image.ownerAccountId), { imageId: image.id }));
        for (const account of [image.ownerAccountId, ...statusesOf(world, image.id).keys()]) {
          expect(await reach(world.service, account, image.id, image.region), account).toEqual([]);
        }
        world.model.state.images.delete(image.id);
        world.model.state.members.delete(image.id);
        const usageAfter = await usageOfAll(world.service);
        for (const account of ALL_ACCOUNTS) {
          expect(usageAfter.get(account)).toEqual(
            account === image.ownerAccountId ? ownUsage(world, account) : usageBefore.get(account),
          );
        }
      }),
    );
  });
});
