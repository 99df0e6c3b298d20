import type { ImageSharing, Principal, SharingError } from "cloud-image-sharing";
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { A, adminOf, B, C, createImage, errOf, makeWorld, okOf, sharedImage } from "./world.js";

// Every image-scoped method, called on `imageId` as `principal` with the strongest role.
const imageScoped: Record<
  string,
  (s: ImageSharing, p: Principal, imageId: string) => ResultAsync<unknown, SharingError>
> = {
  getImage: (s, p, imageId) => s.getImage(p, { imageId }),
  updateImage: (s, p, imageId) => s.updateImage(p, { imageId, name: "probe" }),
  deleteImage: (s, p, imageId) => s.deleteImage(p, { imageId }),
  shareImage: (s, p, imageId) => s.shareImage(p, { imageId, consumerAccountId: B }),
  unshareImage: (s, p, imageId) => s.unshareImage(p, { imageId, consumerAccountId: B }),
  listMembers: (s, p, imageId) => s.listMembers(p, { imageId }),
  acceptImage: (s, p, imageId) => s.acceptImage(p, { imageId }),
  rejectImage: (s, p, imageId) => s.rejectImage(p, { imageId }),
  authorizeBoot: (s, p, imageId) => s.authorizeBoot(p, { imageId, region: "IAD" }),
};

/** The error with the image id replaced, so two errors about different ids compare whole. */
function withoutImageId(error: SharingError, imageId: string): unknown {
  return JSON.parse(JSON.stringify(error).replaceAll(imageId, "<image>"));
}

describe("R9: no existence oracle", () => {
  for (const [method, call] of Object.entries(imageScoped)) {
    it(`R9: ${method} on an image the account may not see answers exactly like a missing image`, async () => {
      const world = makeWorld();
      // Shared with B, so that C is the only stranger; a sibling image to make ids comparable.
      const hidden = await sharedImage(world, B);
      const missing = "id-9999";
      const stranger = adminOf(C);
      const invisible = await errOf(call(world.sharing, stranger, hidden.id), "ImageNotFound");
      const absent = await errOf(call(world.sharing, stranger, missing), "ImageNotFound");
      expect(withoutImageId(invisible, hidden.id)).toEqual(withoutImageId(absent, missing));
      expect(invisible).toMatchObject({ imageId: hidden.id });
      // The stranger changed nothing.
      expect((await okOf(world.sharing.getImage(adminOf(A), { imageId: hidden.id }))).name).toBe("golden");
      expect(await okOf(world.sharing.listMembers(adminOf(A), { imageId: hidden.id }))).toHaveLength(1);
    });
  }

  it("R9: even without any role, an invisible image is ImageNotFound, not Forbidden", async () => {
    const world = makeWorld();
    const hidden = await createImage(world);
    const roleless: Principal = { userId: "nobody", accountId: C, roles: [] };
    for (const call of Object.values(imageScoped)) {
      const invisible = await errOf(call(world.sharing, roleless, hidden.id), "ImageNotFound");
      const absent = await errOf(call(world.sharing, roleless, "id-9999"), "ImageNotFound");
      expect(withoutImageId(invisible, hidden.id)).toEqual(withoutImageId(absent, "id-9999"));
    }
  });

  it("R9: Forbidden is only for visible images: a member account trying an owner's action", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    const member = adminOf(B);
    await errOf(world.sharing.updateImage(member, { imageId: image.id, name: "mine now" }), "Forbidden");
    await errOf(world.sharing.deleteImage(member, { imageId: image.id }), "Forbidden");
    await errOf(world.sharing.shareImage(member, { imageId: image.id, consumerAccountId: C }), "Forbidden");
    await errOf(world.sharing.unshareImage(member, { imageId: image.id, consumerAccountId: B }), "Forbidden");
  });

  it("R9: a member account sees the image whatever its status, so it gets Forbidden, not ImageNotFound", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    expect((await okOf(world.sharing.getImage(adminOf(B), { imageId: image.id }))).source).toBe("shared");
    await errOf(world.sharing.deleteImage(adminOf(B), { imageId: image.id }), "Forbidden");
    await errOf(world.sharing.authorizeBoot(adminOf(B), { imageId: image.id, region: "IAD" }), "Forbidden");
  });
});
