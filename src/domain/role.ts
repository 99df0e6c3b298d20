import { z } from "zod";

/** The roles that mean something to this library (SPEC section 3). */
export const KNOWN_ROLES = ["cloudImages:observer", "cloudImages:creator", "cloudImages:admin", "observer", "admin", "identity:user-admin"] as const;

/** A role the library understands. Other role strings are allowed and grant nothing. */
export type KnownRole = (typeof KNOWN_ROLES)[number];

/** The three levels every known role maps to, weakest first. */
export const ACCESS_LEVELS = ["cloudImages:observer", "cloudImages:creator", "cloudImages:admin"] as const;

/** The level a rule demands ("at least X"); also what `Forbidden.requiredRole` names. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * A principal's roles as given by the host: any strings. Unknown role strings are kept (a
 * host may pass its whole role list) and ignored by authorization.
 */
export const RolesSchema = z.array(z.string().max(255)).max(256);
