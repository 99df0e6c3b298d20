import { decideSetPolicy, emptySharingPolicy, isBlocked, trustsProducer } from "cloud-image-sharing/policy";
import { describe, expect, it } from "vitest";
import { aPolicy, NOW, who } from "./fixtures.js";

describe("policy/sharing-policy (R17)", () => {
  const admin = who("B", ["cloudImages:admin"]);

  it("R17: trustsProducer and isBlocked read the lists; no policy trusts and blocks nobody", () => {
    const policy = aPolicy("B", { autoAcceptFrom: ["A"], blockFrom: ["X"] });
    expect([trustsProducer(policy, "A"), trustsProducer(policy, "X"), trustsProducer(null, "A")]).toEqual([
      true,
      false,
      false,
    ]);
    expect([isBlocked(policy, "X"), isBlocked(policy, "A"), isBlocked(null, "X")]).toEqual([true, false, false]);
    expect(emptySharingPolicy("B")).toEqual({ accountId: "B", autoAcceptFrom: [], blockFrom: [], updatedAt: null });
  });

  it("R17: each given list replaces the stored one, an omitted one is unchanged, and a change records SharingPolicyChanged", () => {
    const current = aPolicy("B", { autoAcceptFrom: ["A"], blockFrom: ["X"] });
    const decided = decideSetPolicy(admin, current, { blockFrom: ["Y", "Z"] }, NOW)._unsafeUnwrap();
    expect(decided).toEqual({
      policy: { accountId: "B", autoAcceptFrom: ["A"], blockFrom: ["Y", "Z"], updatedAt: NOW },
      event: { type: "SharingPolicyChanged", accountId: "B", actorUserId: "u1" },
    });
    expect(decideSetPolicy(admin, null, { autoAcceptFrom: ["A"] }, NOW)._unsafeUnwrap().policy).toEqual({
      accountId: "B",
      autoAcceptFrom: ["A"],
      blockFrom: [],
      updatedAt: NOW,
    });
  });

  it("R17: setting what is already there records nothing", () => {
    const current = aPolicy("B", { autoAcceptFrom: ["A"] });
    expect(decideSetPolicy(admin, current, { autoAcceptFrom: ["A"] }, NOW)._unsafeUnwrap()).toEqual({
      policy: current,
      event: null,
    });
    expect(decideSetPolicy(admin, null, {}, NOW)._unsafeUnwrap()).toEqual({
      policy: emptySharingPolicy("B"),
      event: null,
    });
  });

  it("R17: listing an account in both lists, or itself, is a ValidationError naming each offending entry", () => {
    const both = decideSetPolicy(admin, null, { autoAcceptFrom: ["A", "C"], blockFrom: ["C"] }, NOW)._unsafeUnwrapErr();
    expect(both).toMatchObject({ type: "ValidationError", issues: [{ path: ["blockFrom", 0] }] });
    const self = decideSetPolicy(admin, null, { autoAcceptFrom: ["A", "B"], blockFrom: ["B"] }, NOW)._unsafeUnwrapErr();
    expect(self).toMatchObject({ type: "ValidationError" });
    expect(self.type === "ValidationError" && self.issues.map((i) => i.path)).toEqual([
      ["autoAcceptFrom", 1],
      ["blockFrom", 0],
      ["blockFrom", 0],
    ]);
    // The overlap may come from a stored list and a new one.
    const stored = aPolicy("B", { autoAcceptFrom: ["A"] });
    expect(decideSetPolicy(admin, stored, { blockFrom: ["A"] }, NOW)._unsafeUnwrapErr().type).toBe("ValidationError");
  });

  it("R17/R8: setting a policy needs at least cloudImages:admin", () => {
    expect(
      decideSetPolicy(who("B", ["cloudImages:creator"]), null, { blockFrom: ["A"] }, NOW)._unsafeUnwrapErr(),
    ).toMatchObject({
      type: "Forbidden",
      reason: "role",
      requiredRole: "cloudImages:admin",
    });
  });
});
