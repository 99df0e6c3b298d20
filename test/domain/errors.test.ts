import { ERROR_TYPES, isSharingError, SharingErrors } from "cloud-image-sharing";
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
      SharingErrors.forbiddenRole("cloudImages:admin"),
      SharingErrors.forbidden("no"),
      SharingErrors.selfShare("i"),
      SharingErrors.alreadyShared("accepted"),
      SharingErrors.reshareRequired("i"),
      SharingErrors.memberQuotaExceeded(3),
      SharingErrors.regionMismatch("IAD", "DFW"),
      SharingErrors.unknownRegion("LON"),
      SharingErrors.concurrentModification(),
      SharingErrors.storageFailure(new Error("boom")),
    ];
    expect(new Set(errors.map((e) => e.type))).toEqual(new Set(ERROR_TYPES));
    for (const error of errors) {
      expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
      expect(error.message.length).toBeGreaterThan(0);
      expect(isSharingError(error)).toBe(true);
    }
    expect(SharingErrors.validation([{ path: ["a", 0], message: "bad" }]).message).toBe("invalid input: a.0: bad");
    expect(SharingErrors.validation([{ path: [], message: "bad" }]).message).toBe("invalid input: (root): bad");
    expect(SharingErrors.concurrentModification().message).toMatch(/^the image was changed/);
    expect(SharingErrors.concurrentModification("member x").message).toMatch(/^member x was changed/);
  });

  it("R15: StorageFailure describes any cause without throwing", () => {
    expect(SharingErrors.storageFailure(new Error("disk")).message).toBe("storage failed: disk");
    expect(SharingErrors.storageFailure("plain").message).toBe("storage failed: plain");
    expect(SharingErrors.storageFailure(undefined).message).toBe("storage failed: undefined");
    const hostile = {
      toString: () => {
        throw new Error("x");
      },
    };
    expect(SharingErrors.storageFailure(hostile).message).toBe("storage failed: an unprintable value was thrown");
    expect(SharingErrors.storageFailure(Object.create(null)).message).toBe("storage failed: an unprintable value was thrown");
  });

  it("SPEC 4: isSharingError recognises only the library's error values", () => {
    for (const value of [null, undefined, 1, "ImageNotFound", {}, { type: 1 }, { type: "Nope" }, new Error("x")]) {
      expect(isSharingError(value)).toBe(false);
    }
    expect(isSharingError({ type: "ImageNotFound", message: "m" })).toBe(true);
  });
});
