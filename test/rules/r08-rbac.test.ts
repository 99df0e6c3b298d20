import type { SharingError } from "cloud-image-sharing";
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  A,
  adminOf,
  B,
  createImage,
  creatorOf,
  errOf,
  makeWorld,
  observerOf,
  okOf,
  sharedImage,
  user,
} from "./world.js";

// The full role × action matrix is in roles.test.ts; this file proves each sentence of R8.
describe("R8: RBAC", () => {
  it("R8: sharing needs at least cloudImages:creator in the producer account", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const denied = await errOf(
      world.sharing.shareImage(observerOf(A), { imageId: image.id, consumerAccountId: B }),
      "Forbidden",
    );
    expect(denied).toMatchObject({ requiredRole: "cloudImages:creator" });
    await okOf(world.sharing.shareImage(creatorOf(A), { imageId: image.id, consumerAccountId: B }));
  });

  it("R8: unsharing needs cloudImages:admin in the producer account; the creator role is not enough", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    const denied = await errOf(
      world.sharing.unshareImage(creatorOf(A), { imageId: image.id, consumerAccountId: B }),
      "Forbidden",
    );
    expect(denied).toMatchObject({ requiredRole: "cloudImages:admin" });
    await okOf(world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
  });

  it("R8: accepting and rejecting need at least cloudImages:admin in the consumer account", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    for (const weak of [observerOf(B), creatorOf(B)]) {
      expect(await errOf(world.sharing.acceptImage(weak, { imageId: image.id }), "Forbidden")).toMatchObject({
        requiredRole: "cloudImages:admin",
      });
      expect(await errOf(world.sharing.rejectImage(weak, { imageId: image.id }), "Forbidden")).toMatchObject({
        requiredRole: "cloudImages:admin",
      });
    }
    expect((await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }))).status).toBe("accepted");
  });

  it("R8: the admin role of the producer account does not let it accept for the consumer", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    await errOf(world.sharing.acceptImage(adminOf(A), { imageId: image.id }), "MemberNotFound");
  });

  it("R8: every read needs at least cloudImages:observer", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    const nobody = user(A, []);
    const reads: ResultAsync<unknown, SharingError>[] = [
      world.sharing.getImage(nobody, { imageId: image.id }),
      world.sharing.listImages(nobody),
      world.sharing.listMembers(nobody, { imageId: image.id }),
      world.sharing.listPendingShares(nobody),
      world.sharing.authorizeBoot(nobody, { imageId: image.id, region: "IAD" }),
      world.sharing.getStorageUsage(nobody),
      world.sharing.listEvents(nobody),
    ];
    for (const read of reads)
      expect(await errOf(read, "Forbidden")).toMatchObject({ requiredRole: "cloudImages:observer" });
    const observer = observerOf(A);
    await okOf(world.sharing.getImage(observer, { imageId: image.id }));
    await okOf(world.sharing.listImages(observer));
    await okOf(world.sharing.listMembers(observer, { imageId: image.id }));
    await okOf(world.sharing.listPendingShares(observer));
    await okOf(world.sharing.authorizeBoot(observer, { imageId: image.id, region: "IAD" }));
    await okOf(world.sharing.getStorageUsage(observer));
    await okOf(world.sharing.listEvents(observer));
  });

  it("R8: creating and updating images need cloudImages:creator, deleting needs cloudImages:admin", async () => {
    const world = makeWorld();
    expect(
      await errOf(world.sharing.createImage(observerOf(A), { name: "x", region: "IAD" }), "Forbidden"),
    ).toMatchObject({
      requiredRole: "cloudImages:creator",
    });
    const image = await createImage(world, "IAD", "x", creatorOf(A));
    await errOf(world.sharing.updateImage(observerOf(A), { imageId: image.id, name: "y" }), "Forbidden");
    await okOf(world.sharing.updateImage(creatorOf(A), { imageId: image.id, name: "y" }));
    expect(await errOf(world.sharing.deleteImage(creatorOf(A), { imageId: image.id }), "Forbidden")).toMatchObject({
      requiredRole: "cloudImages:admin",
    });
    await okOf(world.sharing.deleteImage(adminOf(A), { imageId: image.id }));
  });
});
