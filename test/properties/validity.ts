import fc from "fast-check";
import { GLOBAL_SELECTOR, imageNameArb, REGIONS, sizeBytesArb } from "./generators.js";

// An independent oracle of what SPEC sections 1 and 4 call valid input, used to tell whether a
// call *must* fail with ValidationError. Written from the spec, not from the library's schemas.

/** Every public method of the service. */
export const METHOD_NAMES = [
  "createImage",
  "updateImage",
  "deleteImage",
  "getImage",
  "listImages",
  "shareImage",
  "unshareImage",
  "listMembers",
  "listPendingShares",
  "acceptImage",
  "rejectImage",
  "authorizeBoot",
  "getStorageUsage",
  "listEvents",
] as const;

/** A public method's name. */
export type MethodName = (typeof METHOD_NAMES)[number];

type Fields = Record<string, unknown>;

/** A value whose fields an input parser reads: an object that is not null and not an array. */
const isRecord = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);

/** SPEC 1: 1–255 printable ASCII characters without spaces. */
export const isId = (value: unknown): boolean => typeof value === "string" && /^[\x21-\x7E]{1,255}$/.test(value);
/** A name: 1–255 characters, none of them a control character (U+0000–U+001F, U+007F). */
const isName = (value: unknown): boolean =>
  typeof value === "string" &&
  value.length >= 1 &&
  value.length <= 255 &&
  [...value].every((char) => {
    const code = char.charCodeAt(0);
    return code > 0x1f && code !== 0x7f;
  });
/** A well-formed region code (whether the catalog holds it is not a validation question). */
const isRegionCode = (value: unknown): boolean => typeof value === "string" && /^[A-Z][A-Z0-9-]{1,31}$/.test(value);
const isSelector = (value: unknown): boolean => value === GLOBAL_SELECTOR || isRegionCode(value);
const isSize = (value: unknown): boolean => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const isLimit = (value: unknown): boolean => typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000;
const optional = (check: (value: unknown) => boolean) => (value: unknown) => value === undefined || check(value);

/** A principal: `{ userId, accountId, roles }`, ids valid, roles at most 256 strings of at most 255 characters. */
export function isValidPrincipal(value: unknown): boolean {
  if (!isRecord(value) || !isId(value.userId) || !isId(value.accountId)) return false;
  const roles = value.roles;
  if (!Array.isArray(roles) || roles.length > 256) return false;
  // Index by index: `every` would skip the holes of a sparse array, which are not strings.
  for (let i = 0; i < roles.length; i += 1) {
    const role: unknown = roles[i];
    if (typeof role !== "string" || role.length > 255) return false;
  }
  return true;
}

/** True when `input` is what `method` accepts. No generated string is a cursor the library issued. */
export function isValidInput(method: MethodName, input: unknown): boolean {
  // Methods whose fields are all optional may be called without an input at all.
  const omittable = method === "listImages" || method === "listPendingShares" || method === "getStorageUsage" || method === "listEvents";
  if (input === undefined) return omittable;
  if (!isRecord(input)) return false;
  switch (method) {
    case "createImage":
      return isName(input.name) && isRegionCode(input.region) && optional(isSize)(input.sizeBytes);
    case "updateImage":
      return isId(input.imageId) && isName(input.name);
    case "shareImage":
    case "unshareImage":
      return isId(input.imageId) && isId(input.consumerAccountId);
    case "authorizeBoot":
      return isId(input.imageId) && isRegionCode(input.region);
    case "listImages":
      return optional(isSelector)(input.region) && optional(isLimit)(input.limit) && input.cursor === undefined;
    case "listPendingShares":
      return optional(isSelector)(input.region);
    case "getStorageUsage":
      return true;
    case "listEvents":
      return optional(isId)(input.after) && optional(isLimit)(input.limit);
    default:
      return isId(input.imageId);
  }
}

const imageIdArb = fc.constantFrom("no-such-image", "i000-0", "x");
const anyRegionArb = fc.constantFrom(...REGIONS, "SYD", GLOBAL_SELECTOR);

/** A valid input for `method` (its references may or may not exist). */
export function validInputArb(method: MethodName): fc.Arbitrary<unknown> {
  switch (method) {
    case "createImage":
      return fc.record({ name: imageNameArb, region: fc.constantFrom(...REGIONS, "SYD"), sizeBytes: sizeBytesArb });
    case "updateImage":
      return fc.record({ imageId: imageIdArb, name: imageNameArb });
    case "shareImage":
    case "unshareImage":
      return fc.record({ imageId: imageIdArb, consumerAccountId: fc.constantFrom("100001", "100002", "999999") });
    case "authorizeBoot":
      return fc.record({ imageId: imageIdArb, region: fc.constantFrom(...REGIONS, "SYD") });
    case "listImages":
    case "listPendingShares":
      return fc.option(fc.record({ region: anyRegionArb }), { nil: undefined });
    case "getStorageUsage":
      return fc.constantFrom(undefined, {});
    case "listEvents":
      return fc.option(fc.record({ limit: fc.integer({ min: 1, max: 1000 }) }), { nil: undefined });
    default:
      return fc.record({ imageId: imageIdArb });
  }
}
