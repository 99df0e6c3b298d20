// cloud-image-sharing: the public face. Named re-exports only, grouped by layer.

export { type InMemoryStoreOptions, InMemoryStoreOptionsSchema } from "./adapters/memory/options.js";
export { createInMemoryStore, type InMemoryStore } from "./adapters/memory/store.js";
// Entities and values, each with its zod schema and inferred type.
export { type Account, AccountSchema } from "./domain/account.js";
export type { Decision, ImageChange } from "./domain/change.js";
// Errors: plain tagged values.
export {
  ERROR_TYPES,
  type ErrorType,
  isSharingError,
  type SharingError,
  type SharingErrorOf,
  SharingErrors,
  type StoreError,
  type ValidationIssue,
} from "./domain/errors.js";
export {
  accountsConcernedBy,
  type EventDraft,
  type EventType,
  EventTypeSchema,
  type SharingEvent,
  SharingEventSchema,
} from "./domain/events.js";
export { type AccountId, AccountIdSchema, type Id, IdSchema, type ImageId, ImageIdSchema, type UserId, UserIdSchema } from "./domain/ids.js";
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
// Method inputs.
export {
  type AuthorizeBootInput,
  AuthorizeBootInputSchema,
  type CreateImageInput,
  CreateImageInputSchema,
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
  type StorageUsageInput,
  StorageUsageInputSchema,
  type UpdateImageInput,
  UpdateImageInputSchema,
} from "./domain/inputs.js";
export { type Member, MemberSchema, type MemberStatus, MemberStatusSchema, type PendingShare, PendingShareSchema } from "./domain/member.js";
export { CursorSchema, compareNewestFirst, decodeCursor, encodeCursor, LimitSchema, PAGE_LIMITS, type Page, type SortKey } from "./domain/page.js";
export { type Principal, PrincipalSchema } from "./domain/principal.js";
export {
  DEFAULT_REGIONS,
  GLOBAL,
  type RegionCode,
  RegionCodeSchema,
  type RegionSelector,
  RegionSelectorSchema,
  regionMatches,
} from "./domain/region.js";
export { ACCESS_LEVELS, type AccessLevel, KNOWN_ROLES, type KnownRole, RolesSchema } from "./domain/role.js";
export { type Timestamp, TimestampSchema } from "./domain/time.js";
export { authorizeAsMember, authorizeOnImage, type ImageAccessFacts, type Side } from "./policy/access.js";
export { decideBoot } from "./policy/boot.js";
export { type CreateImageFacts, decideCreateImage, decideDeleteImage, decideUpdateImage } from "./policy/image-lifecycle.js";
export {
  canTransition,
  type DecideFacts,
  decideAccept,
  decideReject,
  decideShare,
  decideUnshare,
  type ShareFacts,
  type UnshareFacts,
} from "./policy/membership.js";
export { checkMemberQuota, DEFAULT_MEMBER_QUOTA } from "./policy/quota.js";
// Pure policy: the rules as functions of plain values, usable without any storage.
export { type Action, hasRole, levelOf, REQUIRED_ROLE, rankOf, requireRole } from "./policy/rbac.js";
export { checkBootRegion, checkRegionKnown } from "./policy/region.js";
export {
  canSee,
  isListed,
  isPendingNotification,
  membersVisibleTo,
  type Relation,
  relationOf,
  toView,
  type VisibleRelation,
} from "./policy/visibility.js";
export type { Clock, IdGenerator } from "./ports/clock.js";
// Ports: what another storage implements.
export {
  type EventsQuery,
  type ImageSharingStore,
  STORE_METHODS,
  type StoreCommit,
  type VersionedImage,
  type VisibleImagesQuery,
} from "./ports/store.js";
// The service and the default store.
export { createImageSharing } from "./service/create-image-sharing.js";
export type { ImageSharing } from "./service/image-sharing.js";
export { type ImageSharingOptions, ImageSharingOptionsSchema } from "./service/options.js";
