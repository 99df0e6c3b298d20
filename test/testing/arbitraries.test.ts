import {
  AccountSchema,
  AuthorizeBootInputSchema,
  CreateImageInputSchema,
  CursorSchema,
  createImageSharing,
  createInMemoryStore,
  GetSharingPolicyInputSchema,
  IdSchema,
  ImageEventSchema,
  ImageNameSchema,
  ImageRefInputSchema,
  ImageSchema,
  ImageViewSchema,
  LimitSchema,
  ListEventsInputSchema,
  ListImagesInputSchema,
  ListPendingSharesInputSchema,
  MemberRefInputSchema,
  MemberSchema,
  PendingShareSchema,
  PrincipalSchema,
  RegionCodeSchema,
  RegionSelectorSchema,
  RolesSchema,
  SetSharingPolicyInputSchema,
  ShareImageInputSchema,
  SharingEventSchema,
  SharingPolicyChangedEventSchema,
  SharingPolicySchema,
  SizeBytesSchema,
  StorageUsageInputSchema,
  StorageUsageSchema,
  TimestampSchema,
  UpdateImageInputSchema,
} from "cloud-image-sharing";
import {
  accountArb,
  accountIdArb,
  cursorArb,
  eventArb,
  expiresAtArb,
  idArb,
  imageArb,
  imageEventArb,
  imageNameArb,
  imageViewArb,
  invalidIdArb,
  invalidIdValueArb,
  invalidInputArbs,
  invalidPrincipalArb,
  invalidRegionCodeArb,
  limitArb,
  type MethodName,
  memberArb,
  pendingShareArb,
  policyChangedEventArb,
  principalArb,
  regionCatalogArb,
  regionCodeArb,
  regionSelectorArb,
  rolesArb,
  sharingPolicyArb,
  sizeBytesArb,
  storageUsageArb,
  timestampArb,
  validInputArbs,
} from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod/v4";

const passes = (schema: z.ZodType) => (value: unknown) => schema.safeParse(value).success;
const fails = (schema: z.ZodType) => (value: unknown) => !schema.safeParse(value).success;

