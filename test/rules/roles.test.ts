import { type ImageSharing, KNOWN_ROLES, type Principal, type SharingError } from "cloud-image-sharing";
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { A, adminOf, B, C, errOf, makeWorld, okOf, sharedImage, user } from "./world.js";

// SPEC section 3: every role × every action. Each known role grants one level; a principal
// acts with the highest level among its roles, in its own account only.

const LEVEL: Record<string, 0 | 1 | 2 | 3> = {
  "cloudImages:observer": 1,
  observer: 1,
  "cloudImages:creator": 2,
  "cloudImages:admin": 3,
  admin: 3,
  "identity:user-admin": 3,
};
const REQUIRED = [null, "cloudImages:observer", "cloudImages:creator", "cloudImages:admin"] as const;

type Call = (s: ImageSharing, p: Principal, imageId: string) => ResultAsync<unknown, SharingError>;
/** Each action, the level it needs, and on which side of the share it is tried. */
const ACTIONS: Record<string, { level: 1 | 2 | 3; side: "producer" | "consumer"; call: Call }> = {
  getImage: { level: 1, side: "producer", call: (s, p, imageId) => s.getImage(p, { imageId }) },
  listImages: { level: 1, side: "producer", call: (s, p) => s.listImages(p) },
  listMembers: { level: 1, side: "producer", call: (s, p, imageId) => s.listMembers(p, { imageId }) },
  listPendingShares: { level: 1, side: "consumer", call: (s, p) => s.listPendingShares(p) },
  authorizeBoot: { level: 1, side: "producer", call: (s, p, imageId) => s.authorizeBoot(p, { imageId, region: "IAD" }) },
  getStorageUsage: { level: 1, side: "producer", call: (s, p) => s.getStorageUsage(p) },
  listEvents: { level: 1, side: "consumer", call: (s, p) => s.listEvents(p) },
  createImage: { level: 2, side: "producer", call: (s, p) => s.createImage(p, { name: "new", region: "IAD" }) },
  updateImage: { level: 2, side: "producer", call: (s, p, imageId) => s.updateImage(p, { imageId, name: "renamed" }) },
  shareImage: { level: 2, side: "producer", call: (s, p, imageId) => s.shareImage(p, { imageId, consumerAccountId: C }) },
  deleteImage: { level: 3, side: "producer", call: (s, p, imageId) => s.deleteImage(p, { imageId }) },
  unshareImage: { level: 3, side: "producer", call: (s, p, imageId) => s.unshareImage(p, { imageId, consumerAccountId: B }) },
  acceptImage: { level: 3, side: "consumer", call: (s, p, imageId) => s.acceptImage(p, { imageId }) },
  rejectImage: { level: 3, side: "consumer", call: (s, p, imageId) => s.rejectImage(p, { imageId }) },
};

const ROLE_SETS: [string, string[], 0 | 1 | 2 | 3][] = [
  ...KNOWN_ROLES.map((role): [string, string[], 0 | 1 | 2 | 3] => [role, [role], LEVEL[role] ?? 0]),
  ["no role", [], 0],
  ["unknown roles", ["cloudImages:superuser", "ADMIN", "Admin", "root", "cloudimages:admin", " admin", "toString", "__proto__"], 0],
];

describe("SPEC 3: every role × every action", () => {
  it("SPEC 3: the matrix covers every known role and every method", () => {
    expect(KNOWN_ROLES).toHaveLength(6);
    expect(Object.keys(ACTIONS).sort()).toEqual(Object.keys(makeWorld().sharing).sort());
  });

  for (const [name, roles, level] of ROLE_SETS) {
    for (const [action, { level: needed, side, call }] of Object.entries(ACTIONS)) {
      const allowed = level >= needed;
      it(`SPEC 3: ${name} ${allowed ? "may" : "may not"} ${action}`, async () => {
        const world = makeWorld();
        const image = await sharedImage(world, B);
        const principal = user(side === "producer" ? A : B, roles, "tester");
        const result = call(world.sharing, principal, image.id);
        if (allowed) await okOf(result);
        else expect(await errOf(result, "Forbidden")).toMatchObject({ requiredRole: REQUIRED[needed] });
      });
    }
  }
});

describe("SPEC 3: combining roles", () => {
  it("SPEC 3: with several roles, the most permissive one applies, in any order", async () => {
    for (const roles of [
      ["cloudImages:observer", "cloudImages:admin"],
      ["cloudImages:admin", "observer"],
      ["unknown", "identity:user-admin", "cloudImages:creator"],
    ]) {
      const world = makeWorld();
      const image = await sharedImage(world, B);
      await okOf(world.sharing.unshareImage(user(A, roles), { imageId: image.id, consumerAccountId: B }));
    }
  });

  it("SPEC 3: unknown role strings grant nothing but are not an error next to a known one", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    const principal = user(A, ["observer", "cloudImages:owner", "superuser"]);
    await okOf(world.sharing.getImage(principal, { imageId: image.id }));
    expect(await errOf(world.sharing.updateImage(principal, { imageId: image.id, name: "x" }), "Forbidden")).toMatchObject({
      requiredRole: "cloudImages:creator",
    });
  });
});

describe("SPEC 3: a role never reaches into another account", () => {
  it("SPEC 3: an admin of an unrelated account cannot even see the image", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    for (const { call } of Object.values(ACTIONS)) {
      const result = await call(world.sharing, adminOf(C), image.id);
      // Account-wide calls succeed on C's own (empty) data; image calls do not find A's image.
      if (result.isErr()) expect(result.error.type).toBe("ImageNotFound");
    }
    expect(await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }))).toHaveLength(1);
    expect((await okOf(world.sharing.getImage(adminOf(A), { imageId: image.id }))).name).toBe("golden");
  });

  it("SPEC 3: a consumer admin acts on the share only, never on the producer's image", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    await errOf(world.sharing.updateImage(adminOf(B), { imageId: image.id, name: "x" }), "Forbidden");
    await errOf(world.sharing.deleteImage(adminOf(B), { imageId: image.id }), "Forbidden");
    await errOf(world.sharing.shareImage(adminOf(B), { imageId: image.id, consumerAccountId: C }), "Forbidden");
    await errOf(world.sharing.unshareImage(adminOf(B), { imageId: image.id, consumerAccountId: B }), "Forbidden");
  });

  it("SPEC 3: a producer admin cannot accept or reject for the consumer", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    await errOf(world.sharing.acceptImage(user(A, ["admin", "identity:user-admin"]), { imageId: image.id }), "MemberNotFound");
    await errOf(world.sharing.rejectImage(user(A, ["admin"]), { imageId: image.id }), "MemberNotFound");
  });
});
