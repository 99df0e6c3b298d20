import fc from "fast-check";

// The commands of the model test as plain data: one variant per public method, issued by a
// random principal. Images and events are referred to by position in what exists at run time
// (the generator cannot know the ids), so the same data replays against any store.

/** The account directory of the test world, and one account the directory does not know (R10). */
export const KNOWN_ACCOUNTS = ["100001", "100002", "100003", "100004"] as const;
/** An account outside the directory: it may act (the host authenticated it) but cannot be shared with. */
export const UNKNOWN_ACCOUNT = "999999";
/** Every account a principal may come from. */
export const ALL_ACCOUNTS = [...KNOWN_ACCOUNTS, UNKNOWN_ACCOUNT] as const;
/** The region catalog of the service under test. */
export const REGIONS = ["IAD", "DFW"] as const;
/** A small quota, so R11 is hit often: 4 known accounts give an owner 3 possible consumers. */
export const MEMBER_QUOTA = 2;

/**
 * Who acts: an account (or an invalid id), a user and a set of role strings. In steps on one
 * image the account may be `@owner` or `@member`: the image's owner account, or one of its
 * member accounts, resolved when the step runs (so owners and consumers act often).
 */
export type Actor = { accountId: string; userId: string; roles: string[] };

/** Stands for the owner account of the step's image. */
export const OWNER_OF_IMAGE = "@owner";
/** Stands for a member account of the step's image. */
export const MEMBER_OF_IMAGE = "@member";

/**
 * An image by position in a pool, or a special id. Pools make interesting steps likely: `own`
 * holds the images the actor's account created (deleted ones too), `member` those it is a
 * member of now, `any` every image id the service ever returned.
 */
export type ImageRef = { pool: "own" | "member" | "any"; index: number } | "missing" | "invalid";

/** An event by position among the actor's events, one of another account, or an unknown id. */
export type EventRef = number | "foreign" | "unknown";

/** One step of the model test. */
export type Op =
  | { kind: "createImage"; actor: Actor; name: string; region: string; sizeBytes?: number }
  | { kind: "updateImage"; actor: Actor; image: ImageRef; name: string }
  | { kind: "deleteImage" | "getImage" | "listMembers" | "acceptImage" | "rejectImage"; actor: Actor; image: ImageRef }
  | { kind: "shareImage" | "unshareImage"; actor: Actor; image: ImageRef; consumerAccountId: string }
  | { kind: "authorizeBoot"; actor: Actor; image: ImageRef; region: string }
  | { kind: "listImages"; actor: Actor; region?: string | undefined; limit?: number | undefined }
  | { kind: "listImagesFromCursor"; actor: Actor; region?: string | undefined; limit?: number | undefined; cursor: number | "foreign" }
  | { kind: "listPendingShares"; actor: Actor; region?: string | undefined }
  | { kind: "getStorageUsage"; actor: Actor }
  | { kind: "listEvents"; actor: Actor; after?: EventRef | undefined; limit?: number | undefined };

/** Role sets, weighted towards roles that let things happen; unknown and no roles included. */
const rolesArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<string[]>(["cloudImages:admin"], ["admin"], ["identity:user-admin"]) },
  { weight: 2, arbitrary: fc.constantFrom<string[]>(["cloudImages:creator"], ["cloudImages:observer"], ["observer"]) },
  { weight: 1, arbitrary: fc.constantFrom<string[]>([], ["billing:admin"], ["cloudImages:Admin", "root"]) },
  {
    weight: 1,
    arbitrary: fc.subarray(["cloudImages:observer", "cloudImages:creator", "billing:admin", "observer", "admin"], { minLength: 1 }),
  },
);

/** A principal: usually one of the world's accounts, rarely an invalid account id. */
const actorArb: fc.Arbitrary<Actor> = fc.record({
  accountId: fc.oneof({ weight: 60, arbitrary: fc.constantFrom(...ALL_ACCOUNTS) }, { weight: 1, arbitrary: fc.constantFrom("", "100 001") }),
  userId: fc.constantFrom("alice", "bob"),
  roles: rolesArb,
});

