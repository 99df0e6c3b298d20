import * as main from "cloud-image-sharing";
import * as policy from "cloud-image-sharing/policy";
import { describe, expect, it } from "vitest";

// SPEC 4 and issue 9: every export is a promise kept across versions. These lists are the
// promise, written out: adding or removing a runtime export fails here until the list is changed
// on purpose (and the CHANGELOG says so). Types are checked in public-api.assertions.ts.

describe("SPEC 4: the runtime exports are exactly the intended ones", () => {
  it("SPEC 4: the main entry exports the service, the in-memory store, the port's method list, schemas, errors and the HTTP helpers — nothing else", () => {
    expect(Object.keys(main).sort()).toEqual([
      "ACCESS_LEVELS",
      "AccountIdSchema",
      "AccountSchema",
      "AuthorizeBootInputSchema",
      "CatalogImportSchema",
      "ConfigurationError",
      "CreateImageInputSchema",
      "CursorSchema",
      "DEFAULT_REGIONS",
      "ERROR_TYPES",
      "EventTypeSchema",
      "GLOBAL",
      "GetSharingPolicyInputSchema",
      "IdSchema",
      "ImageEventSchema",
      "ImageIdSchema",
      "ImageNameSchema",
      "ImageRefInputSchema",
      "ImageSchema",
      "ImageSharingOptionsSchema",
      "ImageSourceSchema",
      "ImageViewSchema",
      "ImportRulesSchema",
      "InMemoryStoreOptionsSchema",
      "KNOWN_ROLES",
      "LimitSchema",
      "ListEventsInputSchema",
      "ListImagesInputSchema",
      "ListPendingSharesInputSchema",
      "MAX_POLICY_ACCOUNTS",
      "MemberRefInputSchema",
      "MemberSchema",
      "MemberStatusSchema",
      "PAGE_LIMITS",
      "PendingShareSchema",
      "PolicyAccountListSchema",
      "PrincipalSchema",
      "RegionCodeSchema",
      "RegionSelectorSchema",
      "RoleMapSchema",
      "RolesSchema",
      "STORE_METHODS",
      "SetSharingPolicyInputSchema",
      "ShareImageInputSchema",
      "SharingErrors",
      "SharingEventSchema",
      "SharingPolicyChangedEventSchema",
      "SharingPolicySchema",
      "SizeBytesSchema",
      "StorageUsageInputSchema",
      "StorageUsageSchema",
      "TimestampSchema",
      "UpdateImageInputSchema",
      "UserIdSchema",
      "createImageSharing",
      "createInMemoryStore",
      "httpStatusOf",
      "isSharingError",
      "toProblemDetails",
    ]);
  });

  it("SPEC 4: no pure policy function, cursor codec or sort helper leaks into the main entry (they live in ./policy or stay internal)", () => {
    for (const internal of [
      "encodeCursor",
      "decodeCursor",
      "compareNewestFirst",
      "levelOf",
      "rankOf",
      "relationOf",
      "decideShare",
      "isListed",
      "isPendingNotification",
      "regionMatches",
    ]) {
      expect(main).not.toHaveProperty(internal);
    }
  });

  it("SPEC 4: cloud-image-sharing/policy exports the pure policy functions and role helpers", () => {
    expect(Object.keys(policy).sort()).toEqual([
      "DEFAULT_MEMBER_QUOTA",
      "MAX_IMPORT_ISSUES",
      "REQUIRED_ROLE",
      "accountsConcernedBy",
      "actorOf",
      "authorizeAsMember",
      "authorizeOnImage",
      "canSee",
      "canTransition",
      "checkBootRegion",
      "checkCatalog",
      "checkMemberQuota",
      "checkRegionKnown",
      "decideAccept",
      "decideBoot",
      "decideCreateImage",
      "decideDeleteImage",
      "decideReject",
      "decideSetPolicy",
      "decideShare",
      "decideUnshare",
      "decideUpdateImage",
      "emptySharingPolicy",
      "eventAsSeenBy",
      "hasRole",
      "isBlocked",
      "isExpired",
      "levelOf",
      "memberAt",
      "memberKey",
      "membersVisibleTo",
      "relationOf",
      "requireRole",
      "toView",
      "trustsProducer",
      "withMappedRoles",
    ]);
  });
});
