import { decideCreateImage, decideDeleteImage, decideUpdateImage } from "cloud-image-sharing/policy";
import { describe, expect, it } from "vitest";
import { aMember, anImage, EARLIER, LATER, NOW, who } from "./fixtures.js";

describe("policy/image-lifecycle", () => {
  it("R8/R14: decideCreateImage needs creator and yields the image owned by the principal's account with ImageCreated", () => {
    const facts = {
      principal: who("A", ["cloudImages:creator"]),
      imageId: "img-9",
      name: "n",
      region: "DFW",
      sizeBytes: 5,
      now: NOW,
    };
    const decision = decideCreateImage(facts)._unsafeUnwrap();
    const image = {
      id: "img-9",
      ownerAccountId: "A",
      name: "n",
      region: "DFW",
      sizeBytes: 5,
      createdAt: NOW,
      updatedAt: NOW,
    };
    expect(decision).toEqual({
      value: image,
      change: {
        image,
        events: [
          { type: "ImageCreated", imageId: "img-9", ownerAccountId: "A", actorAccountId: "A", actorUserId: "u1" },
        ],
      },
    });
    expect(decideCreateImage({ ...facts, principal: who("A", ["observer"]) })._unsafeUnwrapErr()).toMatchObject({
      type: "Forbidden",
      reason: "role",
      requiredRole: "cloudImages:creator",
    });
  });

  it("R7/R14: decideUpdateImage renames with ImageUpdated; the same name changes nothing", () => {
    const image = anImage("A");
    const facts = { principal: who("A", ["cloudImages:creator"]), imageId: image.id, image, ownMember: null, now: NOW };
    const renamed = decideUpdateImage({ ...facts, name: "new" })._unsafeUnwrap();
    expect(renamed.value).toEqual({ ...image, name: "new", updatedAt: NOW, createdAt: EARLIER });
    expect(renamed.change?.events.map((e) => e.type)).toEqual(["ImageUpdated"]);
    expect(decideUpdateImage({ ...facts, name: image.name })._unsafeUnwrap()).toEqual({ value: image, change: null });
    const byMember = { ...facts, principal: who("B", ["admin"]), ownMember: aMember(image, "B"), name: "x" };
    expect(decideUpdateImage(byMember)._unsafeUnwrapErr()).toMatchObject({
      type: "Forbidden",
      reason: "not-owner",
      imageId: image.id,
    });
  });

  it("R13/R14/R18: decideDeleteImage deletes the image with one ImageDeleted per account that loses it (not the expired ones)", () => {
    const image = anImage("A");
    const facts = {
      principal: who("A", ["admin"]),
      imageId: image.id,
      image,
      ownMember: null,
      now: NOW,
      members: [
        aMember(image, "B"),
        aMember(image, "C", "rejected"),
        aMember(image, "D", "accepted", EARLIER),
        aMember(image, "E", "accepted", LATER),
      ],
    };
    const decision = decideDeleteImage(facts)._unsafeUnwrap();
    expect(decision.change?.image).toBeNull();
    expect(decision.change?.events.map((e) => [e.type, e.consumerAccountId])).toEqual([
      ["ImageDeleted", undefined],
      ["ImageDeleted", "B"],
      ["ImageDeleted", "C"],
      ["ImageDeleted", "E"],
    ]);
    expect(
      decideDeleteImage({ ...facts, principal: who("A", ["cloudImages:creator"]) })._unsafeUnwrapErr(),
    ).toMatchObject({
      type: "Forbidden",
      reason: "role",
      requiredRole: "cloudImages:admin",
    });
  });
});
