import type { ErrorType, EventType, MemberStatus } from "cloud-image-sharing";

// The reference model's vocabulary, written from SPEC.md alone: plain records in plain Maps,
// no indexes, no versions, nothing clever. Anything the SPEC leaves open is decided here and
// named where it is decided (see `reference-model.ts`).

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

/** A member (share record) as SPEC section 4 shapes it. */
export type ModelMember = { imageId: string; consumerAccountId: string; status: MemberStatus; createdAt: string; updatedAt: string };

/**
 * A recorded event. `id` is `null` until the harness has seen the id the service gave it: the
 * SPEC lets the service pick event ids (`newId`), so the model learns them by observation.
 */
export type ModelEvent = {
  id: string | null;
  type: EventType;
  occurredAt: string;
  imageId: string;
  ownerAccountId: string;
  consumerAccountId?: string;
  actorAccountId: string;
  actorUserId: string;
};

/** An error as the model predicts it: the type plus the details SPEC section 4 lists. */
export type ModelError = {
  type: ErrorType;
  status?: MemberStatus;
  quota?: number;
  imageRegion?: string;
  requestedRegion?: string;
  region?: string;
};

/** What every model operation answers. */
export type ModelResult<T> = { ok: true; value: T } | { ok: false; error: ModelError };

/** A page as SPEC section 4 shapes it; `nextCursor` here is the sort key after which the next page starts. */
export type ModelPage<T, K> = { items: T[]; next: K | null };

/** The whole state of the service. */
export type ModelState = {
  readonly knownAccounts: ReadonlySet<string>;
  readonly regions: ReadonlySet<string>;
  readonly memberQuota: number;
  readonly images: Map<string, ModelImage>;
  /** Members by image id, then by consumer account id. */
  readonly members: Map<string, Map<string, ModelMember>>;
  /** Every event ever recorded, in the order recorded. */
  readonly events: ModelEvent[];
};

/** A successful answer. */
export const okResult = <T>(value: T): ModelResult<T> => ({ ok: true, value });

/** A failed answer. */
export const errResult = <T>(error: ModelError): ModelResult<T> => ({ ok: false, error });

/** SPEC section 1: an id is 1–255 printable ASCII characters without spaces. */
export const isValidId = (value: unknown): value is string => typeof value === "string" && /^[\x21-\x7E]{1,255}$/.test(value);

/** A name: 1–255 characters, no control characters. */
export const isValidName = (value: unknown): value is string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the rule
  typeof value === "string" && value.length >= 1 && value.length <= 255 && !/[\x00-\x1F\x7F]/.test(value);

/** SPEC section 4: a page size is a whole number from 1 to 1000. */
export const isValidLimit = (value: unknown): boolean => typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000;

/** A region code as the library accepts it: upper-case letters, digits and `-`, starting with a letter. */
export const isWellFormedRegion = (value: unknown): value is string => typeof value === "string" && /^[A-Z][A-Z0-9-]{1,31}$/.test(value);

/** A principal passes validation when its ids are ids and its roles are strings. */
export function isValidPrincipal(principal: ModelPrincipal): boolean {
  return isValidId(principal.userId) && isValidId(principal.accountId) && principal.roles.every((role) => typeof role === "string");
}

/** SPEC section 3: the level (1 observer, 2 creator, 3 admin) of each known role; others grant 0. */
const ROLE_LEVELS: ReadonlyMap<string, number> = new Map([
  ["cloudImages:observer", 1],
  ["observer", 1],
  ["cloudImages:creator", 2],
  ["cloudImages:admin", 3],
  ["admin", 3],
  ["identity:user-admin", 3],
]);

/** The most permissive of the principal's roles (SPEC section 3). */
export function levelOf(principal: ModelPrincipal): number {
  return Math.max(0, ...principal.roles.map((role) => ROLE_LEVELS.get(role) ?? 0));
}

/** Newest first by createdAt, ties by id descending (SPEC section 4). */
export function newestFirst(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}
