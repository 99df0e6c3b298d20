import type { Principal } from "./principal.js";

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
  const entries = Object.entries(fields) as [K, QuickField][];
  return (value) => {
    try {
      if (!plainObject(value)) return undefined;
      for (const key of optional) if (Object.hasOwn(value, key)) return undefined;
      // No prototype, like the parsed zod outputs: a left-out optional field reads `undefined` (R15).
      const out = Object.create(null) as Record<K, string>;
      for (const [key, kind] of entries) {
        if (!Object.hasOwn(value, key)) return undefined;
        const field: unknown = value[key];
        if (typeof field !== "string" || !FIELD_RULES[kind].test(field)) return undefined;
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