describe("every arbitrary's values pass the exported schema", () => {
  const valid: [string, fc.Arbitrary<unknown>, z.ZodType][] = [
    ["idArb", idArb({ maxLength: 255 }), IdSchema],
    ["accountIdArb", accountIdArb(), IdSchema],
    ["regionCodeArb", regionCodeArb(), RegionCodeSchema],
    ["regionSelectorArb", regionSelectorArb(), RegionSelectorSchema],
    ["rolesArb", rolesArb(), RolesSchema],
    ["principalArb", principalArb(), PrincipalSchema],
    ["timestampArb", timestampArb(), TimestampSchema],
    ["imageNameArb", imageNameArb(), ImageNameSchema],
    ["sizeBytesArb", sizeBytesArb(), SizeBytesSchema],
    ["accountArb", accountArb(), AccountSchema],
    ["imageArb", imageArb(), ImageSchema],
    ["imageViewArb", imageViewArb(), ImageViewSchema],
    ["memberArb", memberArb(), MemberSchema],
    ["pendingShareArb", pendingShareArb(), PendingShareSchema],
    ["storageUsageArb", storageUsageArb(), StorageUsageSchema],
    ["eventArb", eventArb(), SharingEventSchema],
    ["imageEventArb", imageEventArb(), ImageEventSchema],
    ["policyChangedEventArb", policyChangedEventArb(), SharingPolicyChangedEventSchema],
    ["sharingPolicyArb", sharingPolicyArb(), SharingPolicySchema],
    ["expiresAtArb", expiresAtArb(), TimestampSchema],
    ["limitArb", limitArb(), LimitSchema],
    ["cursorArb", cursorArb(), CursorSchema],
  ];
  for (const [name, arbitrary, schema] of valid) {
    it(`${name} values pass the schema`, () => fc.assert(fc.property(arbitrary, passes(schema))));
  }

  it("regionCatalogArb gives 1+ distinct region codes", () =>
    fc.assert(
      fc.property(
        regionCatalogArb(),
        (catalog) =>
          catalog.length >= 1 && new Set(catalog).size === catalog.length && catalog.every(passes(RegionCodeSchema)),
      ),
    ));

  it("pinned fields are honoured (imageArb, memberArb, principalArb, regionCodeArb with a catalog)", () =>
    fc.assert(
      fc.property(
        imageArb({ ownerAccountId: "100001", region: "IAD", id: "img" }),
        memberArb({ status: "rejected", imageId: "img" }),
        principalArb({ accountId: "100002" }),
        regionCodeArb({ catalog: ["LON"] }),
        (image, member, principal, region) =>
          image.ownerAccountId === "100001" &&
          image.region === "IAD" &&
          image.id === "img" &&
          member.status === "rejected" &&
          member.imageId === "img" &&
          principal.accountId === "100002" &&
          region === "LON",
      ),
    ));

  it("pinned fields are honoured (memberArb consumer, imageEventArb type, image and owner, policy arbitraries' account)", () =>
    fc.assert(
      fc.property(
        memberArb({ consumerAccountId: "100003" }),
        imageEventArb({ type: "ShareRevoked", imageId: "img", ownerAccountId: "100001" }),
        eventArb({ type: "SharingPolicyChanged" }),
        sharingPolicyArb({ accountId: "100002" }),
        policyChangedEventArb({ accountId: "100002" }),
        (member, event, policyEvent, policy, changed) =>
          member.consumerAccountId === "100003" &&
          event.type === "ShareRevoked" &&
          event.imageId === "img" &&
          event.ownerAccountId === "100001" &&
          event.actorAccountId === "100001" &&
          policyEvent.type === "SharingPolicyChanged" &&
          policy.accountId === "100002" &&
          changed.accountId === "100002",
      ),
    ));

  it("R18: expiring members expire after they were created; only they may say expired; a pending share never does", () =>
    fc.assert(
      fc.property(memberArb(), memberArb({ expiring: false }), pendingShareArb(), (member, never, share) => {
        if (never.expiresAt !== undefined || never.expired !== undefined) return false;
        if (share.member.expired !== undefined) return false;
        if (member.expiresAt === undefined) return member.expired === undefined;
        return member.expiresAt > member.createdAt;
      }),
    ));

  it("R18: expiresAtArb is strictly later than the given now", () =>
    fc.assert(
      fc.property(
        expiresAtArb({ now: "2026-01-01T00:00:00.000Z" }),
        (t) => Date.parse(t) > Date.parse("2026-01-01T00:00:00.000Z"),
      ),
    ));

  it("R17: a policy never names its own account, nor one account in both lists; an unset one is empty with updatedAt null", () =>
    fc.assert(
      fc.property(sharingPolicyArb(), (policy) => {
        const named = [...policy.autoAcceptFrom, ...policy.blockFrom];
        if (policy.updatedAt === null && named.length > 0) return false;
        return !named.includes(policy.accountId) && new Set(named).size === named.length;
      }),
    ));

  it("R17: byPolicy acceptances name no acting user and are the consumer's doing; expiresAt is only on ImageShared", () =>
    fc.assert(
      fc.property(imageEventArb(), (event) => {
        if (
          event.byPolicy === true &&
          (event.type !== "ShareAccepted" ||
            event.actorUserId !== undefined ||
            event.actorAccountId !== event.consumerAccountId)
        )
          return false;
        return event.expiresAt === undefined || event.type === "ImageShared";
      }),
    ));

  it("images and members are never updated before they were created", () =>
    fc.assert(
      fc.property(
        imageArb(),
        memberArb(),
        (image, member) => image.createdAt <= image.updatedAt && member.createdAt <= member.updatedAt,
      ),
    ));

  it("R14: share events name a consumer, ImageCreated and ImageUpdated never do", () =>
    fc.assert(
      fc.property(imageEventArb(), (event) => {
        if (["ImageShared", "ShareAccepted", "ShareRejected", "ShareRevoked"].includes(event.type))
          return event.consumerAccountId !== undefined;
        if (event.type === "ImageCreated" || event.type === "ImageUpdated")
          return event.consumerAccountId === undefined;
        return true;
      }),
    ));

  it("rolesArb mixes known and unknown roles", () => {
    const roles = fc.sample(rolesArb(), { numRuns: 200, seed: 7 }).flat();
    expect(
      roles.some(
        (role) =>
          role.startsWith("cloudImages:") &&
          ["cloudImages:observer", "cloudImages:creator", "cloudImages:admin"].includes(role),
      ),
    ).toBe(true);
    expect(
      roles.some(
        (role) =>
          ![
            "cloudImages:observer",
            "cloudImages:creator",
            "cloudImages:admin",
            "observer",
            "admin",
            "identity:user-admin",
          ].includes(role),
      ),
    ).toBe(true);
  });
});

