import { canSee, isListed, isPendingNotification, membersVisibleTo, relationOf, toView } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { aMember, anImage } from "./fixtures.js";

describe("policy/visibility", () => {
  const image = anImage("A");

  it("R9: relationOf: owner, member (its own record of this image only), or none", () => {
    expect(relationOf("A", image, null)).toEqual({ kind: "owner" });
    const member = aMember(image, "B");
    expect(relationOf("B", image, member)).toEqual({ kind: "member", member });
    expect(relationOf("B", image, null)).toEqual({ kind: "none" });
    expect(relationOf("C", image, member)).toEqual({ kind: "none" }); // someone else's record
    expect(relationOf("B", image, aMember(anImage("A", "img-2"), "B"))).toEqual({ kind: "none" }); // another image's record
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

  it("R2/R6: isListed: own images and accepted shares, in the selected region", () => {
    expect(isListed({ kind: "owner" }, image, "global")).toBe(true);
    expect(isListed({ kind: "owner" }, image, "IAD")).toBe(true);
    expect(isListed({ kind: "owner" }, image, "DFW")).toBe(false);
    expect(isListed({ kind: "member", member: aMember(image, "B", "accepted") }, image, "IAD")).toBe(true);
    expect(isListed({ kind: "member", member: aMember(image, "B", "pending") }, image, "IAD")).toBe(false);
    expect(isListed({ kind: "member", member: aMember(image, "B", "rejected") }, image, "global")).toBe(false);
    expect(isListed({ kind: "none" }, image, "global")).toBe(false);
  });

  it("R3/R6: isPendingNotification: the account's own pending member in the selected region", () => {
    const pending = aMember(image, "B");
    expect(isPendingNotification(pending, image, "B", "global")).toBe(true);
    expect(isPendingNotification(pending, image, "B", "IAD")).toBe(true);
    expect(isPendingNotification(pending, image, "B", "DFW")).toBe(false);
    expect(isPendingNotification(pending, image, "C", "global")).toBe(false);
    expect(isPendingNotification(aMember(image, "B", "accepted"), image, "B", "global")).toBe(false);
  });

  it("R12: membersVisibleTo: the owner sees all, a member only its own, a stranger none", () => {
    const members = [aMember(image, "B", "accepted"), aMember(image, "C")];
    const all = membersVisibleTo({ kind: "owner" }, members);
    expect(all).toEqual(members);
    expect(all).not.toBe(members);
    expect(membersVisibleTo({ kind: "member", member: aMember(image, "C") }, members)).toEqual([members[1]]);
    expect(membersVisibleTo({ kind: "none" }, members)).toEqual([]);
  });
});
