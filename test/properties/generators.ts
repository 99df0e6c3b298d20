import type { Principal } from "cloud-image-sharing";
import fc from "fast-check";

// Small generators for the property tests of the core. They are written here, from the spec,
// on purpose: the public arbitraries of `cloud-image-sharing/testing` are code under test too.

/** The accounts of the directory every generated world starts with. */
export const ACCOUNTS = ["100001", "100002", "100003", "100004"] as const;
/** A well-formed account id the directory does not know (R10). */
export const STRANGER = "999999";
/** The region catalog of every generated world. */
export const REGIONS = ["IAD", "DFW", "LON"] as const;
/** A well-formed region code outside the catalog (`UnknownRegion`). */
export const UNCATALOGUED_REGION = "SYD";
/** `"global"`: the selector of every region at once (R6). */
export const GLOBAL_SELECTOR = "global";
/** A small member quota, so that random sequences actually reach it (R11). */
export const MEMBER_QUOTA = 2;
/** An image id no world ever issues (ids are issued by {@link scrambledIds}). */
export const MISSING_IMAGE_ID = "no-such-image";

/**
 * The level (1 observer, 2 creator, 3 admin) of each known role: SPEC section 3, copied here
 * rather than imported so that a wrong table in `src/policy/rbac.ts` cannot hide itself.
 */
const LEVEL_OF_KNOWN_ROLE: ReadonlyMap<string, 1 | 2 | 3> = new Map([
  ["cloudImages:observer", 1],
  ["observer", 1],
  ["cloudImages:creator", 2],
  ["cloudImages:admin", 3],
  ["admin", 3],
  ["identity:user-admin", 3],
]);

/** Every role string the spec knows. */
export const KNOWN_ROLE_NAMES: readonly string[] = [...LEVEL_OF_KNOWN_ROLE.keys()];

/**
 * Role strings that grant nothing: near-misses of known roles (case, spaces, prefixes) and the
 * names of `Object.prototype` members, which a careless table look-up would find.
 */
export const UNKNOWN_ROLE_NAMES: readonly string[] = [
  "cloudImages:superuser",
  "cloudimages:admin",
  "Admin",
  "admin ",
  "cloudImages:",
  "",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
];

/** The access level a set of roles grants: the strongest known role, 0 when none (SPEC 3). */
export function levelOfRoles(roles: readonly string[]): 0 | 1 | 2 | 3 {
  let level: 0 | 1 | 2 | 3 = 0;
  for (const role of roles) level = Math.max(level, LEVEL_OF_KNOWN_ROLE.get(role) ?? 0) as 0 | 1 | 2 | 3;
  return level;
}

/** Any role set: known and unknown roles mixed, in any order, sometimes empty. */
export const anyRolesArb: fc.Arbitrary<string[]> = fc.shuffledSubarray([...KNOWN_ROLE_NAMES, ...UNKNOWN_ROLE_NAMES], { maxLength: 4 });

/** A role set that grants at least `level` (plus noise). */
export function rolesAtLeastArb(level: 1 | 2 | 3): fc.Arbitrary<string[]> {
  const strong = KNOWN_ROLE_NAMES.filter((role) => levelOfRoles([role]) >= level);
  return fc.tuple(fc.constantFrom(...strong), anyRolesArb).map(([role, noise]) => [...noise, role]);
}

/** The users acting inside an account: any of them acts for the whole account (R1). */
export const userIdArb: fc.Arbitrary<string> = fc.constantFrom("alice", "bob", "carol");

/** A directory account. */
export const accountArb: fc.Arbitrary<string> = fc.constantFrom(...ACCOUNTS);

/** A directory account or the stranger. */
export const anyAccountArb: fc.Arbitrary<string> = fc.constantFrom(...ACCOUNTS, STRANGER);

/** A principal of one of `accounts`, holding roles from `roles`. */
export function principalArb(accounts: fc.Arbitrary<string> = anyAccountArb, roles: fc.Arbitrary<string[]> = anyRolesArb): fc.Arbitrary<Principal> {
  return fc.record({ userId: userIdArb, accountId: accounts, roles });
}

/** A region of the catalog. */
export const regionArb: fc.Arbitrary<string> = fc.constantFrom(...REGIONS);

/** A region selector a list accepts: `"global"` or a catalog region. */
export const selectorArb: fc.Arbitrary<string> = fc.constantFrom(GLOBAL_SELECTOR, ...REGIONS);

/** An image name (spaces and Unicode are fine in names). */
export const imageNameArb: fc.Arbitrary<string> = fc.constantFrom("golden", "web base", "db-2026", "Ünïcode ✓", "x");

/**
 * Clock steps in milliseconds. Zero steps make equal timestamps, so list order must fall back
 * to ids (descending) — the tie-break of SPEC section 4.
 */
export const clockStepsArb: fc.Arbitrary<number[]> = fc.array(fc.constantFrom(0, 0, 1, 1000), { minLength: 1, maxLength: 6 });

/** A clock that starts at a fixed instant and moves by `steps` (cycling) at every reading. */
export function steppingClock(steps: readonly number[]): () => Date {
  let at = Date.parse("2026-01-01T00:00:00.000Z");
  let reading = 0;
  return () => {
    const now = new Date(at);
    at += steps[reading % steps.length] ?? 1;
    reading += 1;
    return now;
  };
}

