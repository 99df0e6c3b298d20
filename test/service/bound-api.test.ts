import { describe, expect, it } from "vitest";
import { A, adminOf, B, createImage, makeWorld, observerOf, okOf, sharedImage } from "../rules/world.js";

// `sharing.as(principal)`: the same operations with the principal validated (and its host roles
// mapped) once, for hosts that authenticate once per request.

describe("SPEC 4: the bound API (sharing.as)", () => {
  it("SPEC 4: every operation is there, bound, and answers as the unbound one does", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    const bob = world.sharing.as(adminOf(B));
    expect(Object.keys(bob).sort()).toEqual(
      Object.keys(world.sharing)
        .filter((name) => name !== "as")
        .sort(),
    );
    expect(Object.isFrozen(bob)).toBe(true);
    expect(await okOf(bob.getImage({ imageId: image.id }))).toEqual(
      await okOf(world.sharing.getImage(adminOf(B), { imageId: image.id })),
    );
    expect(await okOf(bob.listPendingShares())).toEqual(await okOf(world.sharing.listPendingShares(adminOf(B))));
    await okOf(bob.acceptImage({ imageId: image.id }));
    expect((await okOf(world.sharing.listImages(observerOf(B)))).items.map((i) => i.id)).toEqual([image.id]);
    expect((await okOf(bob.setSharingPolicy({ blockFrom: ["100009"] }))).blockFrom).toEqual(["100009"]);
  });

  it("SPEC 3/4: the principal is copied when bound: changing the object later changes nothing", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const principal = { userId: "u", accountId: A, roles: ["cloudImages:observer"] };
    const bound = world.sharing.as(principal);
    principal.roles.push("admin");
    principal.accountId = B;
    expect((await bound.deleteImage({ imageId: image.id }))._unsafeUnwrapErr()).toMatchObject({
      type: "Forbidden",
      reason: "role",
    });
    await okOf(bound.getImage({ imageId: image.id }));
  });

  it("SPEC 3: the roleMap applies to a bound principal too", async () => {
    const world = makeWorld({ roleMap: { "acme:image-admin": "admin" } });
    const image = await createImage(world);
    await okOf(
      world.sharing.as({ userId: "u", accountId: A, roles: ["acme:image-admin"] }).deleteImage({ imageId: image.id }),
    );
  });

  it("SPEC 4: bound inputs are validated at every call", async () => {
    const world = makeWorld();
    const error = (await world.sharing.as(adminOf(A)).getImage({ imageId: "" }))._unsafeUnwrapErr();
    expect(error).toMatchObject({ type: "ValidationError", issues: [{ path: ["imageId"] }] });
  });
});