/** A principal of a step on one image: often its owner (`owner` side) or one of its members (`member` side). */
const imageActorArb = (side: "owner" | "member" | "any"): fc.Arbitrary<Actor> =>
  fc.record({
    accountId: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...ALL_ACCOUNTS) },
      { weight: side === "owner" ? 40 : 15, arbitrary: fc.constant(OWNER_OF_IMAGE) },
      { weight: side === "member" ? 40 : 15, arbitrary: fc.constant(MEMBER_OF_IMAGE) },
      { weight: 1, arbitrary: fc.constantFrom("", "100 001") },
    ),
    userId: fc.constantFrom("alice", "bob"),
    roles: rolesArb,
  });

const imageRefArb: fc.Arbitrary<ImageRef> = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.record({ pool: fc.constantFrom("own" as const, "own" as const, "member" as const, "any" as const), index: fc.nat({ max: 12 }) }),
  },
  { weight: 1, arbitrary: fc.constantFrom<ImageRef>("missing", "invalid") },
);

/** A region: one of the catalog, sometimes a well-formed one outside it, rarely an invalid one. */
const regionArb = fc.oneof({ weight: 24, arbitrary: fc.constantFrom<string>(...REGIONS) }, { weight: 1, arbitrary: fc.constantFrom("SYD", "") });
const selectorArb = fc.option(fc.oneof({ weight: 3, arbitrary: fc.constant("global") }, { weight: 4, arbitrary: regionArb }), { nil: undefined });
const limitArb = fc.option(
  fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1001, 1.5) }),
  {
    nil: undefined,
  },
);
const nameArb = fc.oneof({ weight: 30, arbitrary: fc.constantFrom("golden", "base", "web") }, { weight: 1, arbitrary: fc.constant("") });
const consumerArb = fc.oneof({ weight: 30, arbitrary: fc.constantFrom<string>(...ALL_ACCOUNTS) }, { weight: 1, arbitrary: fc.constant("bad id") });
const oneImage = <K extends "deleteImage" | "getImage" | "listMembers" | "acceptImage" | "rejectImage">(kind: K, side: "owner" | "member" | "any") =>
  fc.record({ kind: fc.constant(kind), actor: imageActorArb(side), image: imageRefArb });

/** One arbitrary per public method (plus paging from a remembered cursor), with its weight. */
export const opArbitraries: { weight: number; arbitrary: fc.Arbitrary<Op> }[] = [
  {
    weight: 7,
    arbitrary: fc.record(
      {
        kind: fc.constant("createImage" as const),
        actor: actorArb,
        name: nameArb,
        region: regionArb,
        sizeBytes: fc.oneof({ weight: 30, arbitrary: fc.nat({ max: 5000 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
      },
      { requiredKeys: ["kind", "actor", "name", "region"] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("updateImage" as const), actor: imageActorArb("owner"), image: imageRefArb, name: nameArb }),
  },
  { weight: 1, arbitrary: oneImage("deleteImage", "owner") },
  { weight: 1, arbitrary: oneImage("getImage", "any") },
  { weight: 1, arbitrary: oneImage("listMembers", "any") },
  { weight: 4, arbitrary: oneImage("acceptImage", "member") },
  { weight: 3, arbitrary: oneImage("rejectImage", "member") },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("shareImage" as const),
      actor: imageActorArb("owner"),
      image: imageRefArb,
      consumerAccountId: consumerArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("unshareImage" as const),
      actor: imageActorArb("owner"),
      image: imageRefArb,
      consumerAccountId: consumerArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("authorizeBoot" as const), actor: imageActorArb("member"), image: imageRefArb, region: regionArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("listImages" as const),
      actor: actorArb,
      region: selectorArb,
      limit: fc.oneof(fc.constantFrom(1, 2), limitArb),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("listImagesFromCursor" as const),
      actor: actorArb,
      region: selectorArb,
      limit: limitArb,
      cursor: fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 20 }) }, { weight: 1, arbitrary: fc.constant("foreign" as const) }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("listPendingShares" as const), actor: actorArb, region: selectorArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("getStorageUsage" as const), actor: actorArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("listEvents" as const),
      actor: actorArb,
      after: fc.option(
        fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 20 }) }, { weight: 1, arbitrary: fc.constantFrom<EventRef>("foreign", "unknown") }),
        {
          nil: undefined,
          freq: 2,
        },
      ),
      limit: limitArb,
    }),
  },
];

/** A short, replayable description of an op for counterexamples. */
export function describeOp(op: Op): string {
  const { kind, actor, ...rest } = op;
  return `${kind}(${actor.accountId}/${actor.userId}[${actor.roles.join(",")}], ${JSON.stringify(rest)})`;
}
