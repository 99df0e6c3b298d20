import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
import { ok } from "neverthrow";
import { describe, expect, it } from "vitest";
import { bound, settle } from "./stores.js";
import {
  A,
  adminOf,
  B,
  C,
  counterIds,
  createImage,
  creatorOf,
  errOf,
  makeWorld,
  observerOf,
  okOf,
  sharedImage,
  tickingClock,
  UNKNOWN_ACCOUNT,
  user,
} from "./world.js";

// SPEC section 5: ValidationError > UnknownRegion > ImageNotFound > Forbidden > SelfShare >
// AccountNotFound > AlreadyShared / ReshareRequired / MemberNotFound > MemberQuotaExceeded >
// RegionMismatch. Each test builds one call where both errors of an adjacent pair apply.

describe("SPEC 5: error precedence, adjacent pairs", () => {
  it("ValidationError before UnknownRegion: an invalid name in an unknown region", async () => {
    const world = makeWorld();
    await errOf(world.sharing.createImage(adminOf(A), { name: "", region: "LON" }), "ValidationError");
    // And a bad principal with an unknown region selector.
    await errOf(world.sharing.listImages(user(A, "x" as never), { region: "LON" }), "ValidationError");
  });

  it("UnknownRegion before ImageNotFound: booting a missing image in an unknown region", async () => {
    const world = makeWorld();
    await errOf(world.sharing.authorizeBoot(adminOf(A), { imageId: "id-9999", region: "LON" }), "UnknownRegion");
  });

  it("UnknownRegion before Forbidden: a principal without roles lists an unknown region", async () => {
    const world = makeWorld();
    await errOf(world.sharing.listImages(user(A, []), { region: "LON" }), "UnknownRegion");
    await errOf(world.sharing.listPendingShares(user(A, []), { region: "LON" }), "UnknownRegion");
    await errOf(world.sharing.createImage(user(A, []), { name: "x", region: "LON" }), "UnknownRegion");
  });

  it("ImageNotFound before Forbidden: an observer of another account deletes an image it cannot see", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await errOf(world.sharing.deleteImage(observerOf(C), { imageId: image.id }), "ImageNotFound");
    await errOf(world.sharing.deleteImage(observerOf(A), { imageId: "id-9999" }), "ImageNotFound");
  });

  it("Forbidden before SelfShare: an observer shares its account's image with its own account", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await errOf(world.sharing.shareImage(observerOf(A), { imageId: image.id, consumerAccountId: A }), "Forbidden");
    // A member account sharing the image back with the owner is an owner's action: Forbidden.
    const shared = await sharedImage(world, B);
    await errOf(world.sharing.shareImage(adminOf(B), { imageId: shared.id, consumerAccountId: A }), "Forbidden");
  });

  it("SelfShare before AccountNotFound: sharing with the owner account when the directory does not list it", async () => {
    const world = makeWorld({}, [B]);
    const image = await createImage(world);
    await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: A }), "SelfShare");
  });

  it("AccountNotFound before AlreadyShared: a member whose account has left the directory", async () => {
    const base = createInMemoryStore({ accounts: [{ id: B }] });
    const sharing = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
    const image = await okOf(sharing.createImage(adminOf(A), { name: "x", region: "IAD" }));
    await okOf(sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    // The host's directory forgets B (the in-memory directory only grows, so wrap it).
    const forgetful = createImageSharing({
      store: {
        ...bound(base),
        readImageFacts: async (query) => {
          const facts = (await settle(base.readImageFacts(query)))._unsafeUnwrap();
          return ok(
            facts.consumer === undefined ? facts : { ...facts, consumer: { ...facts.consumer, exists: false } },
          );
        },
      },
      regions: ["IAD"],
      clock: tickingClock(),
      newId: counterIds("later"),
    });
    await errOf(forgetful.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "AccountNotFound");
  });

  it("AccountNotFound before AlreadyShared: a member whose account now blocks the producer (R17)", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [A] }));
    expect(
      await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "AccountNotFound"),
    ).toMatchObject({
      accountId: B,
    });
  });

  it("AlreadyShared before MemberQuotaExceeded: sharing again with the only member of a full image", async () => {
    const world = makeWorld({ memberQuota: 1 });
    const image = await sharedImage(world, B);
    expect(
      await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "AlreadyShared"),
    ).toMatchObject({
      status: "pending",
    });
  });

  it("MemberNotFound and ReshareRequired never meet MemberQuotaExceeded: accept and unshare ignore the quota", async () => {
    const world = makeWorld({ memberQuota: 1 });
    const image = await sharedImage(world, B);
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    await errOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }), "ReshareRequired");
    await errOf(
      world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: UNKNOWN_ACCOUNT }),
      "MemberNotFound",
    );
  });

  // MemberQuotaExceeded > RegionMismatch: no method can meet both (the quota is checked by
  // shareImage only, the boot region by authorizeBoot only), so no call can test the pair.
  // The orders of RegionMismatch against what precedes it on authorizeBoot are tested below.
  it("Forbidden before RegionMismatch: booting a pending share in the wrong region", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B, "IAD");
    await errOf(world.sharing.authorizeBoot(adminOf(B), { imageId: image.id, region: "DFW" }), "Forbidden");
    await errOf(world.sharing.authorizeBoot(user(A, []), { imageId: image.id, region: "DFW" }), "Forbidden");
  });

  it("ImageNotFound before RegionMismatch: booting an invisible image in the wrong region", async () => {
    const world = makeWorld();
    const image = await createImage(world, "IAD");
    await errOf(world.sharing.authorizeBoot(adminOf(C), { imageId: image.id, region: "DFW" }), "ImageNotFound");
  });
});

describe("SPEC 5: errors further apart in the order", () => {
  it("Forbidden before MemberNotFound: a creator unshares a consumer that is no member", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await errOf(world.sharing.unshareImage(creatorOf(A), { imageId: image.id, consumerAccountId: B }), "Forbidden");
  });

  it("Forbidden before MemberNotFound: an observer of the owner account accepts its own image", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await errOf(world.sharing.acceptImage(observerOf(A), { imageId: image.id }), "Forbidden");
  });

  it("Forbidden before ReshareRequired: an observer of the consumer accepts a rejected share", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    await errOf(world.sharing.acceptImage(observerOf(B), { imageId: image.id }), "Forbidden");
  });

  it("SelfShare before AlreadyShared and MemberQuotaExceeded; AccountNotFound before MemberQuotaExceeded", async () => {
    const world = makeWorld({ memberQuota: 0 });
    const image = await createImage(world);
    await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: A }), "SelfShare");
    await errOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: UNKNOWN_ACCOUNT }),
      "AccountNotFound",
    );
  });
});
