import { copyImage, type Image } from "../domain/image.js";
import type { Member } from "../domain/member.js";
import type { SharingPolicy } from "../domain/sharing-policy.js";
import type { ImageFacts, ImageFactsQuery, StoreCommit } from "../ports/store.js";

// What one service instance knows of the images it recently changed: the facts of its last read
// or commit of each, under the version they belong to. A change may be *decided* on them instead
// of reading them again (one round trip instead of two on a database), because they are only
// ever used to attempt a commit, and the commit's version check proves them current: an image's
// version changes with every change of the image or its members and never repeats (R16), so a
// commit expecting it succeeds only if nothing changed since. A commit that finds it moved on
// fails and the decision is made again on facts read from the store. Nothing here answers a
// read: a boot check or a list always asks the store.

/** How many images one service instance keeps facts of (the least recently used go first). */
export const KNOWN_IMAGES_LIMIT = 1024;
/** How many consumer accounts (existence and sharing policy) one service instance keeps (the least recently used go first). */
export const KNOWN_ACCOUNTS_LIMIT = 4096;
/** An image with more known members than this is forgotten rather than kept (its facts are read instead). */
export const KNOWN_MEMBERS_LIMIT = 256;

/** What is known of one image at one version (changed in place: nothing outside this file holds it). */
type KnownImage = {
  image: Image;
  version: number;
  /** Known member records by consumer account; `null`: known to have none. */
  readonly members: Map<string, Member | null>;
  /** How many of `members` are records (not `null`). */
  records: number;
  /** How many members the image has, when known. */
  memberCount: number | null;
  /** True when `members` holds every member: an account not in it has none. */
  complete: boolean;
};

/** What is known of a consumer account that exists (R10): its sharing policy and the policy's version. */
type KnownAccount = { readonly policy: SharingPolicy | null; readonly policyVersion: number | null };

/** The facts one service instance knows (see above). */
export type KnownFacts = {
  /** The answer to `query` from what is known, or `undefined` when some of it is not known. */
  answer(query: ImageFactsQuery): ImageFacts | undefined;
  /** Remembers what the store answered to `query`. */
  learn(query: ImageFactsQuery, facts: ImageFacts): void;
  /** Remembers the state a commit made, given the version the store answered (anything but a whole number forgets). */
  committed(commit: StoreCommit, version: unknown): void;
  /** Forgets an image (a commit on it failed: what was known of it may be out of date). */
  forgetImage(imageId: string): void;
  /** Forgets an account (its policy changed, or a commit expecting its policy failed). */
  forgetAccount(accountId: string): void;
};

/** A `Map` that forgets its least recently used entries beyond `limit`. */
function recentlyUsed<K, V>(limit: number) {
  const map = new Map<K, V>();
  return {
    get(key: K): V | undefined {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key: K, value: V): void {
      map.delete(key);
      map.set(key, value);
      if (map.size > limit) map.delete(map.keys().next().value as K);
    },
    delete(key: K): void {
      map.delete(key);
    },
  };
}

/** The member of `accountId`: its record, `null` for none, `undefined` when not known. */
function memberOf(known: KnownImage, accountId: string): Member | null | undefined {
  const member = known.members.get(accountId);
  if (member !== undefined) return member;
  return known.complete ? null : undefined;
}

/** Records what is now known of one account's member (a copy: a caller holding the decided value cannot change it). */
function setMember(known: KnownImage, accountId: string, member: Member | null): void {
  if ((known.members.get(accountId) ?? null) !== null) known.records -= 1;
  if (member !== null) known.records += 1;
  known.members.set(accountId, member === null ? null : Object.freeze({ ...member }));
}

/** Every member is known once as many records are known as the image has members. */
function settleCompleteness(known: KnownImage): void {
  known.complete ||= known.memberCount !== null && known.records === known.memberCount;
}

/** An entry with nothing known of its members yet. */
const freshEntry = (image: Image, version: number, complete: boolean): KnownImage => ({
  image: Object.freeze(copyImage(image)),
  version,
  members: new Map(),
  records: 0,
  memberCount: complete ? 0 : null,
  complete,
});

