import fc from "fast-check";

// The vocabulary of the stateful tests as plain data: one variant per public method, plus clock
// advances, issued by a random principal. Images, events and cursors are referred to by position
// in what exists at run time (a generator cannot know ids), so the same data replays against any
// store. The model-based test runs these; the property tests build their worlds from them.

/** The account directory of the test world. */
export const KNOWN_ACCOUNTS = ["100001", "100002", "100003", "100004"] as const;
/** An account outside the directory: it may act (the host authenticated it) but cannot be shared with (R10). */
export const UNKNOWN_ACCOUNT = "999999";
/** Every account a principal may come from. */
export const ALL_ACCOUNTS = [...KNOWN_ACCOUNTS, UNKNOWN_ACCOUNT] as const;
/** The region catalog of the service under test. */
export const REGIONS = ["IAD", "DFW"] as const;
/** A well-formed region outside the catalog (`UnknownRegion`). */
export const UNCATALOGUED_REGION = "SYD";
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
 * An image by position in a pool, or a special id: `own` holds the images the actor's account
 * created (deleted ones too), `member` those it is a member of now, `any` every image id the
 * service ever returned.
 */
export type ImageRef = { pool: "own" | "member" | "any"; index: number } | "missing" | "invalid";

/** An event by position among the actor's events, one of another account, or an unknown id. */
export type EventRef = number | "foreign" | "unknown";

/** When a share expires: milliseconds after now (≤ 0 is invalid), or a string that is no timestamp. */
export type ExpiresIn = number | "not-a-time";

/** A cursor by position among those the service issued (whatever list issued it), or a forged one. */
export type CursorRef = number | "forged";

/** The lists that page with a cursor. */
export type PagedList = "listImages" | "listPendingShares";

/** A policy request: each list replaced when given; `raw` keeps self and overlaps (a `ValidationError`). */
export type PolicySpec = { autoAcceptFrom?: string[] | undefined; blockFrom?: string[] | undefined; raw: boolean };

/** One step. */
export type Op =
  | { kind: "createImage"; actor: Actor; name: string; region: string; sizeBytes?: number; reuse?: number }
  | { kind: "updateImage"; actor: Actor; image: ImageRef; name: string }
  | { kind: "deleteImage" | "getImage" | "listMembers" | "acceptImage" | "rejectImage"; actor: Actor; image: ImageRef }
  | { kind: "shareImage"; actor: Actor; image: ImageRef; consumerAccountId: string; expiresIn?: ExpiresIn | undefined }
  | { kind: "unshareImage"; actor: Actor; image: ImageRef; consumerAccountId: string }
  | { kind: "authorizeBoot"; actor: Actor; image: ImageRef; region: string }
  | {
      kind: PagedList;
      actor: Actor;
      region?: string | undefined;
      limit?: number | undefined;
      cursor?: CursorRef | undefined;
    }
  | { kind: "getStorageUsage" | "getSharingPolicy"; actor: Actor }
  | { kind: "listEvents"; actor: Actor; after?: EventRef | undefined; limit?: number | undefined }
  | { kind: "setSharingPolicy"; actor: Actor; policy: PolicySpec }
  | { kind: "advanceClock"; ms: number };

/** The ops that change state when they succeed. */
export const WRITE_KINDS: ReadonlySet<Op["kind"]> = new Set([
  "createImage",
  "updateImage",
  "deleteImage",
  "shareImage",
  "unshareImage",
  "acceptImage",
  "rejectImage",
  "setSharingPolicy",
]);

/** Role sets, weighted towards roles that let things happen; unknown and no roles included. */
export const rolesArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<string[]>(["cloudImages:admin"], ["admin"], ["identity:user-admin"]) },
  { weight: 2, arbitrary: fc.constantFrom<string[]>(["cloudImages:creator"], ["cloudImages:observer"], ["observer"]) },
  { weight: 1, arbitrary: fc.constantFrom<string[]>([], ["billing:admin"], ["cloudImages:Admin", "root"]) },
  {
    weight: 1,
    arbitrary: fc.subarray(["cloudImages:observer", "cloudImages:creator", "billing:admin", "observer", "admin"], {
      minLength: 1,
    }),
  },
);

/** Admin role sets only: steps that build a world rather than probe the gates. */
export const adminRolesArb: fc.Arbitrary<string[]> = fc.constantFrom<string[]>(
  ["cloudImages:admin"],
  ["admin"],
  ["identity:user-admin"],
);

/** Options of the op arbitraries. */
export type OpArbOptions = {
  /** Role sets of the actors (default {@link rolesArb}). */
  roles?: fc.Arbitrary<string[]>;
  /** Whether invalid input shows up now and then (default true). */
  invalid?: boolean;
  /** Image names (default: a few fixed ones). */
  names?: fc.Arbitrary<string>;
  /** Image sizes (default: 0–5000). */
  sizes?: fc.Arbitrary<number>;
};

