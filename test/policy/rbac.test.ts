import { hasRole, KNOWN_ROLES, levelOf, REQUIRED_ROLE, rankOf, requireRole } from "cloud-image-sharing";
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
    expect(levelOf(["toString", "constructor", "__proto__", "hasOwnProperty", "Admin"])).toBe(0);
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

  it("SPEC 3: rankOf orders the three access levels", () => {
    expect([rankOf("cloudImages:observer"), rankOf("cloudImages:creator"), rankOf("cloudImages:admin")]).toEqual([1, 2, 3]);
  });

  it("R8: REQUIRED_ROLE is the permission matrix of R8", () => {
    expect(REQUIRED_ROLE).toEqual({
      read: "cloudImages:observer",
      createImage: "cloudImages:creator",
      updateImage: "cloudImages:creator",
      shareImage: "cloudImages:creator",
      deleteImage: "cloudImages:admin",
      unshareImage: "cloudImages:admin",
      acceptImage: "cloudImages:admin",
      rejectImage: "cloudImages:admin",
    });
  });

  it("SPEC 3: hasRole holds for 'at least X' in the principal's own account only", () => {
    const creator = who("100001", ["cloudImages:creator"]);
    expect(hasRole(creator, "100001", "cloudImages:observer")).toBe(true);
    expect(hasRole(creator, "100001", "cloudImages:creator")).toBe(true);
    expect(hasRole(creator, "100001", "cloudImages:admin")).toBe(false);
    expect(hasRole(who("100001", ["admin"]), "100002", "cloudImages:observer")).toBe(false);
  });

  it("R8: requireRole is ok when the level suffices, else Forbidden naming the role", () => {
    expect(requireRole(who("1", ["cloudImages:creator"]), "shareImage").isOk()).toBe(true);
    expect(requireRole(who("1", ["cloudImages:creator"]), "unshareImage")._unsafeUnwrapErr()).toMatchObject({
      type: "Forbidden",
      requiredRole: "cloudImages:admin",
    });
    expect(requireRole(who("1", []), "read")._unsafeUnwrapErr()).toMatchObject({ requiredRole: "cloudImages:observer" });
  });
});
