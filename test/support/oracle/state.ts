import type { ErrorType, MemberStatus } from "cloud-image-sharing";

// The one reference model (oracle) of the test suite, written from SPEC.md alone: plain records
// in plain Maps, no indexes, no versions, nothing clever. Every model-based, property and race
// test judges the service against it. Anything the SPEC leaves open is decided in `model.ts`
// and named where it is decided.

/** A principal as the host passes it; the model validates it like any other input. */
export type ModelPrincipal = { readonly userId: string; readonly accountId: string; readonly roles: readonly string[] };

/** An image as SPEC section 4 shapes it. */
export type ModelImage = {
  id: string;
  ownerAccountId: string;
  name: string;
  region: string;
  sizeBytes: number;
  createdAt: string;
  updatedAt: string;
};

/** An image as a principal sees it: its own, or shared with it. */
export type ModelImageView = ModelImage & { source: "own" | "shared" };

/** A stored member (share record); `expiresAt` for an expiring share (R18). */
export type ModelMember = {
  imageId: string;
  consumerAccountId: string;
  status: MemberStatus;
  createdAt: string;
  updatedAt: string;
  expiresAt?: string;
};

/** A member as the service shows it at a given time: an expiring one says whether it has expired (R18). */
export type ModelMemberView = ModelMember & { expired?: boolean };

/** A consumer account's sharing policy (R17). */
export type ModelPolicy = {
  accountId: string;
  autoAcceptFrom: string[];
  blockFrom: string[];
  updatedAt: string | null;
};

/**
 * A recorded event: an image event (`imageId`, `ownerAccountId`, …) or a policy event
 * (`accountId`). `id` is `null` until the harness has seen the id the service gave it: the
 * service picks event ids (`newId`), so the model learns them by observation.
 */
export type ModelEvent = {
  id: string | null;
  type: string;
  occurredAt: string;
  imageId?: string;
  ownerAccountId?: string;
  consumerAccountId?: string;
  actorAccountId?: string;
  actorUserId?: string;
  expiresAt?: string;
  byPolicy?: true;
  accountId?: string;
};

/** An error as the model predicts it: the type plus the details SPEC section 4 lists for it. */
export type ModelError = { type: ErrorType } & Record<string, unknown>;

/** What every model operation answers. */
export type ModelResult<T> = { ok: true; value: T } | { ok: false; error: ModelError };

/** A page: the items and the sort key after which the next page starts (`null`: no more). */
export type ModelPage<T, K> = { items: T[]; next: K | null };

/** A list position: newest first by `createdAt`, ties by `id` descending. */
export type SortKey = { createdAt: string; id: string };

/** The whole state of the service. */
export type ModelState = {
  readonly knownAccounts: ReadonlySet<string>;
  readonly regions: ReadonlySet<string>;
  readonly memberQuota: number;
  readonly images: Map<string, ModelImage>;
  /** Members by image id, then by consumer account id. */
  readonly members: Map<string, Map<string, ModelMember>>;
  /** Sharing policies by account id (R17). */
  readonly policies: Map<string, ModelPolicy>;
  /** Every event ever recorded, in the order recorded. */
  readonly events: ModelEvent[];
};

/** A deep copy of a state: a fork to try an operation on, or to keep as "before". */
export function cloneState(state: ModelState): ModelState {
  return {
    knownAccounts: state.knownAccounts,
    regions: state.regions,
    memberQuota: state.memberQuota,
    images: new Map([...state.images].map(([id, image]) => [id, { ...image }])),
    members: new Map(
      [...state.members].map(([id, byConsumer]) => [id, new Map([...byConsumer].map(([c, m]) => [c, { ...m }]))]),
    ),
    policies: new Map(
      [...state.policies].map(([id, p]) => [
        id,
        { ...p, autoAcceptFrom: [...p.autoAcceptFrom], blockFrom: [...p.blockFrom] },
      ]),
    ),
    events: state.events.map((e) => ({ ...e })),
  };
}

/** Replaces the contents of `target` by those of `source` (a fork adopted as the truth). */
export function adoptState(target: ModelState, source: ModelState): void {
  const copy = cloneState(source);
  target.images.clear();
  for (const [k, v] of copy.images) target.images.set(k, v);
  target.members.clear();
  for (const [k, v] of copy.members) target.members.set(k, v);
  target.policies.clear();
  for (const [k, v] of copy.policies) target.policies.set(k, v);
  target.events.splice(0, target.events.length, ...copy.events);
}

/** A successful answer. */
export const okResult = <T>(value: T): ModelResult<T> => ({ ok: true, value });

