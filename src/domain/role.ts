import { z } from "zod/v4";

/** The roles that mean something to this library out of the box (a host adds its own with `roleMap`). */
export const KNOWN_ROLES = [
  "cloudImages:observer",
  "cloudImages:creator",
  "cloudImages:admin",
  "observer",
  "admin",
  "identity:user-admin",
] as const;

/** A role the library understands. Other role strings are allowed and grant nothing. */
export type KnownRole = (typeof KNOWN_ROLES)[number];

/** The three levels every known role maps to, weakest first. */
export const ACCESS_LEVELS = ["cloudImages:observer", "cloudImages:creator", "cloudImages:admin"] as const;

/** The level a rule demands ("at least X"); also what `Forbidden.requiredRole` names. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Most roles one principal may hold, and the longest role string (identity systems hand out long lists of long names, e.g. IAM ARNs). */
export const ROLE_LIMITS = { count: 1024, length: 1024 } as const;

/**
 * A principal's roles as given by the host: any strings, a readonly array welcome. Unknown
 * role strings are kept (a host may pass its whole role list) and ignored by authorization.
 */
export const RolesSchema = z
  .array(z.string().max(ROLE_LIMITS.length, `a role is at most ${ROLE_LIMITS.length} characters`))
  .max(ROLE_LIMITS.count, `a principal holds at most ${ROLE_LIMITS.count} roles`)
  .readonly();

/**
 * A host's own role names mapped to the three levels (`{ "acme:image-admin": "admin" }`),
 * added to the built-in table. Values are `observer`, `creator` or `admin`.
 */
export const RoleMapSchema = z.record(
  z.string().min(1).max(ROLE_LIMITS.length),
  z.enum(["observer", "creator", "admin"]),
);

/** A role map (see {@link RoleMapSchema}). */
export type RoleMap = z.infer<typeof RoleMapSchema>;
