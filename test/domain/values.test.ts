import {
  accountsConcernedBy,
  CursorSchema,
  compareNewestFirst,
  GLOBAL,
  IdSchema,
  ImageNameSchema,
  LimitSchema,
  PAGE_LIMITS,
  RegionCodeSchema,
  RegionSelectorSchema,
  RolesSchema,
  regionMatches,
  SizeBytesSchema,
  TimestampSchema,
} from "cloud-image-sharing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("domain values", () => {
  it("SPEC 1: an id is 1–255 printable ASCII characters without spaces", () => {
    for (const ok of ["a", "100001", "!~", "x".repeat(255), "img_1-2.3:4"]) expect(IdSchema.safeParse(ok).success).toBe(true);
    for (const bad of ["", " ", "a b", "a\tb", "a\u0000", "a\u007f", "é", "🙂", "аccount", "x".repeat(256), 1, null]) {
      expect(IdSchema.safeParse(bad).success).toBe(false);
    }
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), (s) => {
        const printableAscii = [...s].every((c) => c >= "!" && c <= "~");
        expect(IdSchema.safeParse(s).success).toBe(printableAscii);
      }),
      { numRuns: 300 },
    );
  });

  it("SPEC 4: names allow spaces and Unicode, refuse control characters; sizes are safe whole numbers", () => {
    expect(ImageNameSchema.safeParse("Ünïcode name 🙂").success).toBe(true);
    expect(ImageNameSchema.safeParse("tab\there").success).toBe(false);
    expect(ImageNameSchema.safeParse("del\u007f").success).toBe(false);
    expect(SizeBytesSchema.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
    expect(SizeBytesSchema.safeParse(Number.MAX_SAFE_INTEGER + 1).success).toBe(false);
  });

  it("R6: region codes are upper-case codes; a selector is a region code or 'global'", () => {
    for (const ok of ["IAD", "US-EAST-1", "A1"]) expect(RegionCodeSchema.safeParse(ok).success).toBe(true);
    for (const bad of ["iad", "I", "1AD", "global", "", "A".repeat(33)]) expect(RegionCodeSchema.safeParse(bad).success).toBe(false);
    expect(RegionSelectorSchema.safeParse(GLOBAL).success).toBe(true);
    expect(RegionSelectorSchema.safeParse("Global").success).toBe(false);
    expect(regionMatches("global", "IAD")).toBe(true);
    expect(regionMatches("IAD", "IAD")).toBe(true);
    expect(regionMatches("DFW", "IAD")).toBe(false);
  });

  it("SPEC 3: roles are any strings (unknown ones allowed), at most 256 of at most 255 characters", () => {
    expect(RolesSchema.safeParse(["anything", "cloudImages:admin"]).success).toBe(true);
    expect(RolesSchema.safeParse(["x".repeat(256)]).success).toBe(false);
    expect(RolesSchema.safeParse(Array(257).fill("r")).success).toBe(false);
  });

  it("SPEC 4: timestamps are ISO-8601 strings", () => {
    expect(TimestampSchema.safeParse(new Date(0).toISOString()).success).toBe(true);
    expect(TimestampSchema.safeParse("yesterday").success).toBe(false);
  });

  it("SPEC 4: limit is a whole number from 1 to 1000", () => {
    expect(PAGE_LIMITS).toEqual({ min: 1, max: 1000, default: 100 });
    for (const ok of [1, 100, 1000]) expect(LimitSchema.safeParse(ok).success).toBe(true);
    for (const bad of [0, 1001, 1.5, -1, Number.NaN]) expect(LimitSchema.safeParse(bad).success).toBe(false);
  });

  it("SPEC 4: compareNewestFirst orders by createdAt descending, then id descending", () => {
    const keys = [
      { createdAt: "2026-01-01T00:00:00.000Z", id: "b" },
      { createdAt: "2026-01-02T00:00:00.000Z", id: "a" },
      { createdAt: "2026-01-01T00:00:00.000Z", id: "c" },
    ];
    expect([...keys].sort(compareNewestFirst).map((k) => k.id)).toEqual(["a", "c", "b"]);
    const key = { createdAt: "2026-01-01T00:00:00.000Z", id: "b" };
    expect(compareNewestFirst(key, { ...key })).toBe(0);
  });

  it("SPEC 4: CursorSchema refuses strings the library did not issue", () => {
    for (const bad of ["", "***", "e30", Buffer.from(JSON.stringify({ v: 1, c: "", i: "x" })).toString("base64url")]) {
      expect(CursorSchema.safeParse(bad).success).toBe(false);
    }
    expect(CursorSchema.safeParse(Buffer.from(JSON.stringify({ v: 1, c: "2026-01-01T00:00:00.000Z", i: "x" })).toString("base64url")).success).toBe(
      true,
    );
  });

  it("SPEC 4: an event concerns its owner and, when named and different, its consumer", () => {
    expect(accountsConcernedBy({ ownerAccountId: "A" })).toEqual(["A"]);
    expect(accountsConcernedBy({ ownerAccountId: "A", consumerAccountId: "B" })).toEqual(["A", "B"]);
    expect(accountsConcernedBy({ ownerAccountId: "A", consumerAccountId: "A" })).toEqual(["A"]);
  });
});