/** A fresh, empty memory of facts (one per service instance). */
export function createKnownFacts(): KnownFacts {
  const images = recentlyUsed<string, KnownImage>(KNOWN_IMAGES_LIMIT);
  const accounts = recentlyUsed<string, KnownAccount>(KNOWN_ACCOUNTS_LIMIT);

  const keep = (imageId: string, known: KnownImage) => {
    if (known.members.size > KNOWN_MEMBERS_LIMIT) images.delete(imageId);
    else images.set(imageId, known);
  };

  return {
    answer(query) {
      // Every member at once is asked for rarely (delete): always read.
      if (query.withMembers === true) return undefined;
      const known = images.get(query.imageId);
      if (known === undefined) return undefined;
      const member = memberOf(known, query.accountId);
      if (member === undefined) return undefined;
      const facts = { image: { image: known.image, version: known.version }, member };
      const consumerId = query.consumerAccountId;
      if (consumerId === undefined) return facts;
      const consumerMember = memberOf(known, consumerId);
      const account = accounts.get(consumerId);
      if (consumerMember === undefined || account === undefined || known.memberCount === null) return undefined;
      return {
        ...facts,
        consumer: {
          member: consumerMember,
          exists: true,
          policy: account.policy,
          policyVersion: account.policyVersion,
          memberCount: known.memberCount,
        },
      };
    },

    learn(query, facts) {
      const consumer = facts.consumer;
      const consumerId = query.consumerAccountId;
      if (consumer !== undefined && consumerId !== undefined) {
        // Accounts are never removed from a directory: only an existing one is remembered.
        if (consumer.exists)
          accounts.set(consumerId, { policy: consumer.policy, policyVersion: consumer.policyVersion });
        else accounts.delete(consumerId);
      }
      const stored = facts.image;
      if (stored === null) {
        images.delete(query.imageId);
        return;
      }
      // Facts of one version are one state: what was known of it stays true; an older version's do not.
      const previous = images.get(query.imageId);
      const known = previous?.version === stored.version ? previous : freshEntry(stored.image, stored.version, false);
      setMember(known, query.accountId, facts.member);
      if (consumer !== undefined && consumerId !== undefined) {
        setMember(known, consumerId, consumer.member);
        known.memberCount = consumer.memberCount;
      }
      if (facts.members !== undefined) {
        for (const member of facts.members) setMember(known, member.consumerAccountId, member);
        known.memberCount = facts.members.length;
        known.complete = true;
      }
      settleCompleteness(known);
      keep(query.imageId, known);
    },

    committed(commit, version) {
      const before = images.get(commit.imageId);
      images.delete(commit.imageId);
      if (commit.image === null || typeof version !== "number" || !Number.isSafeInteger(version)) return;
      // A creation starts from no members; any other commit from the facts it was decided on.
      const known =
        commit.expectedVersion === null
          ? commit.image === undefined
            ? undefined
            : freshEntry(commit.image, version, true)
          : before?.version === commit.expectedVersion
            ? before
            : undefined;
      if (known === undefined) return;
      const change = (accountId: string, next: Member | null) => {
        const had = memberOf(known, accountId);
        if (had === undefined) known.memberCount = null;
        else if (known.memberCount !== null) known.memberCount += (next === null ? 0 : 1) - (had === null ? 0 : 1);
        setMember(known, accountId, next);
      };
      for (const accountId of commit.deleteMembers ?? []) change(accountId, null);
      for (const member of commit.putMembers ?? []) change(member.consumerAccountId, member);
      if (commit.image !== undefined) known.image = Object.freeze(copyImage(commit.image));
      known.version = version;
      settleCompleteness(known);
      keep(commit.imageId, known);
    },

    forgetImage(imageId) {
      images.delete(imageId);
    },

    forgetAccount(accountId) {
      accounts.delete(accountId);
    },
  };
}
