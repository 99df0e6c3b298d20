import assert from "node:assert/strict";
import type { Image, ImageSharingStore, Member, RegionSelector, SharingEvent, SortKey, StoreCommit, StoreError } from "cloud-image-sharing";
import type { Result, ResultAsync } from "neverthrow";
import { type EventFactory, type ImageSpec, imageFields, imageOf, memberFields } from "./fixtures.js";

/** What one conformance case works with: its fresh store, an event factory, a way to get a second store. */
export type CaseContext = {
  readonly store: ImageSharingStore;
  readonly event: EventFactory;
  /** Another fresh store from the same `makeStore` (torn down after the case too). */
  readonly anotherStore: () => Promise<ImageSharingStore>;
};

/** One guarantee: its name says what a failure means. */
export type ConformanceCase = { readonly name: string; readonly run: (ctx: CaseContext) => Promise<void> };

/** Guarantees about one part of the port. */
export type ConformanceGroup = { readonly title: string; readonly cases: readonly ConformanceCase[] };

const describeThrown = (thrown: unknown): string => (thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown));

/**
 * Calls a store method and returns its `Result`. A method that throws or whose promise rejects
 * breaks the port's "errors are values" rule, so that fails the case with the method's name.
 */
export async function settle<T>(label: string, call: () => ResultAsync<T, StoreError>): Promise<Result<T, StoreError>> {
  try {
    return await call();
  } catch (thrown) {
    return assert.fail(`${label} threw or rejected instead of returning an error value: ${describeThrown(thrown)}`);
  }
}

/** The ok value of a store call; fails the case with the store's error otherwise. */
export async function expectOk<T>(label: string, call: () => ResultAsync<T, StoreError>): Promise<T> {
  const result = await settle(label, call);
  if (result.isErr()) return assert.fail(`${label} failed: ${result.error.type}: ${result.error.message}`);
  return result.value;
}

/** The error of a store call, which must be one of `types` and well formed. */
export async function expectStoreError(
  label: string,
  call: () => ResultAsync<unknown, StoreError>,
  types: readonly StoreError["type"][],
): Promise<StoreError> {
  const result = await settle(label, call);
  if (result.isOk()) return assert.fail(`${label} succeeded, but it must fail with ${types.join(" or ")}`);
  assert.ok(types.includes(result.error.type), `${label} failed with ${result.error.type}, expected ${types.join(" or ")}`);
  assert.equal(typeof result.error.message, "string", `${label}: an error value has a string message`);
  return result.error;
}

/** Commits, and fails the case unless the commit succeeds. */
export function commitOk(ctx: CaseContext, label: string, commit: StoreCommit): Promise<void> {
  return expectOk(`commit (${label})`, () => ctx.store.commit(commit));
}

/** An image that must exist: its port fields (extra fields a store adds are left out) and version. */
export async function storedImage(store: ImageSharingStore, imageId: string): Promise<{ image: Image; version: number }> {
  const found = await expectOk(`getImage(${imageId})`, () => store.getImage(imageId));
  assert.ok(found !== null, `getImage(${imageId}) must find the image`);
  return { image: imageFields(found.image), version: found.version };
}

/** The current version of an existing image. */
export async function versionOf(store: ImageSharingStore, imageId: string): Promise<number> {
  return (await storedImage(store, imageId)).version;
}

/** A member that must exist, with its port fields only. */
export async function storedMember(store: ImageSharingStore, imageId: string, consumerAccountId: string): Promise<Member> {
  const found = await expectOk(`getMember(${imageId}, ${consumerAccountId})`, () => store.getMember(imageId, consumerAccountId));
  assert.ok(found !== null, `getMember(${imageId}, ${consumerAccountId}) must find the member`);
  return memberFields(found);
}

/** The account's events from the start (at most 1000); the store must not answer `null` without `after`. */
export async function eventsOf(store: ImageSharingStore, accountId: string): Promise<SharingEvent[]> {
  const events = await expectOk(`listEvents(${accountId})`, () => store.listEvents({ accountId, after: null, limit: 1000 }));
  assert.ok(events !== null, `listEvents(${accountId}) without \`after\` answers a list, not null`);
  return events;
}

/** Creates an image (expectedVersion `null`) with its `ImageCreated` event; returns both. */
export async function seedImage(ctx: CaseContext, spec: ImageSpec): Promise<{ image: Image; event: SharingEvent }> {
  const image = imageOf(spec);
  const event = ctx.event("ImageCreated", image);
  await commitOk(ctx, `create ${image.id}`, { imageId: image.id, expectedVersion: null, image, events: [event] });
  return { image, event };
}

/** Puts members on an existing image at its current version, with one `ImageShared` event each. */
export async function seedMembers(ctx: CaseContext, image: Image, members: readonly Member[]): Promise<SharingEvent[]> {
  const expectedVersion = await versionOf(ctx.store, image.id);
  const events = members.map((m) => ctx.event("ImageShared", image, m.consumerAccountId));
  await commitOk(ctx, `share ${image.id}`, { imageId: image.id, expectedVersion, putMembers: members, events });
  return events;
}

/** Ids of `listVisibleImages` for the account, in the order returned. */
export async function visibleIds(
  store: ImageSharingStore,
  accountId: string,
  options: { region?: RegionSelector; after?: SortKey | null; limit?: number } = {},
): Promise<string[]> {
  const query = { accountId, region: options.region ?? "global", after: options.after ?? null, limit: options.limit ?? 1000 };
  const page = await expectOk(`listVisibleImages(${JSON.stringify(query)})`, () => store.listVisibleImages(query));
  return page.map((image) => image.id);
}

/** Ids of the account's events (after `after`, at most `limit`); `null` as the store answers it. */
export async function eventIds(store: ImageSharingStore, accountId: string, after: string | null = null, limit = 1000): Promise<string[] | null> {
  const events = await expectOk(`listEvents(${accountId}, after ${after})`, () => store.listEvents({ accountId, after, limit }));
  return events?.map((e) => e.id) ?? null;
}
