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
              get: () => {
                throw new Error("hostile");
              },
            },
          ) as never,
        ),
      ),
    ];
    expect(seen.map((e) => e.type)).toEqual(["Forbidden", "Forbidden", "ValidationError"]);
    expect(seen[0]?.message).toMatch(/owns the image/);
    expect(seen[1]?.message).toMatch(/pending.*accept it/);
    expect(seen[2]?.message).toMatch(/could not be read/);
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

describe("R15: start-up errors name every problem, one by one", () => {
  it("names the option path of each problem, separated by '; '", () => {
    expect(() => createImageSharing({ regions: ["iad"], memberQuota: -1 })).toThrow(
      /^createImageSharing: invalid options: regions\.0: a region code .*; memberQuota: memberQuota is a whole number >= 0, or Infinity$/,
    );
    expect(() => createImageSharing({ regions: [] })).toThrow(/regions: the catalog needs at least one region/);
  });

  it("a store that is not an object, or lacks a port method, is refused by name", () => {
    for (const store of [null, "store", 42, {}, { getImage: () => null }]) {
      expect(() => createImageSharing({ store: store as never })).toThrow(
        /^createImageSharing: invalid options: store: a store implements getImage, getMember, listMembers, countMembers, accountExists/,
      );
    }
  });
});
