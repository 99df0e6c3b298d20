import { canTransition, decideAccept, decideReject, decideShare, decideUnshare, type MemberStatus } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { aMember, anImage, NOW, who } from "./fixtures.js";

const image = anImage("A");
const owner = who("A", ["cloudImages:creator"]);

function shareFacts(overrides: Partial<Parameters<typeof decideShare>[0]> = {}): Parameters<typeof decideShare>[0] {
  return {
    principal: owner,
    imageId: image.id,
    image,
    ownMember: null,
    consumerAccountId: "B",
    consumerExists: true,
    existingMember: null,
    memberCount: 0,
    memberQuota: 2,
    now: NOW,
    ...overrides,
  };
}

describe("policy/membership: the member state machine", () => {
  it("R5: canTransition allows pending→accepted, pending→rejected, accepted→rejected and nothing else", () => {
    const statuses: MemberStatus[] = ["pending", "accepted", "rejected"];
    const allowed = statuses.flatMap((from) => statuses.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual(["pending->accepted", "pending->rejected", "accepted->rejected"]);
  });

  it("R1/R2/R14: decideShare creates a pending member stamped now, with an ImageShared event", () => {
    const decision = decideShare(shareFacts())._unsafeUnwrap();
    const member = { imageId: image.id, consumerAccountId: "B", status: "pending", createdAt: NOW, updatedAt: NOW };
    expect(decision.value).toEqual(member);
    expect(decision.change).toEqual({
      putMembers: [member],
      events: [{ type: "ImageShared", imageId: image.id, ownerAccountId: "A", consumerAccountId: "B", actorAccountId: "A", actorUserId: "u1" }],
    });
  });

  it("R10/R5/R11: decideShare refuses self, unknown accounts, existing members and a full image, in that order", () => {
    const err = (o: Partial<Parameters<typeof decideShare>[0]>) => decideShare(shareFacts(o))._unsafeUnwrapErr();
    expect(err({ consumerAccountId: "A", consumerExists: false }).type).toBe("SelfShare");
    expect(err({ consumerExists: false, existingMember: aMember(image, "B") }).type).toBe("AccountNotFound");
    expect(err({ existingMember: aMember(image, "B", "rejected"), memberCount: 2 })).toMatchObject({ type: "AlreadyShared", status: "rejected" });
    expect(err({ memberCount: 2 })).toMatchObject({ type: "MemberQuotaExceeded", quota: 2 });
    expect(err({ principal: who("A", ["observer"]) }).type).toBe("Forbidden");
  });

  it("R5/R7: decideUnshare removes a member of any status with ShareRevoked; no member is MemberNotFound", () => {
    const admin = who("A", ["cloudImages:admin"]);
    const base = { principal: admin, imageId: image.id, image, ownMember: null, consumerAccountId: "B" };
    for (const status of ["pending", "accepted", "rejected"] as const) {
      const decision = decideUnshare({ ...base, existingMember: aMember(image, "B", status) })._unsafeUnwrap();
      expect(decision.change?.deleteMembers).toEqual(["B"]);
      expect(decision.change?.events.map((e) => e.type)).toEqual(["ShareRevoked"]);
    }
    expect(decideUnshare({ ...base, existingMember: null })._unsafeUnwrapErr()).toMatchObject({ type: "MemberNotFound", consumerAccountId: "B" });
    expect(decideUnshare({ ...base, principal: owner, existingMember: aMember(image, "B") })._unsafeUnwrapErr().type).toBe("Forbidden");
  });

  describe("R2/R4/R5/R14: decideAccept and decideReject", () => {
    const consumer = who("B", ["cloudImages:admin"]);
    const facts = (status: MemberStatus) => ({ principal: consumer, imageId: image.id, image, ownMember: aMember(image, "B", status), now: NOW });

    it("R2: accepting a pending share makes it accepted, stamped now, with ShareAccepted", () => {
      const decision = decideAccept(facts("pending"))._unsafeUnwrap();
      expect(decision.value).toMatchObject({ status: "accepted", updatedAt: NOW, createdAt: aMember(image, "B").createdAt });
      expect(decision.change?.events).toEqual([
        { type: "ShareAccepted", imageId: image.id, ownerAccountId: "A", consumerAccountId: "B", actorAccountId: "B", actorUserId: "u1" },
      ]);
    });

    it("R4: rejecting a pending or an accepted share makes it rejected with ShareRejected", () => {
      for (const status of ["pending", "accepted"] as const) {
        const decision = decideReject(facts(status))._unsafeUnwrap();
        expect(decision.value.status).toBe("rejected");
        expect(decision.change?.events.map((e) => e.type)).toEqual(["ShareRejected"]);
      }
    });

    it("R14: repeats are idempotent: the current member and no change", () => {
      expect(decideAccept(facts("accepted"))._unsafeUnwrap()).toEqual({ value: aMember(image, "B", "accepted"), change: null });
      expect(decideReject(facts("rejected"))._unsafeUnwrap()).toEqual({ value: aMember(image, "B", "rejected"), change: null });
    });

    it("R5: accepting a rejected share is ReshareRequired", () => {
      expect(decideAccept(facts("rejected"))._unsafeUnwrapErr()).toMatchObject({ type: "ReshareRequired", imageId: image.id });
    });

    it("R5: the owner is no member of its own image", () => {
      const byOwner = { principal: who("A", ["admin"]), imageId: image.id, image, ownMember: null, now: NOW };
      expect(decideAccept(byOwner)._unsafeUnwrapErr().type).toBe("MemberNotFound");
      expect(decideReject(byOwner)._unsafeUnwrapErr().type).toBe("MemberNotFound");
    });
  });
});
