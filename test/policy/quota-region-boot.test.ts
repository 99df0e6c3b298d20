import type { MemberStatus } from "cloud-image-sharing";
import {
  checkBootRegion,
  checkMemberQuota,
  checkRegionKnown,
  DEFAULT_MEMBER_QUOTA,
  decideBoot,
} from "cloud-image-sharing/policy";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aMember, anImage, LATER, NOW, who } from "./fixtures.js";

describe("policy/quota", () => {
  it("R11: the default quota is 128", () => {
    expect(DEFAULT_MEMBER_QUOTA).toBe(128);
  });

  it("R11: a new member is allowed exactly while fewer than quota members exist", () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(300), (count, quota) => {
        const result = checkMemberQuota("img-1", count, quota);
        expect(result.isOk()).toBe(count < quota);
        if (result.isErr())
          expect(result.error).toMatchObject({ type: "MemberQuotaExceeded", imageId: "img-1", quota });
      }),
      { numRuns: 200 },
    );
    expect(checkMemberQuota("img-1", 1_000_000, Number.POSITIVE_INFINITY).isOk()).toBe(true);
    expect(checkMemberQuota("img-1", 0, 0).isErr()).toBe(true);
  });
});

describe("policy/region", () => {
  const catalog = new Set(["IAD", "DFW"]);
  it("R6: checkRegionKnown accepts catalog regions and 'global', refuses others with UnknownRegion", () => {
    expect(checkRegionKnown("IAD", catalog).isOk()).toBe(true);
    expect(checkRegionKnown("global", catalog).isOk()).toBe(true);
    expect(checkRegionKnown("LON", catalog)._unsafeUnwrapErr()).toMatchObject({ type: "UnknownRegion", region: "LON" });
  });

  it("R6: checkBootRegion allows the image's own region only", () => {
    expect(checkBootRegion(anImage(), "IAD").isOk()).toBe(true);
    expect(checkBootRegion(anImage(), "DFW")._unsafeUnwrapErr()).toMatchObject({
      type: "RegionMismatch",
      imageId: "img-1",
      imageRegion: "IAD",
      requestedRegion: "DFW",
    });
  });
});

describe("policy/boot: decideBoot", () => {
  const image = anImage("A");
  const boot = (accountId: string, status: MemberStatus | null, requestedRegion = "IAD", expiresAt?: string) =>
    decideBoot({
      principal: who(accountId, ["observer"]),
      imageId: image.id,
      image,
      ownMember: status === null ? null : aMember(image, accountId, status, expiresAt),
      requestedRegion,
      now: NOW,
    });

  it("R6: the owner boots its image in its region, as an own view", () => {
    expect(boot("A", null)._unsafeUnwrap()).toEqual({ ...image, source: "own" });
    expect(boot("A", null, "DFW")._unsafeUnwrapErr().type).toBe("RegionMismatch");
  });

  it("R2/R6: a consumer boots an accepted share in its region only; pending or rejected is Forbidden not-accepted with the status", () => {
    expect(boot("B", "accepted")._unsafeUnwrap()).toEqual({ ...image, source: "shared" });
    expect(boot("B", "accepted", "IAD", LATER)._unsafeUnwrap()).toEqual({ ...image, source: "shared" });
    expect(boot("B", "accepted", "DFW")._unsafeUnwrapErr().type).toBe("RegionMismatch");
    for (const status of ["pending", "rejected"] as const) {
      expect(boot("B", status)._unsafeUnwrapErr()).toEqual({
        type: "Forbidden",
        message: `the share of image ${image.id} is ${status}; accept it before booting from it`,
        reason: "not-accepted",
        imageId: image.id,
        status,
      });
    }
  });

  it("R9/R18: a stranger, and a consumer whose share expired, get ImageNotFound", () => {
    expect(boot("C", null)._unsafeUnwrapErr()).toMatchObject({ type: "ImageNotFound", imageId: image.id });
    expect(boot("B", "accepted", "IAD", NOW)._unsafeUnwrapErr()).toMatchObject({
      type: "ImageNotFound",
      imageId: image.id,
    });
  });
});
