import { imageNameArb, sizeBytesArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import { REGIONS, UNCATALOGUED_REGION } from "../support/ops.js";
import {
  isTimestamp,
  isValidId,
  isValidLimit,
  isValidName,
  isValidPolicyList,
  isValidPrincipal,
  isValidSize,
  isWellFormedRegion,
} from "../support/oracle/state.js";

// What SPEC sections 1, 3 and 4 call valid input, from the oracle's validators: tells whether a
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
  "setSharingPolicy",
  "getSharingPolicy",
] as const;

/** A public method's name. */
export type MethodName = (typeof METHOD_NAMES)[number];

type Fields = Record<string, unknown>;

/** A value whose fields an input parser reads: an object that is not null and not an array. */
const isRecord = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isSelector = (value: unknown): boolean => value === "global" || isWellFormedRegion(value);
const optional = (check: (value: unknown) => boolean) => (value: unknown) => value === undefined || check(value);
/** Own properties only (R15): an inherited field is no field. */
const own = (input: Fields, key: string): unknown => (Object.hasOwn(input, key) ? input[key] : undefined);

export { isValidPrincipal };

/**
 * True when `input` is what `method` accepts at `now`. No generated string is a cursor the
 * library issued, so any cursor makes a list input invalid.
 */
export function isValidInput(method: MethodName, input: unknown, now: string, principalAccount?: string): boolean {
  // Methods whose fields are all optional may be called without an input at all.
  const omittable = [
    "listImages",
    "listPendingShares",
    "getStorageUsage",
    "listEvents",
    "setSharingPolicy",
    "getSharingPolicy",
  ].includes(method);
  if (input === undefined) return omittable;
  if (!isRecord(input)) return false;
  const f = (key: string) => own(input, key);
  switch (method) {
    case "createImage":
      return isValidName(f("name")) && isWellFormedRegion(f("region")) && optional(isValidSize)(f("sizeBytes"));
    case "updateImage":
      return isValidId(f("imageId")) && isValidName(f("name"));
    case "shareImage": {
      const expiresAt = f("expiresAt");
      const expiresOk = expiresAt === undefined || (isTimestamp(expiresAt) && Date.parse(expiresAt) > Date.parse(now));
      return isValidId(f("imageId")) && isValidId(f("consumerAccountId")) && expiresOk;
    }
    case "unshareImage":
      return isValidId(f("imageId")) && isValidId(f("consumerAccountId"));
    case "authorizeBoot":
      return isValidId(f("imageId")) && isWellFormedRegion(f("region"));
    case "listImages":
    case "listPendingShares":
      return optional(isSelector)(f("region")) && optional(isValidLimit)(f("limit")) && f("cursor") === undefined;
    case "getStorageUsage":
    case "getSharingPolicy":
      return true;
    case "listEvents":
      return optional(isValidId)(f("after")) && optional(isValidLimit)(f("limit"));
    case "setSharingPolicy": {
      // R17: no account in both lists, nor the principal's own (the property's accounts never set a policy before).
      const [auto, block] = [f("autoAcceptFrom"), f("blockFrom")];
      if (!optional(isValidPolicyList)(auto) || !optional(isValidPolicyList)(block)) return false;
      const all = [...((auto as string[] | undefined) ?? []), ...((block as string[] | undefined) ?? [])];
      return new Set(all).size === all.length && (principalAccount === undefined || !all.includes(principalAccount));
    }
    default:
      return isValidId(f("imageId"));
  }
}

const imageIdArb = fc.constantFrom("no-such-image", "i000-0", "x");
const accountArb = fc.constantFrom("100001", "100002", "999999");

/** A valid input for `method` at a clock reading of `nowMs` (its references may or may not exist). */
export function validInputArb(method: MethodName, nowMs: number): fc.Arbitrary<unknown> {
  switch (method) {
    case "createImage":
      return fc.record({
        name: imageNameArb(),
        region: fc.constantFrom(...REGIONS, UNCATALOGUED_REGION),
        sizeBytes: sizeBytesArb(),
      });
    case "updateImage":
      return fc.record({ imageId: imageIdArb, name: imageNameArb() });
    case "shareImage":
      return fc.record(
        {
          imageId: imageIdArb,
          consumerAccountId: accountArb,
          expiresAt: fc.integer({ min: 1, max: 10 ** 9 }).map((ms) => new Date(nowMs + ms).toISOString()),
        },
        { requiredKeys: ["imageId", "consumerAccountId"] },
      );
    case "unshareImage":
      return fc.record({ imageId: imageIdArb, consumerAccountId: accountArb });
    case "authorizeBoot":
      return fc.record({ imageId: imageIdArb, region: fc.constantFrom(...REGIONS, UNCATALOGUED_REGION) });
    case "listImages":
    case "listPendingShares":
      return fc.option(
        fc.record(
          {
            region: fc.constantFrom(...REGIONS, UNCATALOGUED_REGION, "global"),
            limit: fc.integer({ min: 1, max: 1000 }),
          },
          { requiredKeys: [] },
        ),
        {
          nil: undefined,
        },
      );
    case "getStorageUsage":
    case "getSharingPolicy":
      return fc.constantFrom(undefined, {});
    case "listEvents":
      return fc.option(fc.record({ limit: fc.integer({ min: 1, max: 1000 }) }), { nil: undefined });
    case "setSharingPolicy":
      // Producers other than any principal of the property (accounts "1000xx" are never principals there).
      return fc.option(
        fc.record(
          { autoAcceptFrom: fc.subarray(["200001", "200002"]), blockFrom: fc.subarray(["200003"]) },
          { requiredKeys: [] },
        ),
        {
          nil: undefined,
        },
      );
    default:
      return fc.record({ imageId: imageIdArb });
  }
}
