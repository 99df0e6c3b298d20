import { authorizeAsMember, authorizeOnImage } from "cloud-image-sharing/policy";
import { describe, expect, it } from "vitest";
import { aMember, anImage, EARLIER, NOW, who } from "./fixtures.js";

describe("policy/access: authorizeOnImage", () => {
  const image = anImage("A");
  const member = aMember(image, "B");
  const facts = (
    accountId: string,
    roles: string[],
    ownMember = accountId === "B" ? member : null,
    present = true,
  ) => ({
    principal: who(accountId, roles),
    imageId: image.id,
    image: present ? image : null,
    ownMember,
    now: NOW,
  });

  it("R9: a missing image and an invisible one give the same ImageNotFound, before any role check", () => {
    const missing = authorizeOnImage(facts("A", [], null, false), "read", "any")._unsafeUnwrapErr();
    const invisible = authorizeOnImage(facts("C", []), "read", "any")._unsafeUnwrapErr();
    expect(missing).toEqual(invisible);
    expect(missing).toMatchObject({ type: "ImageNotFound", imageId: image.id });
  });

  it("R18: an expired share is no relation: ImageNotFound, exactly like a missing image", () => {
    const expired = facts("B", ["admin"], aMember(image, "B", "accepted", EARLIER));
    const missing = facts("A", ["admin"], null, false);
    expect(authorizeOnImage(expired, "read", "any")._unsafeUnwrapErr()).toEqual(
      authorizeOnImage(missing, "read", "any")._unsafeUnwrapErr(),
    );
    expect(authorizeAsMember(expired, "acceptImage")._unsafeUnwrapErr()).toMatchObject({
      type: "ImageNotFound",
      imageId: image.id,
    });
  });

  it("R8: a visible image but too weak a role is Forbidden reason 'role', naming the role and the image", () => {
    expect(authorizeOnImage(facts("A", ["observer"]), "deleteImage", "owner")._unsafeUnwrapErr()).toEqual({
      type: "Forbidden",
      message: "this action needs at least the cloudImages:admin role in your account",
      reason: "role",
      requiredRole: "cloudImages:admin",
      imageId: image.id,
    });
  });

  it("SPEC 4: a member trying an owner's action is Forbidden reason 'not-owner'; the owner trying a member's action is MemberNotFound", () => {
    expect(authorizeOnImage(facts("B", ["admin"]), "deleteImage", "owner")._unsafeUnwrapErr()).toMatchObject({
      type: "Forbidden",
      reason: "not-owner",
      imageId: image.id,
    });
    expect(authorizeAsMember(facts("A", ["admin"]), "acceptImage")._unsafeUnwrapErr()).toMatchObject({
      type: "MemberNotFound",
      imageId: image.id,
      consumerAccountId: "A",
    });
  });

  it("R9: on success it returns the image and the relation", () => {
    expect(authorizeOnImage(facts("A", ["observer"]), "read", "any")._unsafeUnwrap()).toEqual({
      image,
      relation: { kind: "owner" },
    });
    expect(authorizeAsMember(facts("B", ["admin"]), "acceptImage")._unsafeUnwrap()).toEqual({ image, member });
    expect(authorizeOnImage(facts("A", ["admin"]), "deleteImage", "owner").isOk()).toBe(true);
  });
});
