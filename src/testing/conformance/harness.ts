import assert from "node:assert/strict";
import type {
  CommitReceipt,
  Image,
  ImageEvent,
  ImageFacts,
  ImageFactsQuery,
  ImageSharingStore,
  Member,
  PendingShare,
  PolicyCommit,
  RegionSelector,
  SharingEvent,
  SortKey,
  StoreAnswer,
  StoreCommit,
  StoreError,
  VersionedPolicy,
} from "cloud-image-sharing";
import type { Result } from "neverthrow";
import {
  type EventFactory,
  type ImageSpec,
  imageFields,
  imageOf,
  memberFields,
  NOW,
  SETUP_ACCOUNTS,
} from "./fixtures.js";
import type { StoreSetup } from "./options.js";

/** What one conformance case works with: its fresh store, an event factory, a way to get another store. */
export type CaseContext = {
  readonly store: ImageSharingStore;
  readonly event: EventFactory;
  /**
   * Another fresh store from the same `makeStore` (torn down after the case too), with the
   * suite's account directory or the one given.
   */
  readonly anotherStore: (setup?: StoreSetup) => Promise<ImageSharingStore>;
};

/** One guarantee: its name says what a failure means. `large` cases can be turned off by the adapter author. */
export type ConformanceCase = {
  readonly name: string;
  readonly large?: boolean;
  readonly run: (ctx: CaseContext) => Promise<void>;
};

/** Guarantees about one part of the port. */
export type ConformanceGroup = { readonly title: string; readonly cases: readonly ConformanceCase[] };

const describeThrown = (thrown: unknown): string =>
  thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);

/** A short rendering of any value for a failure message; never throws. */
function describeValue(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    // Cyclic or hostile: fall through to String().
  }
  try {
    return String(value);
  } catch {
    return "an unprintable value";
  }
}

/** True for a neverthrow `Result` (of any copy of neverthrow: checked by shape, not by class). */
function isResult(value: unknown): value is Result<unknown, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { isOk?: unknown }).isOk === "function" &&
    typeof (value as { isErr?: unknown }).isErr === "function"
  );
}

/**
 * Calls a store method and returns its `Result`, awaiting whatever the store answered: a
 * `Result` at once, a promise of one, or a `ResultAsync` are all conformant. A method that
 * throws, whose promise rejects, or that answers anything else breaks the port's "errors are
 * values" rule, so that fails the case with the method's name.
 */
export async function settle<T>(label: string, call: () => StoreAnswer<T>): Promise<Result<T, StoreError>> {
  let answered: unknown;
  try {
    answered = await call();
  } catch (thrown) {
    return assert.fail(`${label} threw or rejected instead of returning an error value: ${describeThrown(thrown)}`);
  }
  if (!isResult(answered))
    return assert.fail(`${label} answered ${describeValue(answered)}, not a Result (or a promise of one)`);
  return answered as Result<T, StoreError>;
}

/** The ok value of a store call; fails the case with the store's error otherwise. */
export async function expectOk<T>(label: string, call: () => StoreAnswer<T>): Promise<T> {
  const result = await settle(label, call);
  if (result.isErr()) return assert.fail(`${label} failed: ${result.error.type}: ${result.error.message}`);
  return result.value;
}

/** The error of a store call, which must be one of `types` and well formed. */
export async function expectStoreError(
  label: string,
  call: () => StoreAnswer<unknown>,
  types: readonly StoreError["type"][],
): Promise<StoreError> {
  const result = await settle(label, call);
  if (result.isOk()) return assert.fail(`${label} succeeded, but it must fail with ${types.join(" or ")}`);
  assert.ok(
    types.includes(result.error.type),
    `${label} failed with ${result.error.type}, expected ${types.join(" or ")}`,
  );
  assert.equal(typeof result.error.message, "string", `${label}: an error value has a string message`);
  return result.error;
}

/** Commits, and fails the case unless the commit succeeds. */
export function commitOk(ctx: CaseContext, label: string, commit: StoreCommit): Promise<CommitReceipt> {
  return expectOk(`commit (${label})`, () => ctx.store.commit(commit));
}

/** Commits a policy change, and fails the case unless it succeeds. */
export function commitPolicyOk(store: ImageSharingStore, label: string, commit: PolicyCommit): Promise<void> {
  return expectOk(`commitPolicy (${label})`, () => store.commitPolicy(commit));
}

/** The facts of one query, as the store answers them. */
export function factsOf(store: ImageSharingStore, query: ImageFactsQuery): Promise<ImageFacts> {
  return expectOk(`readImageFacts(${JSON.stringify(query)})`, () => store.readImageFacts(query));
}

/** An image that must exist: its port fields (extra fields a store adds are left out) and version. */
export async function storedImage(
  store: ImageSharingStore,
  imageId: string,
  accountId = SETUP_ACCOUNTS[0]?.id ?? "",
): Promise<{ image: Image; version: number }> {
  const { image: found } = await factsOf(store, { imageId, accountId });
  assert.ok(found !== null, `readImageFacts(${imageId}) must find the image`);
  return { image: imageFields(found.image), version: found.version };
}

/** The current version of an existing image. */
export async function versionOf(store: ImageSharingStore, imageId: string): Promise<number> {
  return (await storedImage(store, imageId)).version;
}

/** The account's own member record of the image (`readImageFacts(...).member`), port fields only, or `null`. */
export async function memberOfAccount(
  store: ImageSharingStore,
  imageId: string,
  accountId: string,
): Promise<Member | null> {
  const { member } = await factsOf(store, { imageId, accountId });
  return member === null ? null : memberFields(member);
}