describe("every invalid arbitrary's values fail the exported schema", () => {
  it("invalidIdArb values fail IdSchema", () => fc.assert(fc.property(invalidIdArb(), fails(IdSchema))));
  it("invalidIdValueArb values fail IdSchema", () => fc.assert(fc.property(invalidIdValueArb(), fails(IdSchema))));
  it("invalidRegionCodeArb values fail RegionSelectorSchema", () =>
    fc.assert(fc.property(invalidRegionCodeArb(), fails(RegionSelectorSchema))));
  it("invalidPrincipalArb values fail PrincipalSchema", () =>
    fc.assert(fc.property(invalidPrincipalArb(), fails(PrincipalSchema))));

  it("invalidIdArb yields every kind of invalid id: empty, whitespace, control, non-ASCII, too long", () => {
    const ids = fc.sample(invalidIdArb(), { numRuns: 400, seed: 11 });
    expect(ids).toContain("");
    expect(ids.some((id) => /\s/.test(id))).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
    expect(ids.some((id) => /[\x00-\x1f\x7f]/.test(id))).toBe(true);
    expect(ids.some((id) => /\p{Extended_Pictographic}/u.test(id))).toBe(true);
    expect(ids.some((id) => /[\u0400-\u04ff\u0370-\u03ff]/.test(id))).toBe(true);
    expect(ids.some((id) => id.length > 255)).toBe(true);
  });
});

/** The schema of each method's input. */
const INPUT_SCHEMAS: { [Method in MethodName]: z.ZodType } = {
  createImage: CreateImageInputSchema,
  updateImage: UpdateImageInputSchema,
  deleteImage: ImageRefInputSchema,
  getImage: ImageRefInputSchema,
  listImages: ListImagesInputSchema,
  shareImage: ShareImageInputSchema,
  unshareImage: MemberRefInputSchema,
  listMembers: ImageRefInputSchema,
  listPendingShares: ListPendingSharesInputSchema,
  acceptImage: ImageRefInputSchema,
  rejectImage: ImageRefInputSchema,
  authorizeBoot: AuthorizeBootInputSchema,
  getStorageUsage: StorageUsageInputSchema,
  listEvents: ListEventsInputSchema,
  setSharingPolicy: SetSharingPolicyInputSchema,
  getSharingPolicy: GetSharingPolicyInputSchema,
};
const METHODS = Object.keys(INPUT_SCHEMAS) as MethodName[];

describe("method inputs", () => {
  const valid = validInputArbs();
  const invalid = invalidInputArbs();
  it("there is one valid and one invalid arbitrary per method, and no other", () => {
    expect(Object.keys(valid).sort()).toEqual([...METHODS].sort());
    expect(Object.keys(invalid).sort()).toEqual([...METHODS].sort());
  });
  for (const method of METHODS) {
    it(`validInputArbs().${method} values pass its input schema`, () =>
      fc.assert(fc.property(valid[method] as fc.Arbitrary<unknown>, passes(INPUT_SCHEMAS[method]))));
    it(`invalidInputArbs().${method} values fail its input schema`, () =>
      fc.assert(fc.property(invalid[method] as fc.Arbitrary<unknown>, fails(INPUT_SCHEMAS[method]))));
  }

  it("input pools aim inputs at given ids, regions, cursors and times", () =>
    fc.assert(
      fc.property(
        validInputArbs({
          imageIds: ["img-1"],
          accountIds: ["100002"],
          catalog: ["IAD"],
          now: "2026-01-01T00:00:00.000Z",
        }).shareImage,
        validInputArbs({ catalog: ["IAD"] }).authorizeBoot,
        validInputArbs({ cursors: ["issued"] }).listPendingShares,
        (share, boot, pending) =>
          share.imageId === "img-1" &&
          share.consumerAccountId === "100002" &&
          (share.expiresAt === undefined || share.expiresAt > "2026-01-01T00:00:00.000Z") &&
          boot.region === "IAD" &&
          (pending?.cursor === undefined || pending.cursor === "issued"),
      ),
    ));

  it("without a cursor pool, list inputs carry no cursor (a cursor the library did not issue is invalid)", () =>
    fc.assert(
      fc.property(
        validInputArbs().listImages,
        validInputArbs().listPendingShares,
        (images, pending) => images?.cursor === undefined && pending?.cursor === undefined,
      ),
    ));

  it("R17: setSharingPolicy inputs never name the acting account, nor one account in both lists", () =>
    fc.assert(
      fc.property(
        validInputArbs({ accountIds: ["100001", "100002", "100003"], actingAccountId: "100001" }).setSharingPolicy,
        (input) => {
          const named = [...(input?.autoAcceptFrom ?? []), ...(input?.blockFrom ?? [])];
          return !named.includes("100001") && new Set(named).size === named.length;
        },
      ),
    ));

  it("invalidInputArbs is typed as the inputs: its values go into a call without a cast", async () => {
    const sharing = createImageSharing({ store: createInMemoryStore({ accounts: [{ id: "100001" }] }) });
    const admin = { userId: "alice", accountId: "100001", roles: ["admin"] };
    const [input] = fc.sample(invalidInputArbs().shareImage, { numRuns: 1, seed: 3 });
    if (input === undefined) throw new Error("fc.sample gave nothing");
    // No cast: this line compiling is half of the test.
    const result = await sharing.shareImage(admin, input);
    expect(result.isErr() && result.error.type).toBe("ValidationError");
  });
});
