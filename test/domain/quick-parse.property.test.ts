import {
  AuthorizeBootInputSchema,
  IdSchema,
  ImageRefInputSchema,
  ListImagesInputSchema,
  ListPendingSharesInputSchema,
  MemberRefInputSchema,
  PrincipalSchema,
  ShareImageInputSchema,
} from "cloud-image-sharing";
import { invalidPrincipalArb, principalArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isPlainId,
  quickBootInput,
  quickFirstPage,
  quickImageRef,
  quickMemberRef,
  quickObject,
  quickPrincipal,
  quickShareInput,
} from "../../src/domain/quick-parse.js";

// The hot calls skip zod when a quick check accepts their arguments. That is sound only if the
// quick checks never accept what zod refuses, and answer exactly what zod would output.

/** Values near the edges of the rules: valid, invalid, and polluted-looking ones. */
const stringish = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    "",
    " ",
    "a b",
    "IAD",
    "iad",
    "DFW-2",
    "img-1",
    "x".repeat(255),
    "x".repeat(256),
    "é",
    "\u0000",
    "global",
    "2030-01-01T00:00:00.000Z",
  ),
);
const anyValue = fc.oneof(
  stringish,
  fc.integer(),
  fc.constant(undefined),
  fc.constant(null),
  fc.array(stringish, { maxLength: 3 }),
);
const objectLike = fc.dictionary(
  fc.constantFrom("imageId", "region", "consumerAccountId", "expiresAt", "userId", "accountId", "roles", "extra"),
  anyValue,
);

describe("quick checks agree with the zod schemas", () => {
  it("R15: quickPrincipal accepts only principals PrincipalSchema accepts, with the same output", () => {
    fc.assert(
      fc.property(fc.oneof(principalArb(), invalidPrincipalArb(), objectLike), (value) => {
        const quick = quickPrincipal(value);
        if (quick === undefined) return;
        const parsed = PrincipalSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(quick).toEqual(parsed.data);
      }),
    );
  });

  it("R15: quickPrincipal accepts a plainly valid principal (so the fast path is taken at all)", () => {
    expect(quickPrincipal({ userId: "alice", accountId: "100001", roles: ["admin"] })).toEqual({
      userId: "alice",
      accountId: "100001",
      roles: ["admin"],
    });
    expect(
      quickPrincipal(Object.freeze({ userId: "alice", accountId: "100001", roles: Object.freeze(["admin"]) })),
    ).toBeDefined();
  });

  it("R15: the quick input checks accept only inputs the schemas accept, with the same output", () => {
    fc.assert(
      fc.property(objectLike, (value) => {
        for (const [quick, schema] of [
          [quickBootInput(value), AuthorizeBootInputSchema],
          [quickImageRef(value), ImageRefInputSchema],
          [quickMemberRef(value), MemberRefInputSchema],
          [quickShareInput(value), ShareImageInputSchema],
        ] as const) {
          if (quick === undefined) continue;
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(quick).toEqual(parsed.data);
        }
      }),
    );
  });

  it("R18: a share input with its own expiresAt is left to zod, never stripped of it", () => {
    const input = { imageId: "img-1", consumerAccountId: "100002" };
    expect(quickShareInput(input)).toEqual(input);
    expect(quickShareInput({ ...input, expiresAt: "2030-01-01T00:00:00.000Z" })).toBeUndefined();
    expect(quickShareInput({ ...input, expiresAt: undefined })).toBeUndefined();
  });

  it("R15: quickFirstPage accepts only list inputs the list schemas accept, with their output and defaults", () => {
    const pageish = fc.oneof(
      fc.constant(undefined),
      fc.dictionary(
        fc.constantFrom("region", "limit", "cursor", "extra"),
        fc.oneof(anyValue, fc.integer({ min: -2, max: 1002 }), fc.double(), fc.constant(null)),
      ),
    );
    fc.assert(
      fc.property(pageish, (value) => {
        const quick = quickFirstPage(value);
        if (quick === undefined) return;
        for (const schema of [ListImagesInputSchema, ListPendingSharesInputSchema]) {
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect({ ...quick }).toEqual({ ...parsed.data });
        }
      }),
    );
    expect(quickFirstPage(undefined)).toEqual({ region: "global", limit: 100 });
    expect(quickFirstPage({ region: "IAD", limit: 5 })).toEqual({ region: "IAD", limit: 5 });
    expect(quickFirstPage({ region: null })).toBeUndefined();
    expect(quickFirstPage({ cursor: "abc" })).toBeUndefined();
  });

  it("R15: isPlainId accepts only ids IdSchema accepts", () => {
    fc.assert(
      fc.property(fc.oneof(stringish, fc.string({ maxLength: 300 }), anyValue), (value) => {
        if (isPlainId(value)) expect(IdSchema.safeParse(value).success).toBe(true);
      }),
    );
    expect(isPlainId("img-1")).toBe(true);
  });

  it("R15: inherited properties never satisfy a quick check", () => {
    const polluted = Object.create({ imageId: "img-1", region: "IAD" }) as object;
    expect(quickObject({ imageId: "id", region: "region" })(polluted)).toBeUndefined();
    const principal = Object.create({ roles: ["admin"] }) as Record<string, unknown>;
    principal.userId = "alice";
    principal.accountId = "100001";
    expect(quickPrincipal(principal)).toBeUndefined();
  });
});