/**
 * Unique ids whose string order is not their creation order, so that "ties by id descending"
 * is really tested (a counter would make it coincide with "newest first").
 */
export function scrambledIds(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `i${((n * 7919) % 10007).toString(36).padStart(3, "0")}-${n}`;
  };
}

/**
 * Who acts in a generated step: the image's owner account, one of its member accounts, or a
 * fixed account. Steps aimed at the owner or a member keep random sequences interesting (most
 * random accounts cannot even see a given image).
 */
export type AccountSpec =
  | { readonly kind: "owner" }
  | { readonly kind: "member"; readonly pick: number }
  | { readonly kind: "account"; readonly accountId: string };

/** The acting user of a generated step. */
export type ActorSpec = { readonly userId: string; readonly account: AccountSpec; readonly roles: string[] };

/**
 * One generated step. `image` picks among the ids issued so far (deleted ones included);
 * -1 names an image that never existed.
 */
export type OpSpec =
  | { readonly kind: "create"; readonly actor: ActorSpec; readonly region: string; readonly name: string; readonly sizeBytes: number }
  | { readonly kind: "rename"; readonly actor: ActorSpec; readonly image: number; readonly name: string }
  | { readonly kind: "delete" | "accept" | "reject"; readonly actor: ActorSpec; readonly image: number }
  | { readonly kind: "share" | "unshare"; readonly actor: ActorSpec; readonly image: number; readonly consumer: string };

const imagePickArb = fc.oneof({ weight: 1, arbitrary: fc.constant(-1) }, { weight: 12, arbitrary: fc.nat(15) });
/** Who acts, weighted towards the side the action belongs to (`owner` for producer actions). */
function accountSpecArb(preferred: "owner" | "member"): fc.Arbitrary<AccountSpec> {
  return fc.oneof(
    { weight: preferred === "owner" ? 6 : 1, arbitrary: fc.constant({ kind: "owner" } as const) },
    { weight: preferred === "member" ? 6 : 1, arbitrary: fc.nat(3).map((pick) => ({ kind: "member", pick }) as const) },
    { weight: 2, arbitrary: anyAccountArb.map((accountId) => ({ kind: "account", accountId }) as const) },
  );
}

/** Sizes: empty, small, and large (sums stay exact below 2^53). */
export const sizeBytesArb: fc.Arbitrary<number> = fc.oneof(fc.constant(0), fc.nat(4096), fc.integer({ min: 0, max: 2 ** 40 }));

/**
 * A random step of producers and consumers. `roles` decides how often a step is denied for its
 * role: pass {@link anyRolesArb} to mix in `Forbidden`, or a strong role set to build worlds.
 */
export function opSpecArb(roles: fc.Arbitrary<string[]>): fc.Arbitrary<OpSpec> {
  const actor = (account: fc.Arbitrary<AccountSpec>) => fc.record({ userId: userIdArb, account, roles });
  const direct = anyAccountArb.map((accountId): AccountSpec => ({ kind: "account", accountId }));
  const region = fc.oneof({ weight: 9, arbitrary: regionArb }, { weight: 1, arbitrary: fc.constant(UNCATALOGUED_REGION) });
  const consumer = fc.constantFrom(...ACCOUNTS, STRANGER);
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("create" as const), actor: actor(direct), region, name: imageNameArb, sizeBytes: sizeBytesArb }),
    },
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant("share" as const), actor: actor(accountSpecArb("owner")), image: imagePickArb, consumer }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constantFrom("accept" as const, "reject" as const),
        actor: actor(accountSpecArb("member")),
        image: imagePickArb,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("unshare" as const), actor: actor(accountSpecArb("owner")), image: imagePickArb, consumer }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), actor: actor(accountSpecArb("owner")), image: imagePickArb }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("rename" as const), actor: actor(accountSpecArb("owner")), image: imagePickArb, name: imageNameArb }),
    },
  );
}

/** A few images created by admins first, so that the random steps after them have something to act on. */
const seedImagesArb: fc.Arbitrary<OpSpec[]> = fc.array(
  fc.record({
    kind: fc.constant("create" as const),
    actor: fc.record({
      userId: userIdArb,
      account: accountArb.map((accountId): AccountSpec => ({ kind: "account", accountId })),
      roles: rolesAtLeastArb(2),
    }),
    region: regionArb,
    name: imageNameArb,
    sizeBytes: sizeBytesArb,
  }),
  { minLength: 1, maxLength: 4 },
);

/** A random sequence of steps: some images first, then up to `maxOps` random steps with `roles`. */
export function opSequenceArb(roles: fc.Arbitrary<string[]>, maxOps = 30): fc.Arbitrary<OpSpec[]> {
  return fc.tuple(seedImagesArb, fc.array(opSpecArb(roles), { maxLength: maxOps, size: "max" })).map(([seed, ops]) => [...seed, ...ops]);
}

/** A world to build: its clock and the steps that populate it. */
export type WorldSpec = { readonly clockSteps: number[]; readonly ops: OpSpec[] };

/** A random world populated by admins (so most steps succeed), up to `maxOps` steps. */
export function worldSpecArb(maxOps = 24): fc.Arbitrary<WorldSpec> {
  return fc.record({ clockSteps: clockStepsArb, ops: opSequenceArb(rolesAtLeastArb(3), maxOps) });
}
