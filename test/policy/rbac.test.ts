import { KNOWN_ROLES } from "cloud-image-sharing";
import { hasRole, levelOf, REQUIRED_ROLE, requireRole, withMappedRoles } from "cloud-image-sharing/policy";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { who } from "./fixtures.js";

describe("policy/rbac", () => {
  it("SPEC 3: levelOf maps each known role to its level and unknown roles to 0", () => {
    expect(levelOf([])).toBe(0);
    expect(levelOf(["cloudImages:observer"])).toBe(1);
    expect(levelOf(["observer"])).toBe(1);
    expect(levelOf(["cloudImages:creator"])).toBe(2);
    expect(levelOf(["cloudImages:admin"])).toBe(3);
    expect(levelOf(["admin"])).toBe(3);
    expect(levelOf(["identity:user-admin"])).toBe(3);
    expect(levelOf(["toString", "constructor", "__proto__", "hasOwnProperty", "Admin", "cloudimages:admin"])).toBe(0);
  });

  it("SPEC 3: the most permissive role applies, whatever the order and the other strings", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...KNOWN_ROLES), fc.string())), (roles) => {
        const expected = Math.max(0, ...roles.map((r) => levelOf([r])));
        expect(levelOf(roles)).toBe(expected);
        expect(levelOf([...roles].reverse())).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("R8/R17: REQUIRED_ROLE is the permission matrix of R8, with setSharingPolicy at admin", () => {
    expect(REQUIRED_ROLE).toEqual({
      read: "cloudImages:observer",
      createImage: "cloudImages:creator",
      updateImage: "cloudImages:creator",
      shareImage: "cloudImages:creator",
      deleteImage: "cloudImages:admin",
      unshareImage: "cloudImages:admin",
      acceptImage: "cloudImages:admin",
      rejectImage: "cloudImages:admin",
      setSharingPolicy: "cloudImages:admin",
    });
  });

  it("SPEC 3: hasRole holds for 'at least X' in the principal's own account only", () => {
    const creator = who("100001", ["cloudImages:creator"]);
    expect(hasRole(creator, "100001", "cloudImages:observer")).toBe(true);
    expect(hasRole(creator, "100001", "cloudImages:creator")).toBe(true);
    expect(hasRole(creator, "100001", "cloudImages:admin")).toBe(false);
    expect(hasRole(who("100001", ["admin"]), "100002", "cloudImages:observer")).toBe(false);
  });

  it("R8: requireRole is ok when the level suffices, else Forbidden reason 'role' naming the role (and the image when given)", () => {
    expect(requireRole(who("1", ["cloudImages:creator"]), "shareImage").isOk()).toBe(true);
    expect(requireRole(who("1", ["cloudImages:creator"]), "unshareImage", "img-1")._unsafeUnwrapErr()).toEqual({
      type: "Forbidden",
      message: "this action needs at least the cloudImages:admin role in your account",
      reason: "role",
      requiredRole: "cloudImages:admin",
      imageId: "img-1",
    });
    expect(requireRole(who("1", ["observer"]), "createImage")._unsafeUnwrapErr()).not.toHaveProperty("imageId");
  });

  it("SPEC 3: a principal holding no known role is told so in the message; one holding a weaker known role is not", () => {
    const none = requireRole(who("1", ["cloudimages:admin", "acme:ops"]), "read")._unsafeUnwrapErr();
    expect(none).toMatchObject({ type: "Forbidden", reason: "role", requiredRole: "cloudImages:observer" });
    expect(none.message).toMatch(/none of your roles is one this service knows/);
    expect(requireRole(who("1", []), "read")._unsafeUnwrapErr().message).toMatch(
      /none of your roles is one this service knows/,
    );
    expect(requireRole(who("1", ["observer"]), "deleteImage")._unsafeUnwrapErr().message).not.toMatch(
      /none of your roles/,
    );
  });

  it("SPEC 3: withMappedRoles adds the built-in role of each mapped host role, and leaves the principal alone otherwise", () => {
    const map = { "acme:viewer": "observer", "acme:maker": "creator", "acme:boss": "admin" } as const;
    expect(levelOf(withMappedRoles(who("1", ["acme:viewer"]), map).roles)).toBe(1);
    expect(levelOf(withMappedRoles(who("1", ["acme:maker"]), map).roles)).toBe(2);
    expect(levelOf(withMappedRoles(who("1", ["acme:viewer", "acme:boss"]), map).roles)).toBe(3);
    const plain = who("1", ["other", "toString"]);
    expect(withMappedRoles(plain, map)).toBe(plain);
    // Only the map's own keys count: inherited names (toString, constructor) map to nothing.
    expect(levelOf(withMappedRoles(who("1", ["toString", "constructor"]), {}).roles)).toBe(0);
  });
});