/** Every member of the image (`withMembers`), port fields only, in the order the store returned them. */
export async function membersOf(
  store: ImageSharingStore,
  imageId: string,
  accountId = SETUP_ACCOUNTS[0]?.id ?? "",
): Promise<Member[]> {
  const { image, members } = await factsOf(store, { imageId, accountId, withMembers: true });
  // For an absent image every other fact is empty: no members, whether listed as `[]` or left out.
  if (image === null && members === undefined) return [];
  assert.ok(members !== undefined, `readImageFacts(${imageId}, withMembers) must return the members`);
  return members.map(memberFields);
}

/** The image's member count, as a share decision reads it (asked about `consumerAccountId`, default a setup account). */
export async function memberCountOf(
  store: ImageSharingStore,
  imageId: string,
  consumerAccountId = SETUP_ACCOUNTS.at(-1)?.id ?? "",
): Promise<number> {
  const { image, consumer } = await factsOf(store, {
    imageId,
    accountId: SETUP_ACCOUNTS[0]?.id ?? "",
    consumerAccountId,
  });
  if (image === null && consumer === undefined) return 0;
  assert.ok(
    consumer !== undefined,
    `readImageFacts(${imageId}, consumer ${consumerAccountId}) must return the consumer facts`,
  );
  return consumer.memberCount;
}

/** The account's sharing policy with its version, or `null`. */
export function storedPolicyOf(store: ImageSharingStore, accountId: string): Promise<VersionedPolicy | null> {
  return expectOk(`getSharingPolicy(${accountId})`, () => store.getSharingPolicy(accountId));
}

/** The account's events from the start (at most 1000); the store must not answer `null` without `after`. */
export async function eventsOf(store: ImageSharingStore, accountId: string): Promise<SharingEvent[]> {
  const events = await expectOk(`listEvents(${accountId})`, () =>
    store.listEvents({ accountId, after: null, limit: 1000 }),
  );
  assert.ok(events !== null, `listEvents(${accountId}) without \`after\` answers a list, not null`);
  return events;
}

/** Ids of the account's events (after `after`, at most `limit`); `null` as the store answers it. */
export async function eventIds(
  store: ImageSharingStore,
  accountId: string,
  after: string | null = null,
  limit = 1000,
): Promise<string[] | null> {
  const events = await expectOk(`listEvents(${accountId}, after ${after})`, () =>
    store.listEvents({ accountId, after, limit }),
  );
  return events?.map((e) => e.id) ?? null;
}

/** Creates an image (expectedVersion `null`) with its `ImageCreated` event; returns both. */
export async function seedImage(
  ctx: CaseContext,
  spec: ImageSpec,
): Promise<{ image: Image; event: ImageEvent; receipt: CommitReceipt }> {
  const image = imageOf(spec);
  const event = ctx.event("ImageCreated", image);
  const receipt = await commitOk(ctx, `create ${image.id}`, {
    imageId: image.id,
    expectedVersion: null,
    image,
    events: [event],
  });
  return { image, event, receipt };
}

/** Puts members on an existing image at its current version, with one `ImageShared` event each. */
export async function seedMembers(ctx: CaseContext, image: Image, members: readonly Member[]): Promise<ImageEvent[]> {
  const expectedVersion = await versionOf(ctx.store, image.id);
  const events = members.map((m) =>
    ctx.event("ImageShared", image, m.consumerAccountId, m.expiresAt === undefined ? {} : { expiresAt: m.expiresAt }),
  );
  await commitOk(ctx, `share ${image.id}`, { imageId: image.id, expectedVersion, putMembers: members, events });
  return events;
}

/** Deletes an image at its current version, with an `ImageDeleted` event for the owner; answers the store's receipt. */
export async function deleteImage(ctx: CaseContext, image: Image): Promise<CommitReceipt> {
  return commitOk(ctx, `delete ${image.id}`, {
    imageId: image.id,
    expectedVersion: await versionOf(ctx.store, image.id),
    image: null,
    events: [ctx.event("ImageDeleted", image)],
  });
}

/** Options of the list helpers; `now` defaults to {@link NOW}. */
export type ListOptions = { region?: RegionSelector; after?: SortKey | null; limit?: number; now?: string };

/** A list query for the account: every region, from the start, up to 1,000 items, at {@link NOW}, unless `options` say otherwise. */
function listQuery(accountId: string, options: ListOptions) {
  return {
    accountId,
    region: options.region ?? "global",
    after: options.after ?? null,
    limit: options.limit ?? 1000,
    now: options.now ?? NOW,
  };
}

/** Ids of `listVisibleImages` for the account, in the order returned. */
export async function visibleIds(
  store: ImageSharingStore,
  accountId: string,
  options: ListOptions = {},
): Promise<string[]> {
  const query = listQuery(accountId, options);
  const page = await expectOk(`listVisibleImages(${JSON.stringify(query)})`, () => store.listVisibleImages(query));
  return page.map((image) => image.id);
}

/** `listPendingShares` for the account, in the order returned. */
export function pendingShares(
  store: ImageSharingStore,
  accountId: string,
  options: ListOptions = {},
): Promise<PendingShare[]> {
  const query = listQuery(accountId, options);
  return expectOk(`listPendingShares(${JSON.stringify(query)})`, () => store.listPendingShares(query));
}

/** Image ids of `listPendingShares` for the account, in the order returned. */
export async function pendingIds(
  store: ImageSharingStore,
  accountId: string,
  options: ListOptions = {},
): Promise<string[]> {
  return (await pendingShares(store, accountId, options)).map((share) => share.image.id);
}