/** A failed answer. */
export const errResult = <T>(error: ModelError): ModelResult<T> => ({ ok: false, error });

/** SPEC section 1: an id is 1–255 printable ASCII characters without spaces. */
export const isValidId = (value: unknown): value is string =>
  typeof value === "string" && /^[\x21-\x7E]{1,255}$/.test(value);

/** A name: 1–255 characters, no control characters. */
export const isValidName = (value: unknown): value is string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the rule
  typeof value === "string" && value.length >= 1 && value.length <= 255 && !/[\x00-\x1F\x7F]/.test(value);

/** SPEC section 4: a page size is a whole number from 1 to 1000. */
export const isValidLimit = (value: unknown): boolean =>
  typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000;

/** A region code as the library accepts it: upper-case letters, digits and `-`, starting with a letter. */
export const isWellFormedRegion = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Z][A-Z0-9-]{1,31}$/.test(value);

/** An image size: a whole number from 0 to 2^53 - 1. */
export const isValidSize = (value: unknown): boolean =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/** An ISO-8601 UTC timestamp as `toISOString` writes it (seconds and fraction optional). */
export const isTimestamp = (value: unknown): value is string =>
  typeof value === "string" &&
  /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(value) &&
  !Number.isNaN(Date.parse(value));

/** SPEC section 3: a principal holds at most 1,024 roles of at most 1,024 characters. */
export function isValidPrincipal(principal: unknown): principal is ModelPrincipal {
  if (typeof principal !== "object" || principal === null || Array.isArray(principal)) return false;
  const { userId, accountId, roles } = principal as Record<string, unknown>;
  if (!isValidId(userId) || !isValidId(accountId) || !Array.isArray(roles) || roles.length > 1024) return false;
  for (let i = 0; i < roles.length; i += 1) {
    const role: unknown = roles[i];
    if (typeof role !== "string" || role.length > 1024) return false;
  }
  return true;
}

/** R17: a policy list is at most 1,000 valid ids, none repeated. */
export const isValidPolicyList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length <= 1000 && value.every(isValidId) && new Set(value).size === value.length;

/** The least role of each access level (SPEC section 3), as `Forbidden.requiredRole` names it. */
export const REQUIRED_ROLE = { 1: "cloudImages:observer", 2: "cloudImages:creator", 3: "cloudImages:admin" } as const;

/** SPEC section 3: the level (1 observer, 2 creator, 3 admin) of each known role; others grant 0. */
const ROLE_LEVELS: ReadonlyMap<string, 1 | 2 | 3> = new Map([
  ["cloudImages:observer", 1],
  ["observer", 1],
  ["cloudImages:creator", 2],
  ["cloudImages:admin", 3],
  ["admin", 3],
  ["identity:user-admin", 3],
] as const);

/** Every role string SPEC section 3 knows. */
export const SPEC_ROLES: readonly string[] = [...ROLE_LEVELS.keys()];

/** The most permissive of the roles (SPEC section 3); unknown roles grant nothing. */
export function levelOfRoles(roles: readonly string[]): 0 | 1 | 2 | 3 {
  let level: 0 | 1 | 2 | 3 = 0;
  for (const role of roles) level = Math.max(level, ROLE_LEVELS.get(role) ?? 0) as 0 | 1 | 2 | 3;
  return level;
}

/** The most permissive of the principal's roles (SPEC section 3). */
export const levelOf = (principal: ModelPrincipal): 0 | 1 | 2 | 3 => levelOfRoles(principal.roles);

/** Newest first by createdAt, ties by id descending (SPEC section 4). */
export function newestFirst(a: SortKey, b: SortKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** R18: from `expiresAt` on, by the service clock, a share grants nothing. */
export const isExpired = (member: { expiresAt?: string | undefined }, now: string): boolean =>
  member.expiresAt !== undefined && Date.parse(member.expiresAt) <= Date.parse(now);

/** The accounts an event concerns (SPEC section 4): owner and named consumer, or the policy's account. */
export function concerns(event: ModelEvent, accountId: string): boolean {
  if (event.type === "SharingPolicyChanged") return event.accountId === accountId;
  return event.ownerAccountId === accountId || event.consumerAccountId === accountId;
}

/** R14: the event as `viewer` sees it: the acting user only for the acting account. */
export function eventAsSeenBy(event: ModelEvent, viewer: string): ModelEvent {
  const actorAccount = event.type === "SharingPolicyChanged" ? event.accountId : event.actorAccountId;
  if (actorAccount === viewer) return { ...event };
  const { actorUserId: _hidden, ...rest } = event;
  return rest;
}
