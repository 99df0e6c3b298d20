import { createImageSharing, ERROR_TYPES, type SharingError } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { A, adminOf, B, counterIds, createImage, errOf, makeWorld, okOf, tickingClock } from "../rules/world.js";

// SPEC 4: every error has a human `message` besides its structured details. A host logs it or
// shows it, so it must say what went wrong, not be empty.

describe("SPEC 4: errors carry a message a person can act on", () => {
  it("each refusal's message names its reason", async () => {
    const world = makeWorld();
    const { sharing } = world;
    const image = await createImage(world);
    await okOf(sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));

    const seen: SharingError[] = [
      // A member account trying an owner's action.
      await errOf(sharing.deleteImage(adminOf(B), { imageId: image.id })),
      // Booting from a share that is still pending.
      await errOf(sharing.authorizeBoot(adminOf(B), { imageId: image.id, region: "IAD" })),
      // An argument that cannot be read.
      await errOf(
        sharing.getImage(
          adminOf(A),
          new Proxy(
            {},
            {
              ownKeys: () => {
                throw new Error("hostile");
              },
            },
          ) as never,
        ),
      ),
      // A principal whose only role is a typo of a known one.
      await errOf(sharing.getImage({ userId: "u", accountId: A, roles: ["cloudimages:admin"] }, { imageId: image.id })),
      // A weaker known role.
      await errOf(
        sharing.deleteImage({ userId: "u", accountId: A, roles: ["cloudImages:creator"] }, { imageId: image.id }),
      ),
    ];
    expect(seen.map((e) => e.type)).toEqual(["Forbidden", "Forbidden", "ValidationError", "Forbidden", "Forbidden"]);
    expect(seen[0]?.message).toBe(`only the account that owns image ${image.id} may do this`);
    expect(seen[1]?.message).toMatch(/pending.*accept it/);
    expect(seen[2]?.message).toMatch(/could not be read/);
    expect(seen[3]?.message).toMatch(
      /none of your roles is one this service knows \(check its spelling, or the service's roleMap\)/,
    );
    expect(seen[4]?.message).toBe("this action needs at least the cloudImages:admin role in your account");
    for (const error of seen) expect(ERROR_TYPES).toContain(error.type);
  });

  it("R15: a misbehaving clock or id generator is a StorageFailure that says which one", async () => {
    const badClock = createImageSharing({ clock: () => new Date(Number.NaN), newId: counterIds() });
    expect(await errOf(badClock.createImage(adminOf(A), { name: "x", region: "IAD" }))).toMatchObject({
      type: "StorageFailure",
      message: expect.stringMatching(/clock\(\) did not return a valid Date/),
    });
    const notADate = createImageSharing({ clock: (() => "2026-01-01") as never, newId: counterIds() });
    expect((await errOf(notADate.createImage(adminOf(A), { name: "x", region: "IAD" }))).message).toMatch(/clock\(\)/);
    const badIds = createImageSharing({ clock: tickingClock(), newId: () => "has space" });
    expect(await errOf(badIds.createImage(adminOf(A), { name: "x", region: "IAD" }))).toMatchObject({
      type: "StorageFailure",
      message: expect.stringMatching(/newId\(\) returned an invalid id: "has space"/),
    });
  });
});

describe("SPEC 4: consistent details: every image-scoped error the service returns names the image", () => {
  it("SPEC 4: ImageNotFound, MemberNotFound, Forbidden (role, not-owner, not-accepted), SelfShare, AlreadyShared, ReshareRequired, MemberQuotaExceeded, RegionMismatch carry imageId", async () => {
    const world = makeWorld({ memberQuota: 2 });
    const { sharing } = world;
    const image = await createImage(world);
    const imageId = image.id;
    await okOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    await okOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: "100003" }));
    await okOf(sharing.rejectImage(adminOf("100003"), { imageId }));
    const errors: SharingError[] = [
      await errOf(sharing.getImage(adminOf(A), { imageId: "missing" })),
      await errOf(sharing.acceptImage(adminOf(A), { imageId })),
      await errOf(sharing.deleteImage({ userId: "u", accountId: A, roles: ["observer"] }, { imageId })),
      await errOf(sharing.updateImage(adminOf(B), { imageId, name: "x" })),
      await errOf(sharing.authorizeBoot(adminOf(B), { imageId, region: "IAD" })),
      await errOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: A })),
      await errOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B })),
      await errOf(sharing.acceptImage(adminOf("100003"), { imageId })),
      await errOf(sharing.unshareImage(adminOf(A), { imageId, consumerAccountId: "999999" })),
    ];
    await okOf(sharing.acceptImage(adminOf(B), { imageId }));
    errors.push(await errOf(sharing.authorizeBoot(adminOf(B), { imageId, region: "DFW" })));
    world.store.addAccounts([{ id: "100004" }])._unsafeUnwrap();
    errors.push(await errOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: "100004" })));
    expect(errors.map((e) => e.type)).toEqual([
      "ImageNotFound",
      "MemberNotFound",
      "Forbidden",
      "Forbidden",
      "Forbidden",
      "SelfShare",
      "AlreadyShared",
      "ReshareRequired",
      "MemberNotFound",
      "RegionMismatch",
      "MemberQuotaExceeded",
    ]);
    expect(errors.map((e) => ("imageId" in e ? e.imageId : null))).toEqual(["missing", ...Array(10).fill(imageId)]);
    expect(errors.slice(2, 5).map((e) => (e.type === "Forbidden" ? e.reason : null))).toEqual([
      "role",
      "not-owner",
      "not-accepted",
    ]);
    expect(errors[6]).toMatchObject({ consumerAccountId: B, status: "pending" });
    expect(errors[8]).toMatchObject({ consumerAccountId: "999999" });
  });
});

describe("R15: start-up errors name every problem, one by one", () => {
  it("names the option path of each problem, separated by '; '", () => {
    expect(() => createImageSharing({ regions: ["iad"], memberQuota: -1 })).toThrow(
      /^createImageSharing: invalid options: regions\.0: a region code .*; memberQuota: memberQuota is a whole number >= 0, or Infinity$/,
    );
    expect(() => createImageSharing({ regions: [] })).toThrow(/regions: the catalog needs at least one region/);
  });

  it("a store that is not an object, or lacks a port method, is refused by name", () => {
    for (const store of [
      null,
      "store",
      42,
      {},
      { readImageFacts: () => null },
      { getImage: () => null, getMember: () => null, commit: () => null },
    ]) {
      expect(() => createImageSharing({ store: store as never })).toThrow(
        /^createImageSharing: invalid options: store: a store implements readImageFacts, listVisibleImages, listPendingShares, getStorageUsage, listEvents, getSharingPolicy, commit, commitPolicy$/,
      );
    }
  });
});
