import type { MemberStatus } from "cloud-image-sharing";
import {
  canTransition,
  decideAccept,
  decideReject,
  decideShare,
  decideUnshare,
  type ShareFacts,
} from "cloud-image-sharing/policy";
import { describe, expect, it } from "vitest";
import { aMember, anImage, aPolicy, EARLIER, LATER, NOW, who } from "./fixtures.js";

const image = anImage("A");
const owner = who("A", ["cloudImages:creator"]);

function shareFacts(overrides: Partial<ShareFacts> = {}): ShareFacts {
  return {
    principal: owner,
    imageId: image.id,
    image,
    ownMember: null,
    consumerAccountId: "B",
    consumerExists: true,
    consumerPolicy: null,
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
    const allowed = statuses.flatMap((from) =>
      statuses.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed).toEqual(["pending->accepted", "pending->rejected", "accepted->rejected"]);
  });

  it("R1/R2/R14: decideShare creates a pending member stamped now, with an ImageShared event", () => {
    const decision = decideShare(shareFacts())._unsafeUnwrap();
    const member = { imageId: image.id, consumerAccountId: "B", status: "pending", createdAt: NOW, updatedAt: NOW };
    expect(decision.value).toEqual(member);
    expect(decision.change).toEqual({
      putMembers: [member],
      events: [
        {
          type: "ImageShared",
          imageId: image.id,
          ownerAccountId: "A",
          consumerAccountId: "B",
          actorAccountId: "A",
          actorUserId: "u1",
        },
      ],
    });
  });

  it("R10/R5/R11: decideShare refuses self, unknown accounts, existing members and a full image, in that order", () => {
    const err = (o: Partial<ShareFacts>) => decideShare(shareFacts(o))._unsafeUnwrapErr();
    expect(err({ consumerAccountId: "A", consumerExists: false })).toMatchObject({
      type: "SelfShare",
      imageId: image.id,
    });
    expect(err({ consumerExists: false, existingMember: aMember(image, "B") })).toMatchObject({
      type: "AccountNotFound",
      accountId: "B",
    });
    expect(err({ existingMember: aMember(image, "B", "rejected"), memberCount: 2 })).toEqual({
      type: "AlreadyShared",
      message: `image ${image.id} is already shared with account B (status: rejected); remove the member before sharing again`,
      imageId: image.id,
      consumerAccountId: "B",
      status: "rejected",
    });
    expect(err({ memberCount: 2 })).toMatchObject({ type: "MemberQuotaExceeded", imageId: image.id, quota: 2 });
    expect(err({ principal: who("A", ["observer"]) })).toMatchObject({
      type: "Forbidden",
      reason: "role",
      requiredRole: "cloudImages:creator",
    });
  });

  it("R17: a producer in the consumer's autoAcceptFrom gets an accepted member, ImageShared then ShareAccepted byPolicy with no acting user", () => {
    const decision = decideShare(
      shareFacts({ consumerPolicy: aPolicy("B", { autoAcceptFrom: ["A"] }) }),
    )._unsafeUnwrap();
    expect(decision.value).toEqual({
      imageId: image.id,
      consumerAccountId: "B",
      status: "accepted",
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(decision.change?.events).toEqual([
      {
        type: "ImageShared",
        imageId: image.id,
        ownerAccountId: "A",
        consumerAccountId: "B",
        actorAccountId: "A",
        actorUserId: "u1",
      },
      {
        type: "ShareAccepted",
        imageId: image.id,
        ownerAccountId: "A",
        consumerAccountId: "B",
        actorAccountId: "B",
        byPolicy: true,
      },
    ]);
  });

  it("R17: a producer in the consumer's blockFrom gets exactly the unknown account's AccountNotFound and nothing to commit", () => {
    const blocked = decideShare(shareFacts({ consumerPolicy: aPolicy("B", { blockFrom: ["A"] }) }));
    const unknown = decideShare(shareFacts({ consumerExists: false }));
    expect(blocked._unsafeUnwrapErr()).toEqual(unknown._unsafeUnwrapErr());
    // A policy about other producers changes nothing for A.
    expect(
      decideShare(
        shareFacts({ consumerPolicy: aPolicy("B", { blockFrom: ["X"], autoAcceptFrom: ["Y"] }) }),
      )._unsafeUnwrap().value.status,
    ).toBe("pending");
  });

  it("R18: decideShare carries expiresAt onto the member and its ImageShared event; expiresAt not later than now is a ValidationError first", () => {
    const decision = decideShare(shareFacts({ expiresAt: LATER }))._unsafeUnwrap();
    expect(decision.value).toMatchObject({ status: "pending", expiresAt: LATER, expired: false });
    expect(decision.change?.putMembers?.[0]).toEqual({
      imageId: image.id,
      consumerAccountId: "B",
      status: "pending",
      createdAt: NOW,
      updatedAt: NOW,
      expiresAt: LATER,
    });
    expect(decision.change?.events[0]).toMatchObject({ type: "ImageShared", expiresAt: LATER });
    for (const expiresAt of [NOW, EARLIER]) {
      // Even with every other error present, the input is refused first (section 5).
      expect(
        decideShare(shareFacts({ expiresAt, image: null, principal: who("A", []) }))._unsafeUnwrapErr(),
      ).toMatchObject({
        type: "ValidationError",
        issues: [{ path: ["expiresAt"], message: "expiresAt must be later than now" }],
      });
    }
  });

  it("R18: an existing expired member is AlreadyShared with expired: true", () => {
    const err = decideShare(
      shareFacts({ existingMember: aMember(image, "B", "accepted", EARLIER) }),
    )._unsafeUnwrapErr();
    expect(err).toMatchObject({
      type: "AlreadyShared",
      imageId: image.id,
      consumerAccountId: "B",
      status: "accepted",
      expired: true,
    });
    expect(err.message).toContain("expired");
    const live = decideShare(shareFacts({ existingMember: aMember(image, "B", "accepted", LATER) }))._unsafeUnwrapErr();
    expect(live).not.toHaveProperty("expired");
  });

  it("R5/R7/R18: decideUnshare removes a member of any status, expired or not, with ShareRevoked; no member is MemberNotFound", () => {
    const admin = who("A", ["cloudImages:admin"]);
    const base = { principal: admin, imageId: image.id, image, ownMember: null, consumerAccountId: "B", now: NOW };
    for (const existing of [
      aMember(image, "B", "pending"),
      aMember(image, "B", "accepted"),
      aMember(image, "B", "rejected"),
      aMember(image, "B", "accepted", EARLIER),
    ]) {
      const decision = decideUnshare({ ...base, existingMember: existing })._unsafeUnwrap();
      expect(decision.change?.deleteMembers).toEqual(["B"]);
      expect(decision.change?.events.map((e) => e.type)).toEqual(["ShareRevoked"]);
    }
    expect(decideUnshare({ ...base, existingMember: null })._unsafeUnwrapErr()).toMatchObject({
      type: "MemberNotFound",
      imageId: image.id,
      consumerAccountId: "B",
    });
    expect(
      decideUnshare({ ...base, principal: owner, existingMember: aMember(image, "B") })._unsafeUnwrapErr(),
    ).toMatchObject({
      type: "Forbidden",
      reason: "role",
      requiredRole: "cloudImages:admin",
    });
  });

  describe("R2/R4/R5/R14: decideAccept and decideReject", () => {
    const consumer = who("B", ["cloudImages:admin"]);
    const facts = (status: MemberStatus, expiresAt?: string) => ({
      principal: consumer,
      imageId: image.id,
      image,
      ownMember: aMember(image, "B", status, expiresAt),
      now: NOW,
    });

    it("R2: accepting a pending share makes it accepted, stamped now, with ShareAccepted", () => {
      const decision = decideAccept(facts("pending"))._unsafeUnwrap();
      expect(decision.value).toMatchObject({
        status: "accepted",
        updatedAt: NOW,
        createdAt: aMember(image, "B").createdAt,
      });
      expect(decision.change?.events).toEqual([
        {
          type: "ShareAccepted",
          imageId: image.id,
          ownerAccountId: "A",
          consumerAccountId: "B",
          actorAccountId: "B",
          actorUserId: "u1",
        },
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
      expect(decideAccept(facts("accepted"))._unsafeUnwrap()).toEqual({
        value: aMember(image, "B", "accepted"),
        change: null,
      });
      expect(decideReject(facts("rejected"))._unsafeUnwrap()).toEqual({
        value: aMember(image, "B", "rejected"),
        change: null,
      });
    });

    it("R5: accepting a rejected share is ReshareRequired", () => {
      expect(decideAccept(facts("rejected"))._unsafeUnwrapErr()).toMatchObject({
        type: "ReshareRequired",
        imageId: image.id,
      });
    });

    it("R18: an expired share can be neither accepted nor rejected: ImageNotFound; an unexpired one keeps expiresAt", () => {
      for (const status of ["pending", "accepted", "rejected"] as const) {
        expect(decideAccept(facts(status, NOW))._unsafeUnwrapErr()).toMatchObject({
          type: "ImageNotFound",
          imageId: image.id,
        });
        expect(decideReject(facts(status, NOW))._unsafeUnwrapErr()).toMatchObject({
          type: "ImageNotFound",
          imageId: image.id,
        });
      }
      const accepted = decideAccept(facts("pending", LATER))._unsafeUnwrap();
      expect(accepted.value).toMatchObject({ status: "accepted", expiresAt: LATER, expired: false });
      expect(accepted.change?.putMembers?.[0]).not.toHaveProperty("expired");
    });

    it("R5: the owner is no member of its own image", () => {
      const byOwner = { principal: who("A", ["admin"]), imageId: image.id, image, ownMember: null, now: NOW };
      expect(decideAccept(byOwner)._unsafeUnwrapErr().type).toBe("MemberNotFound");
      expect(decideReject(byOwner)._unsafeUnwrapErr().type).toBe("MemberNotFound");
    });
  });
});
