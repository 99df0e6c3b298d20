import { err, type Result } from "neverthrow";
import { type SharingErrorOf, SharingErrors } from "../domain/errors.js";
import type { Principal } from "../domain/principal.js";
import { ACCESS_LEVELS, type AccessLevel, type KnownRole, type RoleMap } from "../domain/role.js";
import { passed } from "./passed.js";

// R8 and the role table: every known role maps to one of three levels; a principal holds the
// highest level of its roles ("the most permissive one applies"), and only in its own account.

/** The level (1 = observer, 2 = creator, 3 = admin) each known role grants. */
const LEVEL_OF_ROLE: Readonly<Record<KnownRole, 1 | 2 | 3>> = {
  "cloudImages:observer": 1,
  observer: 1,
  "cloudImages:creator": 2,
  "cloudImages:admin": 3,
  admin: 3,
  "identity:user-admin": 3,
};

/** The level each rule demands (R8): which role an action needs, at least. */
export const REQUIRED_ROLE = {
  read: "cloudImages:observer",
  createImage: "cloudImages:creator",
  updateImage: "cloudImages:creator",
  shareImage: "cloudImages:creator",
  deleteImage: "cloudImages:admin",
  unshareImage: "cloudImages:admin",
  acceptImage: "cloudImages:admin",
  rejectImage: "cloudImages:admin",
  setSharingPolicy: "cloudImages:admin",
} as const satisfies Record<string, AccessLevel>;

/** The action names of {@link REQUIRED_ROLE}. */
export type Action = keyof typeof REQUIRED_ROLE;

/** 0–3: the strongest level among `roles`; unknown role strings grant nothing (0). */
export function levelOf(roles: readonly string[]): 0 | 1 | 2 | 3 {
  let level: 0 | 1 | 2 | 3 = 0;
  for (const role of roles) {
    const granted = Object.hasOwn(LEVEL_OF_ROLE, role) ? LEVEL_OF_ROLE[role as KnownRole] : 0;
    if (granted > level) level = granted;
  }
  return level;
}

/** The rank (1–3) of an access level, for comparing with {@link levelOf}. */
export function rankOf(level: AccessLevel): 1 | 2 | 3 {
  return (ACCESS_LEVELS.indexOf(level) + 1) as 1 | 2 | 3;
}

/**
 * True when `principal` holds at least `level` in `accountId`. A role never reaches into
 * another account: for any account but the principal's own the answer is always false.
 */
export function hasRole(principal: Principal, accountId: string, level: AccessLevel): boolean {
  return principal.accountId === accountId && levelOf(principal.roles) >= rankOf(level);
}

/**
 * `ok` when the principal may perform `action` in its own account, else `Forbidden` naming the
 * role (on `imageId`, when the action is about one image). A principal holding no role the
 * library knows is told so in the message: that is usually a typo or a missing `roleMap` entry.
 */
export function requireRole(
  principal: Principal,
  action: Action,
  imageId?: string,
): Result<void, SharingErrorOf<"Forbidden">> {
  const needed = REQUIRED_ROLE[action];
  if (hasRole(principal, principal.accountId, needed)) return passed();
  return err(SharingErrors.forbiddenRole(needed, imageId, levelOf(principal.roles) > 0));
}

/** The canonical role each level of a `roleMap` stands for. */
const ROLE_OF_LEVEL: Readonly<Record<RoleMap[string], KnownRole>> = {
  observer: "observer",
  creator: "cloudImages:creator",
  admin: "admin",
};

/**
 * The principal with the host's own role names (`roleMap`) translated into the built-in ones,
 * added to its roles: the rest of the policy then knows only the built-in table.
 */
export function withMappedRoles(principal: Principal, roleMap: Readonly<RoleMap>): Principal {
  const mapped: string[] = [];
  for (const role of principal.roles) {
    if (Object.hasOwn(roleMap, role)) mapped.push(ROLE_OF_LEVEL[roleMap[role] as RoleMap[string]]);
  }
  return mapped.length === 0 ? principal : { ...principal, roles: [...principal.roles, ...mapped] };
}
