import {
  CursorSchema,
  GLOBAL,
  IdSchema,
  ImageNameSchema,
  LimitSchema,
  MAX_POLICY_ACCOUNTS,
  PAGE_LIMITS,
  PolicyAccountListSchema,
  PrincipalSchema,
  RegionCodeSchema,
  RegionSelectorSchema,
  RoleMapSchema,
  RolesSchema,
  SizeBytesSchema,
  TimestampSchema,
} from "cloud-image-sharing";
import { accountsConcernedBy, eventAsSeenBy, isExpired } from "cloud-image-sharing/policy";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareNewestFirst } from "../../src/domain/page.js";
import { ownPropertiesOf } from "../../src/domain/parse.js";

describe("domain values", () => {
  it("SPEC 1: an id is 1–255 printable ASCII characters without spaces", () => {
    for (const ok of ["a", "100001", "!~", "x".repeat(255), "img_1-2.3:4"])
      expect(IdSchema.safeParse(ok).success).toBe(true);
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
    for (const bad of ["iad", "I", "1AD", "global", "", "A".repeat(33)])
      expect(RegionCodeSchema.safeParse(bad).success).toBe(false);
    expect(RegionSelectorSchema.safeParse(GLOBAL).success).toBe(true);
    expect(RegionSelectorSchema.safeParse("Global").success).toBe(false);
  });

  it("SPEC 3: roles are any strings (unknown ones allowed), at most 1,024 of at most 1,024 characters, a readonly array welcome", () => {
    expect(RolesSchema.safeParse(["anything", "cloudImages:admin"]).success).toBe(true);
    const arn = `arn:aws:iam::123456789012:role/${"x".repeat(1024 - 31)}`;
    expect(arn).toHaveLength(1024);
    expect(RolesSchema.safeParse(Array(1024).fill(arn)).success).toBe(true);
    expect(RolesSchema.safeParse([`${arn}x`]).success).toBe(false);
    expect(RolesSchema.safeParse(Array(1025).fill("r")).success).toBe(false);
    expect(RolesSchema.safeParse(Object.freeze(["admin"] as const)).success).toBe(true);
  });

  it("SPEC 3: a roleMap maps non-empty host role names to observer, creator or admin", () => {
    expect(
      RoleMapSchema.safeParse({ "acme:image-admin": "admin", "acme:viewer": "observer", "acme:maker": "creator" })
        .success,
    ).toBe(true);
    expect(RoleMapSchema.safeParse({ "acme:x": "cloudImages:admin" }).success).toBe(false);
    expect(RoleMapSchema.safeParse({ "": "admin" }).success).toBe(false);
  });

  it("R17: a policy list names at most 1,000 valid account ids, none twice", () => {
    expect(MAX_POLICY_ACCOUNTS).toBe(1000);
    const ids = Array.from({ length: 1000 }, (_, i) => `acc-${i}`);
    expect(PolicyAccountListSchema.safeParse(ids).success).toBe(true);
    expect(PolicyAccountListSchema.safeParse([...ids, "acc-x"]).success).toBe(false);
    expect(PolicyAccountListSchema.safeParse(["a", "a"]).success).toBe(false);
    expect(PolicyAccountListSchema.safeParse(["a b"]).success).toBe(false);
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

  it("SPEC 4: CursorSchema admits only the cursor alphabet (base64url, 1–2048); whether the library issued it is the service's check", () => {
    for (const bad of ["", "***", "a=b", "x".repeat(2049), "a b"])
      expect(CursorSchema.safeParse(bad).success).toBe(false);
    for (const form of ["e30", "abc-_DEF", "x".repeat(2048)]) expect(CursorSchema.safeParse(form).success).toBe(true);
  });

  it("SPEC 4/R17: an event concerns its owner and, when named and different, its consumer; a policy event its account only", () => {
    const base = { id: "e", occurredAt: "2026-01-01T00:00:00.000Z", imageId: "i", actorAccountId: "A" } as const;
    expect(accountsConcernedBy({ ...base, type: "ImageCreated", ownerAccountId: "A" })).toEqual(["A"]);
    expect(accountsConcernedBy({ ...base, type: "ImageShared", ownerAccountId: "A", consumerAccountId: "B" })).toEqual([
      "A",
      "B",
    ]);
    expect(accountsConcernedBy({ ...base, type: "ImageShared", ownerAccountId: "A", consumerAccountId: "A" })).toEqual([
      "A",
    ]);
    expect(
      accountsConcernedBy({ id: "p", type: "SharingPolicyChanged", occurredAt: base.occurredAt, accountId: "B" }),
    ).toEqual(["B"]);
  });

  it("R14: eventAsSeenBy shows the acting user to the acting account only", () => {
    const shared = {
      id: "e",
      type: "ImageShared",
      occurredAt: "2026-01-01T00:00:00.000Z",
      imageId: "i",
      ownerAccountId: "A",
      consumerAccountId: "B",
      actorAccountId: "A",
      actorUserId: "alice",
    } as const;
    expect(eventAsSeenBy(shared, "A")).toEqual(shared);
    expect(eventAsSeenBy(shared, "A")).not.toBe(shared);
    const { actorUserId: _alice, ...withoutUser } = shared;
    expect(eventAsSeenBy(shared, "B")).toEqual(withoutUser);
    const policy = {
      id: "p",
      type: "SharingPolicyChanged",
      occurredAt: shared.occurredAt,
      accountId: "B",
      actorUserId: "bob",
    } as const;
    expect(eventAsSeenBy(policy, "B")).toEqual(policy);
  });

  it("R18: a share has expired from expiresAt on (inclusive); without expiresAt never", () => {
    const at = "2026-01-01T00:00:00.000Z";
    expect(isExpired({ expiresAt: at }, "2025-12-31T23:59:59.999Z")).toBe(false);
    expect(isExpired({ expiresAt: at }, at)).toBe(true);
    expect(isExpired({}, "9999-01-01T00:00:00.000Z")).toBe(false);
  });

  it("R15: ownPropertiesOf copies own enumerable properties only, so a polluted prototype adds nothing", () => {
    const proto = Object.prototype as Record<string, unknown>;
    const arrayProto = Array.prototype as unknown as Record<number, unknown>;
    try {
      proto.consumerAccountId = "EVIL";
      arrayProto[1] = "EVIL-ROLE";
      const sparse: string[] = ["a"];
      sparse[2] = "c"; // index 1 is a hole
      const copy = ownPropertiesOf({ imageId: "x", nested: { a: 1 }, list: sparse }) as Record<string, unknown>;
      expect(copy.consumerAccountId).toBeUndefined();
      expect((copy.nested as Record<string, unknown>).consumerAccountId).toBeUndefined();
      expect(copy.list).toEqual(["a", undefined, "c"]);
      expect(PrincipalSchema.safeParse(ownPropertiesOf({ userId: "u", accountId: "a", roles: [] })).success).toBe(true);
    } finally {
      delete proto.consumerAccountId;
      delete arrayProto[1];
    }
  });
});
