import { ConfigurationError, ERROR_TYPES, isSharingError, type SharingError, SharingErrors } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";

describe("domain/errors", () => {
  it("SPEC 4: ERROR_TYPES is exactly the contract's list", () => {
    expect([...ERROR_TYPES].sort()).toEqual(
      [
        "ValidationError",
        "ImageNotFound",
        "AccountNotFound",
        "MemberNotFound",
        "Forbidden",
        "SelfShare",
        "AlreadyShared",
        "ReshareRequired",
        "MemberQuotaExceeded",
        "RegionMismatch",
        "UnknownRegion",
        "ConcurrentModification",
        "StorageFailure",
      ].sort(),
    );
  });

  it("SPEC 4: every constructor gives a plain tagged object with a message and its details", () => {
    const errors = [
      SharingErrors.validation([{ path: ["a", 0], message: "bad" }]),
      SharingErrors.imageNotFound("i"),
      SharingErrors.accountNotFound("acc"),
      SharingErrors.memberNotFound("i", "acc"),
      SharingErrors.forbiddenRole("cloudImages:admin", "i"),
      SharingErrors.notOwner("i"),
      SharingErrors.notAccepted("i", "pending"),
      SharingErrors.selfShare("i"),
      SharingErrors.alreadyShared("i", "acc", "accepted", false),
      SharingErrors.reshareRequired("i"),
      SharingErrors.memberQuotaExceeded("i", 3),
      SharingErrors.regionMismatch("i", "IAD", "DFW"),
      SharingErrors.unknownRegion("LON"),
      SharingErrors.concurrentModification("i"),
      SharingErrors.storageFailure(new Error("boom")),
      SharingErrors.storageTimeout(50, true),
    ];
    expect(new Set(errors.map((e) => e.type))).toEqual(new Set(ERROR_TYPES));
    for (const error of errors) {
      expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
      expect(error.message.length).toBeGreaterThan(0);
      expect(isSharingError(error)).toBe(true);
    }
    expect(SharingErrors.validation([{ path: ["a", 0], message: "bad" }]).message).toBe("invalid input: a.0: bad");
    expect(SharingErrors.validation([{ path: [], message: "bad" }]).message).toBe("invalid input: (root): bad");
    expect(SharingErrors.concurrentModification().message).toMatch(/^the data was changed/);
    expect(SharingErrors.concurrentModification("img-1")).toEqual({
      type: "ConcurrentModification",
      message: "image img-1 was changed by another operation; retry",
      imageId: "img-1",
    });
  });

  it("SPEC 4: every image-scoped error carries imageId", () => {
    const imageScoped: SharingError[] = [
      SharingErrors.imageNotFound("i"),
      SharingErrors.memberNotFound("i", "acc"),
      SharingErrors.forbiddenRole("cloudImages:admin", "i"),
      SharingErrors.notOwner("i"),
      SharingErrors.notAccepted("i", "rejected"),
      SharingErrors.selfShare("i"),
      SharingErrors.alreadyShared("i", "acc", "pending", false),
      SharingErrors.reshareRequired("i"),
      SharingErrors.memberQuotaExceeded("i", 3),
      SharingErrors.regionMismatch("i", "IAD", "DFW"),
      SharingErrors.concurrentModification("i"),
    ];
    for (const error of imageScoped) expect(error).toHaveProperty("imageId", "i");
  });

  it("SPEC 4: Forbidden says why: reason role (requiredRole), not-owner, not-accepted (status)", () => {
    expect(SharingErrors.forbiddenRole("cloudImages:creator")).toEqual({
      type: "Forbidden",
      message: "this action needs at least the cloudImages:creator role in your account",
      reason: "role",
      requiredRole: "cloudImages:creator",
    });
    expect(SharingErrors.forbiddenRole("cloudImages:creator", "i", false).message).toMatch(
      /none of your roles is one this service knows/,
    );
    expect(SharingErrors.notOwner("i")).toMatchObject({ reason: "not-owner", imageId: "i" });
    expect(SharingErrors.notOwner("i")).not.toHaveProperty("requiredRole");
    expect(SharingErrors.notAccepted("i", "pending")).toMatchObject({
      reason: "not-accepted",
      imageId: "i",
      status: "pending",
    });
  });

  it("SPEC 4/R18: AlreadyShared carries imageId, consumerAccountId, status, and expired only when expired", () => {
    expect(SharingErrors.alreadyShared("i", "acc", "rejected", false)).toEqual({
      type: "AlreadyShared",
      message: "image i is already shared with account acc (status: rejected); remove the member before sharing again",
      imageId: "i",
      consumerAccountId: "acc",
      status: "rejected",
    });
    expect(SharingErrors.alreadyShared("i", "acc", "accepted", true)).toMatchObject({
      status: "accepted",
      expired: true,
    });
    expect(SharingErrors.alreadyShared("i", "acc", "accepted", true).message).toContain("expired");
  });

  it("R15: StorageFailure describes any cause without throwing, with reason unavailable by default", () => {
    expect(SharingErrors.storageFailure(new Error("disk"))).toMatchObject({
      message: "storage failed: disk",
      reason: "unavailable",
    });
    expect(SharingErrors.storageFailure("plain").message).toBe("storage failed: plain");
    expect(SharingErrors.storageFailure(undefined).message).toBe("storage failed: undefined");
    expect(SharingErrors.storageFailure({ code: "57P01" }, "invalid-response")).toMatchObject({
      reason: "invalid-response",
      cause: { code: "57P01" },
    });
    const hostile = {
      toString: () => {
        throw new Error("x");
      },
    };
    expect(SharingErrors.storageFailure(hostile).message).toBe("storage failed: an unprintable value was thrown");
    expect(SharingErrors.storageFailure(Object.create(null)).message).toBe(
      "storage failed: an unprintable value was thrown",
    );
  });

  it("R15: a timeout is StorageFailure reason timeout; for a write it says the outcome is unknown", () => {
    const read = SharingErrors.storageTimeout(50, false);
    expect(read).toMatchObject({
      type: "StorageFailure",
      reason: "timeout",
      message: "storage did not answer within 50 ms",
    });
    expect(read).not.toHaveProperty("outcomeUnknown");
    const write = SharingErrors.storageTimeout(50, true);
    expect(write).toMatchObject({ type: "StorageFailure", reason: "timeout", outcomeUnknown: true });
    expect(write.message).toMatch(/may or may not have been applied/);
  });

  it("SPEC 4: isSharingError recognises only the library's error values", () => {
    for (const value of [
      null,
      undefined,
      1,
      "ImageNotFound",
      {},
      { type: 1 },
      { type: "Nope" },
      { type: "ImageNotFound" },
      new Error("x"),
    ]) {
      expect(isSharingError(value)).toBe(false);
    }
    expect(isSharingError({ type: "ImageNotFound", message: "m" })).toBe(true);
  });

  it("R15: ConfigurationError is an Error named ConfigurationError listing every issue", () => {
    const error = new ConfigurationError("createThing", [
      { path: ["a", 0], message: "bad" },
      { path: [], message: "worse" },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ConfigurationError");
    expect(error.issues).toEqual([
      { path: ["a", 0], message: "bad" },
      { path: [], message: "worse" },
    ]);
    expect(error.message).toBe("createThing: invalid options: a.0: bad; options: worse");
  });
});
