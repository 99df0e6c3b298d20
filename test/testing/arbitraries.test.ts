import {
  AccountSchema,
  AuthorizeBootInputSchema,
  CreateImageInputSchema,
  CursorSchema,
  IdSchema,
  ImageNameSchema,
  ImageRefInputSchema,
  ImageSchema,
  type ImageSharing,
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
  SharingEventSchema,
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
  idArb,
  imageArb,
  imageNameArb,
  imageViewArb,
  invalidIdArb,
  invalidIdValueArb,
  invalidInputArbs,
  invalidPrincipalArb,
  invalidRegionCodeArb,
  limitArb,
  memberArb,
  pendingShareArb,
  principalArb,
  regionCatalogArb,
  regionCodeArb,
  regionSelectorArb,
  rolesArb,
  sizeBytesArb,
  storageUsageArb,
  timestampArb,
  validInputArbs,
} from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";

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
        (catalog) => catalog.length >= 1 && new Set(catalog).size === catalog.length && catalog.every(passes(RegionCodeSchema)),
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

  it("pinned fields are honoured (memberArb consumer, eventArb type, image and owner)", () =>
    fc.assert(
      fc.property(
        memberArb({ consumerAccountId: "100003" }),
        eventArb({ type: "ShareRevoked", imageId: "img", ownerAccountId: "100001" }),
        (member, event) =>
          member.consumerAccountId === "100003" &&
          event.type === "ShareRevoked" &&
          event.imageId === "img" &&
          event.ownerAccountId === "100001" &&
          event.actorAccountId === "100001",
      ),
    ));

  it("images and members are never updated before they were created", () =>
    fc.assert(fc.property(imageArb(), memberArb(), (image, member) => image.createdAt <= image.updatedAt && member.createdAt <= member.updatedAt)));

  it("R14: share events name a consumer, ImageCreated and ImageUpdated never do", () =>
    fc.assert(
      fc.property(eventArb(), (event) => {
        if (["ImageShared", "ShareAccepted", "ShareRejected", "ShareRevoked"].includes(event.type)) return event.consumerAccountId !== undefined;
        if (event.type === "ImageCreated" || event.type === "ImageUpdated") return event.consumerAccountId === undefined;
        return true;
      }),
    ));

  it("rolesArb mixes known and unknown roles", () => {
    const roles = fc.sample(rolesArb(), { numRuns: 200, seed: 7 }).flat();
    expect(
      roles.some((role) => role.startsWith("cloudImages:") && ["cloudImages:observer", "cloudImages:creator", "cloudImages:admin"].includes(role)),
    ).toBe(true);
    expect(
      roles.some(
        (role) => !["cloudImages:observer", "cloudImages:creator", "cloudImages:admin", "observer", "admin", "identity:user-admin"].includes(role),
      ),
    ).toBe(true);
  });
});

describe("every invalid arbitrary's values fail the exported schema", () => {
  it("invalidIdArb values fail IdSchema", () => fc.assert(fc.property(invalidIdArb(), fails(IdSchema))));
  it("invalidIdValueArb values fail IdSchema", () => fc.assert(fc.property(invalidIdValueArb(), fails(IdSchema))));
  it("invalidRegionCodeArb values fail RegionSelectorSchema", () => fc.assert(fc.property(invalidRegionCodeArb(), fails(RegionSelectorSchema))));
  it("invalidPrincipalArb values fail PrincipalSchema", () => fc.assert(fc.property(invalidPrincipalArb(), fails(PrincipalSchema))));

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
const INPUT_SCHEMAS: { [Method in keyof ImageSharing]: z.ZodType } = {
  createImage: CreateImageInputSchema,
  updateImage: UpdateImageInputSchema,
  deleteImage: ImageRefInputSchema,
  getImage: ImageRefInputSchema,
  listImages: ListImagesInputSchema,
  shareImage: MemberRefInputSchema,
  unshareImage: MemberRefInputSchema,
  listMembers: ImageRefInputSchema,
  listPendingShares: ListPendingSharesInputSchema,
  acceptImage: ImageRefInputSchema,
  rejectImage: ImageRefInputSchema,
  authorizeBoot: AuthorizeBootInputSchema,
  getStorageUsage: StorageUsageInputSchema,
  listEvents: ListEventsInputSchema,
};
const METHODS = Object.keys(INPUT_SCHEMAS) as (keyof ImageSharing)[];

describe("method inputs", () => {
  const valid = validInputArbs();
  const invalid = invalidInputArbs();
  for (const method of METHODS) {
    it(`validInputArbs().${method} values pass its input schema`, () =>
      fc.assert(fc.property(valid[method] as fc.Arbitrary<unknown>, passes(INPUT_SCHEMAS[method]))));
    it(`invalidInputArbs().${method} values fail its input schema`, () => fc.assert(fc.property(invalid[method], fails(INPUT_SCHEMAS[method]))));
  }

  it("input pools aim inputs at given ids and regions", () =>
    fc.assert(
      fc.property(
        validInputArbs({ imageIds: ["img-1"], accountIds: ["100002"], catalog: ["IAD"] }).shareImage,
        validInputArbs({ catalog: ["IAD"] }).authorizeBoot,
        (share, boot) => share.imageId === "img-1" && share.consumerAccountId === "100002" && boot.region === "IAD",
      ),
    ));
});
