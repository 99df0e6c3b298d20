import type { Principal } from "cloud-image-sharing";
import { KNOWN_ROLES, type KnownRole } from "cloud-image-sharing";
import fc from "fast-check";
import { accountIdArb, idArb, invalidIdArb } from "./ids.js";

/** Most roles a principal may hold, and the longest role string (identity systems hand out long lists of long names). */
const ROLE_LIMITS = { count: 1024, length: 1024 } as const;

/**
 * One of the roles the library understands.
 *
 * @example
 * fc.assert(fc.property(knownRoleArb(), (role) => KNOWN_ROLES.includes(role)));
 */
export function knownRoleArb(): fc.Arbitrary<KnownRole> {
  return fc.constantFrom(...KNOWN_ROLES);
}

/**
 * Role strings the library does not know — near misses included (`"Admin"`,
 * `"cloudImages:owner"`), IAM ARNs and names of the longest length allowed: they must grant
 * nothing and must not be an error.
 *
 * @example
 * const principal = { userId: "u", accountId: "100001", roles: fc.sample(unknownRoleArb(), 3) };
 */
export function unknownRoleArb(): fc.Arbitrary<string> {
  const known: readonly string[] = KNOWN_ROLES;
  return fc
    .oneof(
      fc.constantFrom(
        "Admin",
        "ADMIN",
        "cloudImages:owner",
        "cloudimages:admin",
        "cloudImages:admin ",
        "billing:admin",
        "",
        "arn:aws:iam::123456789012:role/cloud-image-admin",
        "x".repeat(ROLE_LIMITS.length),
      ),
      fc.string({ maxLength: 40 }),
    )
    .filter((role) => !known.includes(role));
}

/**
 * Role sets as a host passes them: any mix of known and unknown roles, possibly empty or repeated.
 *
 * @example
 * fc.assert(fc.property(rolesArb(), (roles) => RolesSchema.safeParse(roles).success));
 */
export function rolesArb(): fc.Arbitrary<string[]> {
  return fc.array(fc.oneof(knownRoleArb(), unknownRoleArb()), { maxLength: 6 });
}

/**
 * Valid principals. Pin `accountId` or `roles` to act in a given account or with given roles.
 *
 * @example
 * fc.assert(fc.property(principalArb({ accountId: "100001" }), (p) => p.accountId === "100001"));
 */
export function principalArb(
  options: { accountId?: string; roles?: fc.Arbitrary<string[]> } = {},
): fc.Arbitrary<Principal> {
  return fc.record({
    userId: idArb(),
    accountId: options.accountId === undefined ? accountIdArb() : fc.constant(options.accountId),
    roles: options.roles ?? rolesArb(),
  });
}

/**
 * Values that are NOT principals: a bad user or account id, roles that are not an array of
 * strings (or more than 1,024 of them, or one longer than 1,024 characters), a missing field,
 * or not an object at all. Each fails `PrincipalSchema`.
 *
 * @example
 * fc.assert(fc.property(invalidPrincipalArb(), (p) => !PrincipalSchema.safeParse(p).success));
 */
export function invalidPrincipalArb(): fc.Arbitrary<unknown> {
  const valid = principalArb();
  return fc.oneof(
    fc.tuple(valid, invalidIdArb()).map(([p, userId]) => ({ ...p, userId })),
    fc.tuple(valid, invalidIdArb()).map(([p, accountId]) => ({ ...p, accountId })),
    fc
      .tuple(
        valid,
        fc.constantFrom<unknown>(
          "cloudImages:admin",
          null,
          7,
          [1],
          ["x".repeat(ROLE_LIMITS.length + 1)],
          Array.from({ length: ROLE_LIMITS.count + 1 }, () => "observer"),
        ),
      )
      .map(([p, roles]) => ({ ...p, roles })),
    fc.tuple(valid, fc.constantFrom("userId", "accountId", "roles")).map(([p, missing]) => {
      const copy: Record<string, unknown> = { ...p };
      delete copy[missing];
      return copy;
    }),
    fc.constantFrom<unknown>(null, undefined, "alice", 42, []),
  );
}
