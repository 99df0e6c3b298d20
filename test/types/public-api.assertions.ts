// Type-level assertions about the public API, as a user's editor sees it. This file is never
// executed: public-api.test.ts compiles it with the TypeScript compiler and fails on any error.
// Each `@ts-expect-error` is an assertion too: it fails to compile if the line it guards
// stops being an error.

import {
  type BoundImageSharing,
  type ConfigurationError,
  createImageSharing,
  createInMemoryStore,
  type ErrorType,
  type ForbiddenReason,
  type Image,
  type ImageEvent,
  type ImageFacts,
  type ImageSharing,
  type ImageSharingStore,
  type ImageView,
  type InMemoryStore,
  type Member,
  type MemberStatus,
  type Page,
  type PendingShare,
  type Principal,
  type PrincipalInput,
  type SharingError,
  type SharingErrorOf,
  type SharingEvent,
  type SharingPolicy,
  type SharingPolicyChangedEvent,
  type StorageFailureReason,
  type StorageUsage,
  type StoreAnswer,
  type StoreError,
} from "cloud-image-sharing";
import { decideShare, type ShareFacts } from "cloud-image-sharing/policy";
import type { Result, ResultAsync } from "neverthrow";
import { expectTypeOf } from "vitest";

const sharing = createImageSharing({
  store: createInMemoryStore({ accounts: [{ id: "100001" }] }),
  regions: ["IAD"],
  memberQuota: 128,
});
const principal: Principal = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };

// Construction: every option is optional, Infinity is a valid quota; the result is the service interface.
expectTypeOf(createImageSharing()).toEqualTypeOf<ImageSharing>();
expectTypeOf(createImageSharing({ memberQuota: Number.POSITIVE_INFINITY })).toEqualTypeOf<ImageSharing>();
expectTypeOf(
  createImageSharing({
    roleMap: { "acme:image-admin": "admin" },
    timeoutMs: 500,
    retryBackoff: { baseMs: 0, maxMs: 0 },
  }),
).toEqualTypeOf<ImageSharing>();
expectTypeOf(createInMemoryStore()).toExtend<ImageSharingStore>();
expectTypeOf(createInMemoryStore()).toEqualTypeOf<InMemoryStore>();
// @ts-expect-error a roleMap maps onto observer | creator | admin only
createImageSharing({ roleMap: { "acme:x": "root" } });
// @ts-expect-error account entries are { id } everywhere (SPEC 4), not bare strings
createInMemoryStore({ accounts: ["100001"] });

// The store port: a store may answer at once (a Result) or later (a promise of one).
expectTypeOf<Result<ImageFacts, StoreError>>().toExtend<StoreAnswer<ImageFacts>>();
expectTypeOf<Promise<Result<ImageFacts, StoreError>>>().toExtend<StoreAnswer<ImageFacts>>();
expectTypeOf<ResultAsync<ImageFacts, StoreError>>().toExtend<StoreAnswer<ImageFacts>>();
expectTypeOf<ImageSharingStore["readImageFacts"]>().returns.toEqualTypeOf<StoreAnswer<ImageFacts>>();
expectTypeOf<InMemoryStore["addAccounts"]>().parameter(0).toEqualTypeOf<readonly { readonly id: string }[]>();

// R15: every method returns ResultAsync<T, SharingError>, with the ok value of SPEC section 4.
expectTypeOf(sharing.createImage).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.updateImage).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.deleteImage).returns.toEqualTypeOf<ResultAsync<void, SharingError>>();
expectTypeOf(sharing.getImage).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.listImages).returns.toEqualTypeOf<ResultAsync<Page<ImageView>, SharingError>>();
expectTypeOf(sharing.shareImage).returns.toEqualTypeOf<ResultAsync<Member, SharingError>>();
expectTypeOf(sharing.unshareImage).returns.toEqualTypeOf<ResultAsync<void, SharingError>>();
expectTypeOf(sharing.listMembers).returns.toEqualTypeOf<ResultAsync<Member[], SharingError>>();
expectTypeOf(sharing.listPendingShares).returns.toEqualTypeOf<ResultAsync<Page<PendingShare>, SharingError>>();
expectTypeOf(sharing.acceptImage).returns.toEqualTypeOf<ResultAsync<Member, SharingError>>();
expectTypeOf(sharing.rejectImage).returns.toEqualTypeOf<ResultAsync<Member, SharingError>>();
expectTypeOf(sharing.authorizeBoot).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.getStorageUsage).returns.toEqualTypeOf<ResultAsync<StorageUsage, SharingError>>();
expectTypeOf(sharing.listEvents).returns.toEqualTypeOf<ResultAsync<Page<SharingEvent>, SharingError>>();
expectTypeOf(sharing.setSharingPolicy).returns.toEqualTypeOf<ResultAsync<SharingPolicy, SharingError>>();
expectTypeOf(sharing.getSharingPolicy).returns.toEqualTypeOf<ResultAsync<SharingPolicy, SharingError>>();

