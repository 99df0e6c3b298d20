// biome-ignore-all assist/source/organizeImports: the exports are grouped by what users look for, in this order, with a comment per group
// cloud-image-sharing: the public face. Named re-exports only; every name here is a promise
// kept across versions. The pure policy lives in `cloud-image-sharing/policy`.

// --- The service, its options, and the default store -------------------------------------------
export { createImageSharing } from "./service/create-image-sharing.js";
export type { BoundImageSharing, ImageSharing, PrincipalInput } from "./service/image-sharing.js";
export { type ImageSharingOptions, ImageSharingOptionsSchema } from "./service/options.js";
export { createInMemoryStore, type InMemoryStore, type SynchronousStore } from "./adapters/memory/store.js";
export { type InMemoryStoreOptions, InMemoryStoreOptionsSchema } from "./adapters/memory/options.js";
export { type CatalogImport, CatalogImportSchema, type ImportReport, ImportRulesSchema } from "./domain/catalog.js";

// --- Ports: what another storage implements ------------------------------------------------------
export type { Clock, IdGenerator } from "./ports/clock.js";
export {
  type ConsumerFacts,
  type EventsQuery,
  type ImageFacts,
  type ImageFactsQuery,
  type ImageSharingStore,
  type PendingSharesQuery,
  type PolicyCommit,
  STORE_METHODS,
  type StoreAnswer,
  type CommitReceipt,
  type StoreCommit,
  type VersionedImage,
  type VersionedPolicy,
  type VisibleImagesQuery,
} from "./ports/store.js";
export type { ImageChange } from "./domain/change.js";

// --- Entities and values, each with its zod schema and inferred type ------------------------------
export { type Account, AccountSchema } from "./domain/account.js";
export {
  type EventType,
  EventTypeSchema,
  type ImageEvent,
  ImageEventSchema,
  type SharingEvent,
  SharingEventSchema,
  type SharingPolicyChangedEvent,
  SharingPolicyChangedEventSchema,
} from "./domain/events.js";
export {
  type AccountId,
  AccountIdSchema,
  type Id,
  IdSchema,
  type ImageId,
  ImageIdSchema,
  type UserId,
  UserIdSchema,
} from "./domain/ids.js";
export {
  type Image,
  ImageNameSchema,
  ImageSchema,
  type ImageSource,
  ImageSourceSchema,
  type ImageView,
  ImageViewSchema,
  SizeBytesSchema,
  type StorageUsage,
  StorageUsageSchema,
} from "./domain/image.js";
export {
  type Member,
  MemberSchema,
  type MemberStatus,
  MemberStatusSchema,
  type PendingShare,
  PendingShareSchema,
} from "./domain/member.js";
export { CursorSchema, LimitSchema, PAGE_LIMITS, type Page, type SortKey } from "./domain/page.js";
export { type Principal, PrincipalSchema } from "./domain/principal.js";
export {
  DEFAULT_REGIONS,
  GLOBAL,
  type RegionCode,
  RegionCodeSchema,
  type RegionSelector,
  RegionSelectorSchema,
} from "./domain/region.js";
export {
  ACCESS_LEVELS,
  type AccessLevel,
  KNOWN_ROLES,
  type KnownRole,
  type RoleMap,
  RoleMapSchema,
  RolesSchema,
} from "./domain/role.js";
export {
  MAX_POLICY_ACCOUNTS,
  PolicyAccountListSchema,
  type SharingPolicy,
  SharingPolicySchema,
} from "./domain/sharing-policy.js";
export { type Timestamp, TimestampSchema } from "./domain/time.js";

// --- Method inputs ---------------------------------------------------------------------------------
export {
  type AuthorizeBootInput,
  AuthorizeBootInputSchema,
  type CreateImageInput,
  CreateImageInputSchema,
  type GetSharingPolicyInput,
  GetSharingPolicyInputSchema,
  type ImageRefInput,
  ImageRefInputSchema,
  type ListEventsInput,
  ListEventsInputSchema,
  type ListImagesInput,
  ListImagesInputSchema,
  type ListPendingSharesInput,
  ListPendingSharesInputSchema,
  type MemberRefInput,
  MemberRefInputSchema,
  type SetSharingPolicyInput,
  SetSharingPolicyInputSchema,
  type ShareImageInput,
  ShareImageInputSchema,
  type StorageUsageInput,
  StorageUsageInputSchema,
  type UpdateImageInput,
  UpdateImageInputSchema,
} from "./domain/inputs.js";

// --- Errors: plain tagged values, and the one thrown at start-up -------------------------------------
export { ConfigurationError } from "./domain/configuration-error.js";
export {
  ERROR_TYPES,
  type ErrorType,
  type ForbiddenReason,
  isSharingError,
  type SharingError,
  type SharingErrorOf,
  type StorageFailureReason,
  type StoreError,
  SharingErrors,
  type ValidationIssue,
} from "./domain/errors.js";

// --- Errors over HTTP ----------------------------------------------------------------------------------
export { type ProblemDetails, type ProblemDetailsOptions, toProblemDetails } from "./http/problem-details.js";
export { type HttpErrorStatus, httpStatusOf } from "./http/status.js";
