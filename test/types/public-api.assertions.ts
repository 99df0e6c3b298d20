// Type-level assertions about the public API, as a user's editor sees it. This file is never
// executed: public-api.test.ts compiles it with the TypeScript compiler and fails on any error.
// Each `@ts-expect-error` is an assertion too: it fails to compile if the line it guards
// stops being an error.

import {
  createImageSharing,
  createInMemoryStore,
  type ErrorType,
  type Image,
  type ImageSharing,
  type ImageSharingStore,
  type ImageView,
  type Member,
  type MemberStatus,
  type Page,
  type PendingShare,
  type Principal,
  type SharingError,
  type SharingErrorOf,
  type SharingEvent,
  type StorageUsage,
  type StoreError,
} from "cloud-image-sharing";
import type { Result, ResultAsync } from "neverthrow";
import { expectTypeOf } from "vitest";

const sharing = createImageSharing({ store: createInMemoryStore({ accounts: [{ id: "100001" }] }), regions: ["IAD"], memberQuota: 128 });
const principal: Principal = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };

// Construction: every option is optional, Infinity is a valid quota; the result is the service interface.
expectTypeOf(createImageSharing()).toEqualTypeOf<ImageSharing>();
expectTypeOf(createImageSharing({ memberQuota: Number.POSITIVE_INFINITY })).toEqualTypeOf<ImageSharing>();
expectTypeOf(createInMemoryStore()).toExtend<ImageSharingStore>();

// R15: every method returns ResultAsync<T, SharingError>, with the ok value of SPEC section 4.
expectTypeOf(sharing.createImage).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.updateImage).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.deleteImage).returns.toEqualTypeOf<ResultAsync<void, SharingError>>();
expectTypeOf(sharing.getImage).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.listImages).returns.toEqualTypeOf<ResultAsync<Page<ImageView>, SharingError>>();
expectTypeOf(sharing.shareImage).returns.toEqualTypeOf<ResultAsync<Member, SharingError>>();
expectTypeOf(sharing.unshareImage).returns.toEqualTypeOf<ResultAsync<void, SharingError>>();
expectTypeOf(sharing.listMembers).returns.toEqualTypeOf<ResultAsync<Member[], SharingError>>();
expectTypeOf(sharing.listPendingShares).returns.toEqualTypeOf<ResultAsync<PendingShare[], SharingError>>();
expectTypeOf(sharing.acceptImage).returns.toEqualTypeOf<ResultAsync<Member, SharingError>>();
expectTypeOf(sharing.rejectImage).returns.toEqualTypeOf<ResultAsync<Member, SharingError>>();
expectTypeOf(sharing.authorizeBoot).returns.toEqualTypeOf<ResultAsync<ImageView, SharingError>>();
expectTypeOf(sharing.getStorageUsage).returns.toEqualTypeOf<ResultAsync<StorageUsage, SharingError>>();
expectTypeOf(sharing.listEvents).returns.toEqualTypeOf<ResultAsync<Page<SharingEvent>, SharingError>>();

// Every method takes the principal first.
expectTypeOf(sharing.acceptImage).parameter(0).toEqualTypeOf<Principal>();

// Awaiting a ResultAsync gives a Result; the entity shapes are those of the spec.
export async function awaitedShapes(): Promise<void> {
  const created = await sharing.createImage(principal, { name: "golden", region: "IAD" });
  expectTypeOf(created).toEqualTypeOf<Result<ImageView, SharingError>>();
  expectTypeOf<ImageView["source"]>().toEqualTypeOf<"own" | "shared">();
  expectTypeOf<ImageView>().toExtend<Image>();
  expectTypeOf<Member["status"]>().toEqualTypeOf<MemberStatus>();
  expectTypeOf<MemberStatus>().toEqualTypeOf<"pending" | "accepted" | "rejected">();
  expectTypeOf<Page<ImageView>["nextCursor"]>().toEqualTypeOf<string | null>();
  expectTypeOf<PendingShare>().toHaveProperty("image");
  expectTypeOf<StorageUsage>().toEqualTypeOf<{ accountId: string; imageCount: number; bytes: number }>();
  expectTypeOf<SharingEvent["consumerAccountId"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<StoreError["type"]>().toEqualTypeOf<"ConcurrentModification" | "StorageFailure">();
}

// Inputs accept the documented shapes; optional fields, and inputs whose fields are all optional, may be omitted.
export function documentedInputs(): void {
  void sharing.createImage(principal, { name: "golden", region: "IAD" });
  void sharing.createImage(principal, { name: "golden", region: "IAD", sizeBytes: 1024 });
  void sharing.updateImage(principal, { imageId: "i", name: "renamed" });
  void sharing.shareImage(principal, { imageId: "i", consumerAccountId: "100002" });
  void sharing.authorizeBoot(principal, { imageId: "i", region: "IAD" });
  void sharing.listImages(principal);
  void sharing.listImages(principal, { region: "global", limit: 10, cursor: "abc" });
  void sharing.listPendingShares(principal);
  void sharing.listPendingShares(principal, { region: "IAD" });
  void sharing.getStorageUsage(principal);
  void sharing.getStorageUsage(principal, {});
  void sharing.listEvents(principal);
  void sharing.listEvents(principal, { after: "event-1", limit: 50 });
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
}

// SharingError narrows by `type` to the variant with its details.
export function describeError(error: SharingError): string {
  if (error.type === "RegionMismatch") {
    expectTypeOf(error).toEqualTypeOf<SharingErrorOf<"RegionMismatch">>();
    return `${error.imageRegion} != ${error.requestedRegion}`;
  }
  if (error.type === "AlreadyShared") {
    expectTypeOf(error.status).toEqualTypeOf<MemberStatus>();
    return error.status;
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