/** One arbitrary per public method (plus clock advances), with its weight. */
export function opArbitraries(options: OpArbOptions = {}): { weight: number; arbitrary: fc.Arbitrary<Op> }[] {
  const roles = options.roles ?? rolesArb;
  const bad = (options.invalid ?? true) ? 1 : 0;
  const rare = <T>(common: fc.Arbitrary<T>, odd: fc.Arbitrary<T>, weight = 24): fc.Arbitrary<T> =>
    bad === 0 ? common : fc.oneof({ weight, arbitrary: common }, { weight: 1, arbitrary: odd });
  const userId = fc.constantFrom("alice", "bob");
  const actorArb: fc.Arbitrary<Actor> = fc.record({
    accountId: rare(fc.constantFrom<string>(...ALL_ACCOUNTS), fc.constantFrom("", "100 001"), 60),
    userId,
    roles,
  });
  const imageActorArb = (side: "owner" | "member" | "any"): fc.Arbitrary<Actor> =>
    fc.record({
      accountId: rare(
        fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom<string>(...ALL_ACCOUNTS) },
          { weight: side === "owner" ? 40 : 15, arbitrary: fc.constant(OWNER_OF_IMAGE) },
          { weight: side === "member" ? 40 : 15, arbitrary: fc.constant(MEMBER_OF_IMAGE) },
        ),
        fc.constantFrom("", "100 001"),
        60,
      ),
      userId,
      roles,
    });
  const imageRefArb: fc.Arbitrary<ImageRef> = rare(
    fc.record({
      pool: fc.constantFrom("own" as const, "own" as const, "member" as const, "any" as const),
      index: fc.nat({ max: 12 }),
    }),
    fc.constantFrom<ImageRef>("missing", "invalid"),
  );
  const regionArb = rare(fc.constantFrom<string>(...REGIONS), fc.constantFrom(UNCATALOGUED_REGION, ""));
  const selectorArb = fc.option(
    fc.oneof({ weight: 3, arbitrary: fc.constant("global") }, { weight: 4, arbitrary: regionArb }),
    { nil: undefined },
  );
  const limitArb = fc.option(rare(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1001, 1.5), 20), {
    nil: undefined,
  });
  const nameArb = rare(options.names ?? fc.constantFrom("golden", "base", "web"), fc.constant(""), 30);
  const consumerArb = rare(fc.constantFrom<string>(...ALL_ACCOUNTS), fc.constant("bad id"), 30);
  const expiresArb: fc.Arbitrary<ExpiresIn | undefined> = fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.constantFrom(1, 1000, 2000, 5000) },
    { weight: bad, arbitrary: fc.constantFrom<ExpiresIn>(0, -1000, "not-a-time") },
  );
  const policyListArb = fc.option(fc.subarray<string>([...ALL_ACCOUNTS], { maxLength: 3 }), {
    nil: undefined,
    freq: 3,
  });
  const policyArb: fc.Arbitrary<PolicySpec> = fc.record({
    autoAcceptFrom: policyListArb,
    blockFrom: policyListArb,
    raw: bad === 0 ? fc.constant(false) : fc.constantFrom(false, false, false, true),
  });
  const oneImage = <K extends "deleteImage" | "getImage" | "listMembers" | "acceptImage" | "rejectImage">(
    kind: K,
    side: "owner" | "member" | "any",
  ) => fc.record({ kind: fc.constant(kind), actor: imageActorArb(side), image: imageRefArb });
  const paged = (kind: PagedList) =>
    fc.record({
      kind: fc.constant(kind),
      actor: actorArb,
      region: selectorArb,
      limit: fc.oneof(fc.constantFrom(1, 2), limitArb),
      cursor: fc.option(rare<CursorRef>(fc.nat({ max: 20 }), fc.constant("forged"), 6), { nil: undefined, freq: 3 }),
    });
  return [
    {
      weight: 12,
      arbitrary: fc.record(
        {
          kind: fc.constant("createImage" as const),
          actor: actorArb,
          name: nameArb,
          region: regionArb,
          sizeBytes: rare(options.sizes ?? fc.nat({ max: 5000 }), fc.constant(-1), 30),
          // R16: now and then the host's newId hands out the id of a deleted image again.
          reuse: fc.nat({ max: 8 }),
        },
        { requiredKeys: ["kind", "actor", "name", "region"] },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("updateImage" as const),
        actor: imageActorArb("owner"),
        image: imageRefArb,
        name: nameArb,
      }),
    },
    { weight: 1, arbitrary: oneImage("deleteImage", "owner") },
    { weight: 1, arbitrary: oneImage("getImage", "any") },
    { weight: 1, arbitrary: oneImage("listMembers", "any") },
    { weight: 4, arbitrary: oneImage("acceptImage", "member") },
    { weight: 3, arbitrary: oneImage("rejectImage", "member") },
    {
      weight: 7,
      arbitrary: fc.record({
        kind: fc.constant("shareImage" as const),
        actor: imageActorArb("owner"),
        image: imageRefArb,
        consumerAccountId: consumerArb,
        expiresIn: expiresArb,
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
      arbitrary: fc.record({
        kind: fc.constant("authorizeBoot" as const),
        actor: imageActorArb("member"),
        image: imageRefArb,
        region: regionArb,
      }),
    },
    { weight: 2, arbitrary: paged("listImages") },
    { weight: 2, arbitrary: paged("listPendingShares") },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("getStorageUsage" as const), actor: actorArb }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("listEvents" as const),
        actor: actorArb,
        after: fc.option(rare<EventRef>(fc.nat({ max: 20 }), fc.constantFrom<EventRef>("foreign", "unknown"), 6), {
          nil: undefined,
          freq: 2,
        }),
        limit: limitArb,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("setSharingPolicy" as const), actor: actorArb, policy: policyArb }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("getSharingPolicy" as const), actor: actorArb }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("advanceClock" as const),
        ms: fc.constantFrom(1, 999, 1000, 1000, 2000, 5000),
      }),
    },
  ];
}

/** Any one op. */
export const opArb = (options: OpArbOptions = {}): fc.Arbitrary<Op> => fc.oneof(...opArbitraries(options));

/** A short, replayable description of an op for counterexamples. */
export function describeOp(op: Op): string {
  if (op.kind === "advanceClock") return `advanceClock(${op.ms})`;
  const { kind, actor, ...rest } = op;
  return `${kind}(${actor.accountId}/${actor.userId}[${actor.roles.join(",")}], ${JSON.stringify(rest)})`;
}
