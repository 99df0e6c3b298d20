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
  authorizeBoot: {
    level: 1,
    side: "producer",
    call: (s, p, imageId) => s.authorizeBoot(p, { imageId, region: "IAD" }),
  },
  getStorageUsage: { level: 1, side: "producer", call: (s, p) => s.getStorageUsage(p) },
  listEvents: { level: 1, side: "consumer", call: (s, p) => s.listEvents(p) },
  createImage: { level: 2, side: "producer", call: (s, p) => s.createImage(p, { name: "new", region: "IAD" }) },
  updateImage: { level: 2, side: "producer", call: (s, p, imageId) => s.updateImage(p, { imageId, name: "renamed" }) },
  shareImage: {
    level: 2,
    side: "producer",
    call: (s, p, imageId) => s.shareImage(p, { imageId, consumerAccountId: C }),
  },
  deleteImage: { level: 3, side: "producer", call: (s, p, imageId) => s.deleteImage(p, { imageId }) },
  unshareImage: {
    level: 3,
    side: "producer",
    call: (s, p, imageId) => s.unshareImage(p, { imageId, consumerAccountId: B }),
  },
  acceptImage: { level: 3, side: "consumer", call: (s, p, imageId) => s.acceptImage(p, { imageId }) },
  rejectImage: { level: 3, side: "consumer", call: (s, p, imageId) => s.rejectImage(p, { imageId }) },
  getSharingPolicy: { level: 1, side: "consumer", call: (s, p) => s.getSharingPolicy(p) },
  setSharingPolicy: { level: 3, side: "consumer", call: (s, p) => s.setSharingPolicy(p, { blockFrom: ["100009"] }) },
};

const ROLE_SETS: [string, string[], 0 | 1 | 2 | 3][] = [
  ...KNOWN_ROLES.map((role): [string, string[], 0 | 1 | 2 | 3] => [role, [role], LEVEL[role] ?? 0]),
  ["no role", [], 0],
  [
    "unknown roles",
    ["cloudImages:superuser", "ADMIN", "Admin", "root", "cloudimages:admin", " admin", "toString", "__proto__"],
    0,
  ],
];

describe("SPEC 3: every role × every action", () => {
  it("SPEC 3: the matrix covers every known role and every method", () => {
    expect(KNOWN_ROLES).toHaveLength(6);
    expect(Object.keys(ACTIONS).sort()).toEqual(
      Object.keys(makeWorld().sharing)
        .filter((name) => name !== "as")
        .sort(),
    );
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
        else {
          const error = await errOf(result, "Forbidden");
          expect(error).toMatchObject({ reason: "role", requiredRole: REQUIRED[needed] });
          // A principal with no known role is told so; one with a weaker known role is not.
          if (level === 0) expect(error.message).toMatch(/none of your roles is one this service knows/);
          else expect(error.message).not.toMatch(/none of your roles/);
        }
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
    expect(
      await errOf(world.sharing.updateImage(principal, { imageId: image.id, name: "x" }), "Forbidden"),
    ).toMatchObject({
      requiredRole: "cloudImages:creator",
    });
  });
});

describe("SPEC 3: roles from the host's identity system", () => {
  it("SPEC 3: roles may be a readonly (as const) array, up to 1,024 roles of up to 1,024 characters", async () => {
    const world = makeWorld();
    const roles = ["cloudImages:admin"] as const;
    const principal = { userId: "u", accountId: A, roles };
    await okOf(world.sharing.createImage(principal, { name: "x", region: "IAD" }));
    const arn = `arn:aws:iam::123456789012:role/${"r".repeat(1024 - 31)}`;
    const many = Object.freeze([...Array<string>(1023).fill(arn), "observer"]);
    await okOf(world.sharing.listImages({ userId: "u", accountId: A, roles: many }));
    const tooMany = await errOf(
      world.sharing.listImages({ userId: "u", accountId: A, roles: [...many, "admin"] }),
      "ValidationError",
    );
    expect(tooMany).toMatchObject({ issues: [{ path: ["principal", "roles"] }] });
    const tooLong = await errOf(
      world.sharing.listImages({ userId: "u", accountId: A, roles: [`${arn}x`] }),
      "ValidationError",
    );
    expect(tooLong).toMatchObject({ issues: [{ path: ["principal", "roles", 0] }] });
  });

  it("SPEC 3: roleMap maps the host's role names onto observer, creator and admin, added to the built-in table", async () => {
    const roleMap = {
      "acme:image-viewer": "observer",
      "acme:image-maker": "creator",
      "acme:image-admin": "admin",
    } as const;
    const world = makeWorld({ roleMap });
    const image = await sharedImage(world, B);
    const as = (role: string, account = A) => user(account, [role]);
    await okOf(world.sharing.getImage(as("acme:image-viewer"), { imageId: image.id }));
    expect(
      await errOf(world.sharing.updateImage(as("acme:image-viewer"), { imageId: image.id, name: "n" }), "Forbidden"),
    ).toMatchObject({
      reason: "role",
      requiredRole: "cloudImages:creator",
    });
    await okOf(world.sharing.updateImage(as("acme:image-maker"), { imageId: image.id, name: "n" }));
    await errOf(
      world.sharing.unshareImage(as("acme:image-maker"), { imageId: image.id, consumerAccountId: B }),
      "Forbidden",
    );
    await okOf(world.sharing.acceptImage(as("acme:image-admin", B), { imageId: image.id }));
    await okOf(world.sharing.unshareImage(as("acme:image-admin"), { imageId: image.id, consumerAccountId: B }));
    // The built-in names still work next to the map, and an unmapped host role still grants nothing.
    await okOf(world.sharing.getImage(as("cloudImages:observer"), { imageId: image.id }));
    const unmapped = await errOf(world.sharing.getImage(as("acme:other"), { imageId: image.id }), "Forbidden");
    expect(unmapped.message).toMatch(/none of your roles is one this service knows/);
    // Without the map the host's names are unknown roles.
    const plain = makeWorld();
    const other = await sharedImage(plain, B);
    await errOf(plain.sharing.getImage(as("acme:image-admin"), { imageId: other.id }), "Forbidden");
  });

  it("SPEC 3: a mapped role never reaches into another account either", async () => {
    const world = makeWorld({ roleMap: { "acme:image-admin": "admin" } });
    const image = await sharedImage(world, B);
    await errOf(world.sharing.deleteImage(user(C, ["acme:image-admin"]), { imageId: image.id }), "ImageNotFound");
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
    const notOwner = { type: "Forbidden", reason: "not-owner", imageId: image.id };
    expect(
      await errOf(world.sharing.updateImage(adminOf(B), { imageId: image.id, name: "x" }), "Forbidden"),
    ).toMatchObject(notOwner);
    expect(await errOf(world.sharing.deleteImage(adminOf(B), { imageId: image.id }), "Forbidden")).toMatchObject(
      notOwner,
    );
    expect(
      await errOf(world.sharing.shareImage(adminOf(B), { imageId: image.id, consumerAccountId: C }), "Forbidden"),
    ).toMatchObject(notOwner);
    expect(
      await errOf(world.sharing.unshareImage(adminOf(B), { imageId: image.id, consumerAccountId: B }), "Forbidden"),
    ).toMatchObject(notOwner);
  });

  it("SPEC 3: a producer admin cannot accept or reject for the consumer", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, B);
    await errOf(
      world.sharing.acceptImage(user(A, ["admin", "identity:user-admin"]), { imageId: image.id }),
      "MemberNotFound",
    );
    await errOf(world.sharing.rejectImage(user(A, ["admin"]), { imageId: image.id }), "MemberNotFound");
  });
});
