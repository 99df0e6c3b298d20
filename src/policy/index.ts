// cloud-image-sharing/policy: the rules as pure functions of plain values, usable without any
// storage, for hosts that hold the facts themselves. No I/O, no clock: time comes in as `now`.

export type { Decision, ImageChange } from "../domain/change.js";
export { accountsConcernedBy, actorOf, type EventDraft, eventAsSeenBy } from "../domain/events.js";
export { DEFAULT_MEMBER_QUOTA, isExpired } from "../domain/member.js";
export { emptySharingPolicy } from "../domain/sharing-policy.js";
export { authorizeAsMember, authorizeOnImage, type ImageAccessFacts, type Side } from "./access.js";
export { decideBoot } from "./boot.js";
export { type CreateImageFacts, decideCreateImage, decideDeleteImage, decideUpdateImage } from "./image-lifecycle.js";
export {
  type Catalog,
  type CatalogRules,
  checkCatalog,
  MAX_IMPORT_ISSUES,
  memberKey,
  type StoredCatalogFacts,
} from "./import.js";
export {
  canTransition,
  decideAccept,
  decideReject,
  decideShare,
  decideUnshare,
  type ShareFacts,
  type UnshareFacts,
} from "./membership.js";
export { checkMemberQuota } from "./quota.js";
export { type Action, hasRole, levelOf, REQUIRED_ROLE, requireRole, withMappedRoles } from "./rbac.js";
export { checkBootRegion, checkRegionKnown } from "./region.js";
export {
  decideSetPolicy,
  isBlocked,
  type PolicyDecision,
  type PolicyRequest,
  trustsProducer,
} from "./sharing-policy.js";
export {
  canSee,
  memberAt,
  membersVisibleTo,
  type Relation,
  relationOf,
  toView,
  type VisibleRelation,
} from "./visibility.js";
