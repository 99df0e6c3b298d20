import { MAX_POLICY_ACCOUNTS, PAGE_LIMITS } from "cloud-image-sharing";
import fc from "fast-check";
import { imageNameArb } from "./entities.js";
import { invalidIdArb } from "./ids.js";
import { type MethodInputArbs, validInputArbs } from "./inputs.js";
import { invalidRegionCodeArb } from "./regions.js";

/** Values of the wrong type for any field or input: never a valid string, number or object. */
const WRONG_TYPES: readonly unknown[] = [null, true, 42, "text", [], [1, 2]];

/**
 * Values that are not image ids: invalid id strings, or not strings at all.
 *
 * @example
 * fc.assert(fc.property(invalidIdValueArb(), (v) => !IdSchema.safeParse(v).success));
 */
export function invalidIdValueArb(): fc.Arbitrary<unknown> {
  return fc.oneof(invalidIdArb(), fc.constantFrom<unknown>(null, 7, {}, ["100001"]));
}

/** Names that fail `ImageNameSchema`: empty, too long, control characters, not a string. */
function invalidNameArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      "",
      "a".repeat(256),
      "line\nbreak",
      "tab\there",
      "\u0000",
      "bell\u0007",
      "del\u007f",
      3,
      null,
    ),
    imageNameArb().map((name) => `${name}\r`),
  );
}

/** Sizes that fail `SizeBytesSchema`: negative, fractional, not finite, too big, not a number. */
const INVALID_SIZES: readonly unknown[] = [
  -1,
  0.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 1,
  "10",
  null,
];
/** Page sizes that fail `LimitSchema`. */
const INVALID_LIMITS: readonly unknown[] = [0, -1, PAGE_LIMITS.max + 1, 1.5, Number.NaN, "10", null];
/** Values that are not even of a cursor's form (base64url); for well-formed forged ones, see `cursorArb`. */
const MALFORMED_CURSORS: readonly unknown[] = ["", "not a cursor", "%%%", "a".repeat(2049), "abc=", 12, null];
/** `expiresAt` values that are not ISO-8601 timestamps. */
const INVALID_TIMESTAMPS: readonly unknown[] = [
  "",
  "tomorrow",
  "2026-13-01T00:00:00.000Z",
  "2026-01-01",
  "2026-01-01 00:00:00",
  1767225600000,
  null,
];

/** A valid input of the method with one field replaced by an invalid value. */
function withBadField<T extends object>(
  valid: fc.Arbitrary<T | undefined>,
  field: string,
  bad: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  return fc.tuple(valid, bad).map(([input, value]) => ({ ...(input ?? {}), [field]: value }));
}

/** Policy lists `PolicyAccountListSchema` refuses: not an array, a bad id, a repeat, more than 1,000 ids. */
function invalidPolicyListArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>("100001", null, 7, [7], { 0: "100001" }),
    invalidIdValueArb().map((id) => ["100001", id]),
    fc.constant(["100001", "100002", "100001"]),
    fc.constant(Array.from({ length: MAX_POLICY_ACCOUNTS + 1 }, (_, n) => String(100_000 + n))),
  );
}

/**
 * An invalid input for every method of the service, keyed by method name: one field replaced
 * by a value its schema refuses (a bad id, name, region, size, limit, cursor, `expiresAt` or
 * policy list, a missing required field) or an input that is not an object at all. Each yields
 * `ValidationError`.
 *
 * Typed as each method's input, so a value goes straight into the call: the values are invalid
 * at run time, which is the point — the type only saves you a cast.
 *
 * @example
 * fc.assert(fc.asyncProperty(invalidInputArbs().shareImage, async (input) => {
 *   const result = await sharing.shareImage(admin, input);
 *   return result.isErr() && result.error.type === "ValidationError";
 * }));
 */
export function invalidInputArbs(): MethodInputArbs {
  const valid = validInputArbs();
  const notAnObject = fc.constantFrom(...WRONG_TYPES);
  const badId = invalidIdValueArb();
  const badRegion = fc.oneof(invalidRegionCodeArb(), fc.constantFrom<unknown>(null, 1, "global"));
  const badSelector = fc.oneof(invalidRegionCodeArb(), fc.constantFrom<unknown>(null, 1));
  const missing = <T extends object>(arb: fc.Arbitrary<T>, field: string): fc.Arbitrary<unknown> =>
    arb.map((input) => Object.fromEntries(Object.entries(input).filter(([key]) => key !== field)));
  const imageRef = fc.oneof(
    notAnObject,
    withBadField(valid.getImage, "imageId", badId),
    missing(valid.getImage, "imageId"),
  );
  const memberRef = fc.oneof(
    notAnObject,
    withBadField(valid.shareImage, "imageId", badId),
    withBadField(valid.shareImage, "consumerAccountId", badId),
    missing(valid.shareImage, "consumerAccountId"),
  );
  const invalid: { [Method in keyof MethodInputArbs]: fc.Arbitrary<unknown> } = {
    createImage: fc.oneof(
      notAnObject,
      withBadField(valid.createImage, "name", invalidNameArb()),
      withBadField(valid.createImage, "region", badRegion),
      withBadField(valid.createImage, "sizeBytes", fc.constantFrom(...INVALID_SIZES)),
      missing(valid.createImage, "name"),
      missing(valid.createImage, "region"),
    ),
    updateImage: fc.oneof(
      notAnObject,
      withBadField(valid.updateImage, "imageId", badId),
      withBadField(valid.updateImage, "name", invalidNameArb()),
      missing(valid.updateImage, "name"),
    ),
    deleteImage: imageRef,
    getImage: imageRef,
    listImages: fc.oneof(
      notAnObject,
      withBadField(valid.listImages, "region", badSelector),
      withBadField(valid.listImages, "limit", fc.constantFrom(...INVALID_LIMITS)),
      withBadField(valid.listImages, "cursor", fc.constantFrom(...MALFORMED_CURSORS)),
    ),
    shareImage: fc.oneof(
      memberRef,
      withBadField(valid.shareImage, "expiresAt", fc.constantFrom(...INVALID_TIMESTAMPS)),
    ),
    unshareImage: memberRef,
    listMembers: imageRef,
    listPendingShares: fc.oneof(
      notAnObject,
      withBadField(valid.listPendingShares, "region", badSelector),
      withBadField(valid.listPendingShares, "limit", fc.constantFrom(...INVALID_LIMITS)),
      withBadField(valid.listPendingShares, "cursor", fc.constantFrom(...MALFORMED_CURSORS)),
    ),
    acceptImage: imageRef,
    rejectImage: imageRef,
    authorizeBoot: fc.oneof(
      notAnObject,
      withBadField(valid.authorizeBoot, "imageId", badId),
      withBadField(valid.authorizeBoot, "region", badRegion),
      missing(valid.authorizeBoot, "region"),
    ),
    getStorageUsage: notAnObject,
    listEvents: fc.oneof(
      notAnObject,
      withBadField(valid.listEvents, "after", badId),
      withBadField(valid.listEvents, "limit", fc.constantFrom(...INVALID_LIMITS)),
    ),
    setSharingPolicy: fc.oneof(
      notAnObject,
      withBadField(valid.setSharingPolicy, "autoAcceptFrom", invalidPolicyListArb()),
      withBadField(valid.setSharingPolicy, "blockFrom", invalidPolicyListArb()),
    ),
    getSharingPolicy: notAnObject,
  };
  // The values are deliberately not of the input types; the type is the caller's convenience.
  return invalid as unknown as MethodInputArbs;
}
