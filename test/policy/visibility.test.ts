import { canSee, memberAt, membersVisibleTo, relationOf, toView } from "cloud-image-sharing/policy";
import { describe, expect, it } from "vitest";
import { aMember, anImage, EARLIER, LATER, NOW } from "./fixtures.js";

// Which images are *listed* (R2, R3, R6) is answered by each store's indexes and held to one rule
// by the conformance suite and test/rules/r02, r03, r06; the pure functions here decide who may
// see one image and its members.

describe("policy/visibility", () => {
  const image = anImage("A");

  it("R9: relationOf: owner, member (its own record of this image only), or none", () => {
    expect(relationOf("A", image, null, NOW)).toEqual({ kind: "owner" });
    const member = aMember(image, "B");
    expect(relationOf("B", image, member, NOW)).toEqual({ kind: "member", member });
    expect(relationOf("B", image, null, NOW)).toEqual({ kind: "none" });
    expect(relationOf("C", image, member, NOW)).toEqual({ kind: "none" }); // someone else's record
    expect(relationOf("B", image, aMember(anImage("A", "img-2"), "B"), NOW)).toEqual({ kind: "none" }); // another image's record
  });

  it("R18: from expiresAt on (inclusive) a share is no relation; before it, it is one", () => {
    expect(relationOf("B", image, aMember(image, "B", "accepted", NOW), NOW)).toEqual({ kind: "none" });
    expect(relationOf("B", image, aMember(image, "B", "accepted", EARLIER), NOW)).toEqual({ kind: "none" });
    expect(relationOf("B", image, aMember(image, "B", "accepted", LATER), NOW).kind).toBe("member");
    // The owner never expires from its own image.
    expect(relationOf("A", image, null, LATER)).toEqual({ kind: "owner" });
  });

  it("R9: canSee is true for owner and member in any status, false otherwise", () => {
    expect(canSee({ kind: "owner" })).toBe(true);
    for (const status of ["pending", "accepted", "rejected"] as const)
      expect(canSee({ kind: "member", member: aMember(image, "B", status) })).toBe(true);
    expect(canSee({ kind: "none" })).toBe(false);
  });

  it("R2: toView tags own images 'own' and others 'shared', keeping the producer's data", () => {
    expect(toView(image, "A")).toEqual({ ...image, source: "own" });
    expect(toView(image, "B")).toEqual({ ...image, source: "shared" });
  });

  it("R18: memberAt flags an expiring member expired or not at now, and leaves a lasting one without the flag", () => {
    expect(memberAt(aMember(image, "B"), NOW)).toEqual(aMember(image, "B"));
    expect(memberAt(aMember(image, "B", "accepted", NOW), NOW)).toEqual({
      ...aMember(image, "B", "accepted", NOW),
      expired: true,
    });
    expect(memberAt(aMember(image, "B", "accepted", LATER), NOW)).toEqual({
      ...aMember(image, "B", "accepted", LATER),
      expired: false,
    });
    // A stale flag from storage is recomputed, never trusted.
    expect(memberAt({ ...aMember(image, "B"), expired: true }, NOW)).toEqual(aMember(image, "B"));
  });

  it("R12/R18: membersVisibleTo: the owner sees all (expired flagged), a member only its own", () => {
    const members = [aMember(image, "B", "accepted"), aMember(image, "C"), aMember(image, "D", "pending", EARLIER)];
    const all = membersVisibleTo({ kind: "owner" }, members, NOW);
    expect(all).toEqual([members[0], members[1], { ...members[2], expired: true }]);
    expect(all).not.toBe(members);
    expect(membersVisibleTo({ kind: "member", member: aMember(image, "C") }, members, NOW)).toEqual([members[1]]);
  });
});
