import { PAGE_LIMITS } from "./page.js";
import type { Principal } from "./principal.js";
import { GLOBAL } from "./region.js";

// The hot calls (the boot check above all) parse the same few shapes millions of times, and
// zod's general machinery costs more than the whole decision. These checks accept only values
// the zod schemas accept — with the very same output — and answer `undefined` for anything
// else, which then goes through zod for its exact issues. They read own properties only.
// A property test holds them to "quick accepts ⇒ zod accepts, with the same output".

/** An id: 1–255 printable ASCII characters without spaces (the `IdSchema` rule). */
const ID = /^[\x21-\x7E]{1,255}$/;
/** A region code (the `RegionCodeSchema` rule). */
const REGION = /^[A-Z][A-Z0-9-]{1,31}$/;
/** True for a string `IdSchema` accepts (held to it by the property test). */
export const isPlainId = (value: unknown): value is string => typeof value === "string" && ID.test(value);

/** The `RolesSchema` limits. */
const MAX_ROLES = 1024;
const MAX_ROLE_LENGTH = 1024;

/** A field the quick check knows: an id, or a region code. */
export type QuickField = "id" | "region";

const FIELD_RULES: Readonly<Record<QuickField, RegExp>> = { id: ID, region: REGION };

/**
 * What the quick checks answer: an object whose prototype chain ends without `Object.prototype`,
 * like the parsed zod outputs, so a left-out optional field reads `undefined`, never a polluted
 * one (R15). Not `Object.create(null)` itself: V8 keeps those as hash tables, several times
 * slower to fill and read than objects with a prototype.
 */
const QUICK_OUTPUT_PROTOTYPE: object = Object.freeze(Object.create(null));
const quickOutput = <T>(): T => Object.create(QUICK_OUTPUT_PROTOTYPE) as T;

/** A plain object (literal or null-prototype), not an array, not a class instance or proxy-looking thing. */
function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The principal, when it is plainly valid; `undefined` to let zod judge it. */
export function quickPrincipal(value: unknown): Principal | undefined {
  try {
    if (
      !plainObject(value) ||
      !Object.hasOwn(value, "userId") ||
      !Object.hasOwn(value, "accountId") ||
      !Object.hasOwn(value, "roles")
    )
      return undefined;
    const { userId, accountId, roles } = value;
    if (typeof userId !== "string" || typeof accountId !== "string" || !ID.test(userId) || !ID.test(accountId))
      return undefined;
    if (!Array.isArray(roles) || roles.length > MAX_ROLES) return undefined;
    const copy = new Array<string>(roles.length);
    for (let i = 0; i < roles.length; i += 1) {
      if (!Object.hasOwn(roles, i)) return undefined;
      const role: unknown = roles[i];
      if (typeof role !== "string" || role.length > MAX_ROLE_LENGTH) return undefined;
      copy[i] = role;
    }
    return { userId, accountId, roles: copy };
  } catch {
    return undefined;
  }
}

/**
 * A quick check for an input object whose fields are all required ids or region codes; the
 * output holds exactly those fields (zod strips the others too). An input holding one of the
 * schema's optional fields (`optional`, e.g. `expiresAt`) is left to zod, which reads it.
 */
export function quickObject<K extends string>(
  fields: Readonly<Record<K, QuickField>>,
  optional: readonly string[] = [],
): (value: unknown) => Record<K, string> | undefined {
  const keys = Object.keys(fields) as K[];
  const rules = keys.map((key) => FIELD_RULES[fields[key]]);
  return (value) => {
    try {
      if (!plainObject(value)) return undefined;
      for (const key of optional) if (Object.hasOwn(value, key)) return undefined;
      const out = quickOutput<Record<K, string>>();
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i] as K;
        if (!Object.hasOwn(value, key)) return undefined;
        const field: unknown = value[key];
        if (typeof field !== "string" || !(rules[i] as RegExp).test(field)) return undefined;
        out[key] = field;
      }
      return out;
    } catch {
      return undefined;
    }
  };
}

/** `{ imageId }` (`ImageRefInputSchema`): getImage, acceptImage, rejectImage, deleteImage. */
export const quickImageRef = quickObject({ imageId: "id" });
/** `{ imageId, region }` (`AuthorizeBootInputSchema`). */
export const quickBootInput = quickObject({ imageId: "id", region: "region" });
/** `{ imageId, consumerAccountId }` (`MemberRefInputSchema`): unshareImage. */
export const quickMemberRef = quickObject({ imageId: "id", consumerAccountId: "id" });
/** `{ imageId, consumerAccountId }` without `expiresAt` (`ShareImageInputSchema`; with one, zod checks it). */
export const quickShareInput = quickObject({ imageId: "id", consumerAccountId: "id" }, ["expiresAt"]);

/**
 * A first page's `{ region?, limit? }` (`ListImagesInputSchema`, `ListPendingSharesInputSchema`),
 * defaults filled in as zod fills them; an input with a cursor, or anything unusual, is left to zod.
 */
export function quickFirstPage(value: unknown): { region: string; limit: number } | undefined {
  try {
    if (value !== undefined && !plainObject(value)) return undefined;
    const own = (key: string): unknown =>
      value !== undefined && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    if (value !== undefined && Object.hasOwn(value, "cursor")) return undefined;
    // Only `undefined` takes the default (as zod's `.default`): a `null` is no region, and goes to zod.
    const givenRegion = own("region");
    const givenLimit = own("limit");
    const region = givenRegion === undefined ? GLOBAL : givenRegion;
    const limit = givenLimit === undefined ? PAGE_LIMITS.default : givenLimit;
    if (typeof region !== "string" || (region !== GLOBAL && !REGION.test(region))) return undefined;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < PAGE_LIMITS.min || limit > PAGE_LIMITS.max)
      return undefined;
    const out = quickOutput<{ region: string; limit: number }>();
    out.region = region;
    out.limit = limit;
    return out;
  } catch {
    return undefined;
  }
}