// Every method takes the principal first; roles may be a readonly array (`as const`).
expectTypeOf(sharing.acceptImage).parameter(0).toEqualTypeOf<PrincipalInput>();
expectTypeOf<Principal>().toExtend<PrincipalInput>();
const constPrincipal = { userId: "bob", accountId: "100002", roles: ["cloudImages:admin", "acme:ops"] } as const;
void sharing.listImages(constPrincipal);
const frozenRoles: readonly string[] = Object.freeze(["observer"]);
void sharing.getStorageUsage({ userId: "u", accountId: "a", roles: frozenRoles });

// The bound API: the same methods without the principal.
const bob: BoundImageSharing = sharing.as(constPrincipal);
expectTypeOf(bob.listPendingShares).returns.toEqualTypeOf<ResultAsync<Page<PendingShare>, SharingError>>();
expectTypeOf(bob.acceptImage).parameters.toEqualTypeOf<[input: { imageId: string }]>();
void bob.listImages();
void bob.shareImage({ imageId: "i", consumerAccountId: "100003", expiresAt: "2027-01-01T00:00:00.000Z" });
// @ts-expect-error the bound methods take no principal
void bob.getImage(principal, { imageId: "i" });

// Awaiting a ResultAsync gives a Result; the entity shapes are those of the spec.
export async function awaitedShapes(): Promise<void> {
  const created = await sharing.createImage(principal, { name: "golden", region: "IAD" });
  expectTypeOf(created).toEqualTypeOf<Result<ImageView, SharingError>>();
  expectTypeOf<ImageView["source"]>().toEqualTypeOf<"own" | "shared">();
  expectTypeOf<ImageView>().toExtend<Image>();
  expectTypeOf<Member["status"]>().toEqualTypeOf<MemberStatus>();
  expectTypeOf<Member["expiresAt"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<Member["expired"]>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<MemberStatus>().toEqualTypeOf<"pending" | "accepted" | "rejected">();
  expectTypeOf<Page<ImageView>["nextCursor"]>().toEqualTypeOf<string | null>();
  expectTypeOf<PendingShare>().toEqualTypeOf<{ image: Image; member: Member }>();
  expectTypeOf<StorageUsage>().toEqualTypeOf<{ accountId: string; imageCount: number; bytes: number }>();
  expectTypeOf<SharingEvent>().toEqualTypeOf<ImageEvent | SharingPolicyChangedEvent>();
  expectTypeOf<ImageEvent["consumerAccountId"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<ImageEvent["byPolicy"]>().toEqualTypeOf<true | undefined>();
  expectTypeOf<SharingPolicyChangedEvent["type"]>().toEqualTypeOf<"SharingPolicyChanged">();
  expectTypeOf<SharingPolicy>().toEqualTypeOf<{
    accountId: string;
    autoAcceptFrom: string[];
    blockFrom: string[];
    updatedAt: string | null;
  }>();
  expectTypeOf<StoreError["type"]>().toEqualTypeOf<"ConcurrentModification" | "StorageFailure">();
  const policy = await sharing.getSharingPolicy(principal);
  if (policy.isOk()) expectTypeOf(policy.value.updatedAt).toEqualTypeOf<string | null>();
  const events = await sharing.listEvents(principal);
  if (events.isOk()) {
    for (const event of events.value.items) {
      // A policy event has no image: narrow on `type` first.
      // @ts-expect-error imageId is on image events only
      void event.imageId;
      if (event.type !== "SharingPolicyChanged") expectTypeOf(event.imageId).toEqualTypeOf<string>();
      else expectTypeOf(event.accountId).toEqualTypeOf<string>();
    }
  }
}

// Inputs accept the documented shapes; optional fields, and inputs whose fields are all optional, may be omitted.
export function documentedInputs(): void {
  void sharing.createImage(principal, { name: "golden", region: "IAD" });
  void sharing.createImage(principal, { name: "golden", region: "IAD", sizeBytes: 1024 });
  void sharing.updateImage(principal, { imageId: "i", name: "renamed" });
  void sharing.shareImage(principal, { imageId: "i", consumerAccountId: "100002" });
  void sharing.shareImage(principal, {
    imageId: "i",
    consumerAccountId: "100002",
    expiresAt: "2027-01-01T00:00:00.000Z",
  });
  void sharing.authorizeBoot(principal, { imageId: "i", region: "IAD" });
  void sharing.listImages(principal);
  void sharing.listImages(principal, { region: "global", limit: 10, cursor: "abc" });
  void sharing.listPendingShares(principal);
  void sharing.listPendingShares(principal, { region: "IAD", limit: 10, cursor: "abc" });
  void sharing.getStorageUsage(principal);
  void sharing.getStorageUsage(principal, {});
  void sharing.listEvents(principal);
  void sharing.listEvents(principal, { after: "event-1", limit: 50 });
  void sharing.setSharingPolicy(principal, { autoAcceptFrom: ["100003"] });
  void sharing.setSharingPolicy(principal, { blockFrom: ["100004"] });
  void sharing.setSharingPolicy(principal);
  void sharing.getSharingPolicy(principal);
}

// Inputs that miss a required field or have the wrong type do not compile.
export function rejectedInputs(): void {
  // @ts-expect-error region is required
  void sharing.createImage(principal, { name: "golden" });
  // @ts-expect-error sizeBytes is a number
  void sharing.createImage(principal, { name: "golden", region: "IAD", sizeBytes: "1kB" });
  // @ts-expect-error the consumer is required to share
  void sharing.shareImage(principal, { imageId: "i" });
  // @ts-expect-error an input is required when one of its fields is
  void sharing.getImage(principal);
  // @ts-expect-error the principal is required
  void sharing.listImages();
  // @ts-expect-error roles is a list of strings
  void sharing.listImages({ userId: "u", accountId: "a", roles: "admin" });
  // @ts-expect-error expiresAt is an ISO-8601 string, not a Date
  void sharing.shareImage(principal, { imageId: "i", consumerAccountId: "100002", expiresAt: new Date() });
  // @ts-expect-error a policy list is a list of account ids
  void sharing.setSharingPolicy(principal, { blockFrom: "100004" });
}

// SharingError narrows by `type` to the variant with its details.
export function describeError(error: SharingError): string {
  if (error.type === "RegionMismatch") {
    expectTypeOf(error).toEqualTypeOf<SharingErrorOf<"RegionMismatch">>();
    return `${error.imageRegion} != ${error.requestedRegion}`;
  }
  if (error.type === "AlreadyShared") {
    expectTypeOf(error.status).toEqualTypeOf<MemberStatus>();
    expectTypeOf(error.consumerAccountId).toEqualTypeOf<string>();
    expectTypeOf(error.imageId).toEqualTypeOf<string>();
    expectTypeOf(error.expired).toEqualTypeOf<boolean | undefined>();
    return error.status;
  }
  if (error.type === "Forbidden") {
    expectTypeOf(error.reason).toEqualTypeOf<ForbiddenReason>();
    expectTypeOf<ForbiddenReason>().toEqualTypeOf<"role" | "not-owner" | "not-accepted">();
    expectTypeOf(error.imageId).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.status).toEqualTypeOf<MemberStatus | undefined>();
    return error.reason;
  }
  if (error.type === "StorageFailure") {
    expectTypeOf(error.reason).toEqualTypeOf<StorageFailureReason>();
    expectTypeOf<StorageFailureReason>().toEqualTypeOf<"unavailable" | "timeout" | "invalid-response">();
    expectTypeOf(error.cause).toEqualTypeOf<unknown>();
    return error.reason;
  }
  if (
    error.type === "ImageNotFound" ||
    error.type === "MemberNotFound" ||
    error.type === "ReshareRequired" ||
    error.type === "SelfShare"
  ) {
    expectTypeOf(error.imageId).toEqualTypeOf<string>();
  }
  if (error.type === "ValidationError") {
    expectTypeOf(error.issues).toEqualTypeOf<{ path: (string | number)[]; message: string }[]>();
    return error.issues.map((i) => i.path.join(".")).join(", ");
  }
  // @ts-expect-error details belong to their variant only
  void error.imageRegion;
  // @ts-expect-error there is no such error type
  if (error.type === "NotAnError") return "";
  return error.message;
}

// An exhaustive switch over every error type compiles, and the `never` check would catch a new variant.
export function httpStatusOf(error: SharingError): number {
  switch (error.type) {
    case "ValidationError":
    case "UnknownRegion":
      return 400;
    case "ImageNotFound":
    case "AccountNotFound":
    case "MemberNotFound":
      return 404;
    case "Forbidden":
      return 403;
    case "SelfShare":
    case "AlreadyShared":
    case "ReshareRequired":
    case "MemberQuotaExceeded":
    case "RegionMismatch":
    case "ConcurrentModification":
      return 409;
    case "StorageFailure":
      return 503;
    default: {
      const unreachable: never = error;
      return unreachable;
    }
  }
}

// The error type union is exactly the one of SPEC section 4.
expectTypeOf<ErrorType>().toEqualTypeOf<
  | "ValidationError"
  | "ImageNotFound"
  | "AccountNotFound"
  | "MemberNotFound"
  | "Forbidden"
  | "SelfShare"
  | "AlreadyShared"
  | "ReshareRequired"
  | "MemberQuotaExceeded"
  | "RegionMismatch"
  | "UnknownRegion"
  | "ConcurrentModification"
  | "StorageFailure"
>();

// ConfigurationError is an Error with the issues of a ValidationError.
expectTypeOf<ConfigurationError>().toExtend<Error>();
expectTypeOf<ConfigurationError["issues"]>().toEqualTypeOf<SharingErrorOf<"ValidationError">["issues"]>();

// The pure policy is reachable from `cloud-image-sharing/policy`, typed on plain values.
expectTypeOf(decideShare).parameter(0).toEqualTypeOf<ShareFacts>();
expectTypeOf<ShareFacts["consumerPolicy"]>().toEqualTypeOf<SharingPolicy | null>();
