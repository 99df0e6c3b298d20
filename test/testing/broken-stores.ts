import {
  type CommitReceipt,
  createInMemoryStore,
  type ImageSharingStore,
  type InMemoryStore,
  type PendingShare,
  type StoreAnswer,
  type StoreCommit,
  type StoreError,
} from "cloud-image-sharing";
import type { StoreSetup } from "cloud-image-sharing/testing";
import { err, ok, type Result } from "neverthrow";

// Deliberately broken stores, each wrapping the in-memory store and breaking one promise of the
// port. The conformance suite must catch every one of them, by name (broken-stores.test.ts).

/** A store for the given setup, as `makeStore` receives it. */
export type StoreFactory = (setup: StoreSetup) => ImageSharingStore;

const reference = (setup: StoreSetup): InMemoryStore => createInMemoryStore({ accounts: [...setup.accounts] });

/** The `Result` of any store answer (a `Result` at once, or a promise of one). */
const settled = async <T>(answer: StoreAnswer<T>): Promise<Result<T, StoreError>> => await answer;

/** The image's current version in `store`, or `null` when it does not exist. */
async function currentVersion(store: ImageSharingStore, imageId: string): Promise<number | null> {
  const facts = await settled(store.readImageFacts({ imageId, accountId: "0" }));
  return facts.isOk() ? (facts.value.image?.version ?? null) : null;
}

/** Acknowledges member writes but drops them: puts and removals of members are lost. */
export const losesMemberWrites: StoreFactory = (setup) => {
  const inner = reference(setup);
  return { ...inner, commit: (commit) => inner.commit({ ...commit, putMembers: [], deleteMembers: [] }) };
};

/** Serves the first answer it gave for each read forever: later writes are never seen. */
export const servesStaleReads: StoreFactory = (setup) => {
  const inner = reference(setup);
  const cache = new Map<string, Result<unknown, StoreError>>();
  function cached<Args extends unknown[], T>(
    name: string,
    read: (...args: Args) => StoreAnswer<T>,
  ): (...args: Args) => Promise<Result<T, StoreError>> {
    return async (...args) => {
      const key = `${name}:${JSON.stringify(args)}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit as Result<T, StoreError>;
      const answer = await settled(read(...args));
      cache.set(key, answer);
      return answer;
    };
  }
  return {
    ...inner,
    readImageFacts: cached("readImageFacts", inner.readImageFacts),
    listVisibleImages: cached("listVisibleImages", inner.listVisibleImages),
    listPendingShares: cached("listPendingShares", inner.listPendingShares),
    getStorageUsage: cached("getStorageUsage", inner.getStorageUsage),
    listEvents: cached("listEvents", inner.listEvents),
    getSharingPolicy: cached("getSharingPolicy", inner.getSharingPolicy),
  };
};

/**
 * Ignores `expectedVersion`: a commit is applied on whatever version is current (last writer
 * wins). It re-reads the version until its write lands, so no commit ever reports a conflict.
 */
export const skipsVersionCheck: StoreFactory = (setup) => {
  const inner = reference(setup);
  const commitOnCurrentVersion = async (
    commit: StoreCommit,
    attemptsLeft: number,
  ): Promise<Result<CommitReceipt, StoreError>> => {
    const version = await currentVersion(inner, commit.imageId);
    const result = await settled(inner.commit({ ...commit, expectedVersion: version }));
    if (result.isErr() && result.error.type === "ConcurrentModification" && attemptsLeft > 0)
      return commitOnCurrentVersion(commit, attemptsLeft - 1);
    return result;
  };
  return { ...inner, commit: (commit) => commitOnCurrentVersion(commit, 100) };
};

/** Ignores a policy's `expectedVersion`: the last policy written wins, no conflict is ever reported. */
export const skipsPolicyVersionCheck: StoreFactory = (setup) => {
  const inner = reference(setup);
  return {
    ...inner,
    commitPolicy: async (commit) => {
      const current = await settled(inner.getSharingPolicy(commit.policy.accountId));
      const version = current.isOk() ? (current.value?.version ?? null) : null;
      return settled(inner.commitPolicy({ ...commit, expectedVersion: version }));
    },
  };
};

/**
 * Versions restart when an image id is re-created: each incarnation shows 1, 2, 3, … (the bug of
 * 0.1's stores, issue 8 item 4), so a decision made on a deleted image commits on its successor.
 * Built over the reference store by showing per-incarnation numbers and translating them back.
 */
export const restartsVersionsOnRecreate: StoreFactory = (setup) => {
  const inner = reference(setup);
  /** Per image id: the reference store's version, and the one shown (commits of this incarnation). */
  const shown = new Map<string, { inner: number; shown: number }>();
  return {
    ...inner,
    readImageFacts: async (query) => {
      const facts = await settled(inner.readImageFacts(query));
      if (facts.isErr() || facts.value.image === null) return facts;
      const entry = shown.get(query.imageId);
      if (entry === undefined || entry.inner !== facts.value.image.version) return facts;
      return ok({ ...facts.value, image: { ...facts.value.image, version: entry.shown } });
    },
    commit: async (commit) => {
      const entry = shown.get(commit.imageId);
      const expected =
        commit.expectedVersion === null
          ? null
          : entry !== undefined && entry.shown === commit.expectedVersion
            ? entry.inner
            : -1;
      const result = await settled(inner.commit({ ...commit, expectedVersion: expected }));
      if (result.isErr()) return result;
      if (commit.image === null) shown.delete(commit.imageId);
      else {
        const version = await currentVersion(inner, commit.imageId);
        if (version !== null)
          shown.set(commit.imageId, { inner: version, shown: expected === null ? 1 : (entry?.shown ?? 0) + 1 });
      }
      return result;
    },
  };
};

/** Orders pending shares by the image's createdAt (and pages by the image's key) instead of the share's. */
export const ordersPendingSharesByImage: StoreFactory = (setup) => {
  const inner = reference(setup);
  const byImage = (a: PendingShare, b: PendingShare): number =>
    a.image.createdAt !== b.image.createdAt
      ? a.image.createdAt < b.image.createdAt
        ? 1
        : -1
      : a.image.id < b.image.id
        ? 1
        : a.image.id > b.image.id
          ? -1
          : 0;
  return {
    ...inner,
    listPendingShares: async (query) => {
      const all = await settled(inner.listPendingShares({ ...query, after: null, limit: Number.MAX_SAFE_INTEGER }));
      if (all.isErr()) return all;
      const { after } = query;
      const sorted = [...all.value].sort(byImage);
      const rest =
        after === null
          ? sorted
          : sorted.filter(
              (s) =>
                s.image.createdAt < after.createdAt || (s.image.createdAt === after.createdAt && s.image.id < after.id),
            );
      return ok(rest.slice(0, query.limit));
    },
  };
};

/** Lists shares as if nothing ever expired: `now` is ignored (R18). */
export const ignoresExpiry: StoreFactory = (setup) => {
  const inner = reference(setup);
  const longAgo = "1970-01-01T00:00:00.000Z";
  return {
    ...inner,
    listVisibleImages: (query) => inner.listVisibleImages({ ...query, now: longAgo }),
    listPendingShares: (query) => inner.listPendingShares({ ...query, now: longAgo }),
  };
};

/** Stores every image change but none of its events. */
export const dropsEvents: StoreFactory = (setup) => {
  const inner = reference(setup);
  return { ...inner, commit: (commit) => inner.commit({ ...commit, events: [] }) };
};

/** Throws instead of returning an error value when a commit cannot apply. */
export const throwsOnBadCommit: StoreFactory = (setup) => {
  const inner = reference(setup);
  return {
    ...inner,
    commit: async (commit) => {
      const result = await settled(inner.commit(commit));
      if (result.isErr() && result.error.type === "StorageFailure") throw new Error(result.error.message);
      return result;
    },
  };
};

/** Answers every call with a promise of the reference store's answer: conformant (a control). */
export const answersAsynchronously: StoreFactory = (setup) => {
  const inner = reference(setup);
  const later =
    <Args extends unknown[], T>(call: (...args: Args) => StoreAnswer<T>) =>
    (...args: Args): Promise<Result<T, StoreError>> =>
      new Promise((resolve) => setTimeout(() => resolve(settled(call(...args))), 0));
  return {
    readImageFacts: later(inner.readImageFacts),
    listVisibleImages: later(inner.listVisibleImages),
    listPendingShares: later(inner.listPendingShares),
    getStorageUsage: later(inner.getStorageUsage),
    listEvents: later(inner.listEvents),
    getSharingPolicy: later(inner.getSharingPolicy),
    commit: later(inner.commit),
    commitPolicy: later(inner.commitPolicy),
  };
};

/** Answers with a plain value instead of a `Result` (a common slip when wrapping a driver). */
export const answersPlainValues: StoreFactory = (setup) => {
  const inner = reference(setup);
  return {
    ...inner,
    getStorageUsage: (accountId) => {
      const answer = inner.getStorageUsage(accountId);
      return (async () => {
        const result = await settled(answer);
        return result.isOk() ? (result.value as never) : err(result.error);
      })();
    },
  };
};

/**
 * Fails every commit of more than 1,000 members or events with a `StorageFailure`, as a SQL
 * adapter sending one parameter per field does past the wire protocol's 65,535 parameters.
 */
export const failsLargeCommits: StoreFactory = (setup) => {
  const inner = reference(setup);
  return {
    ...inner,
    commit: (commit) =>
      (commit.putMembers?.length ?? 0) > 1000 || commit.events.length > 1000
        ? err({
            type: "StorageFailure",
            message: "bind message supplies 1464 parameters, but prepared statement requires 66000",
            reason: "unavailable",
            cause: null,
          })
        : inner.commit(commit),
  };
};

/** Keeps only the first 5,000 accounts of its directory, as an import that silently stops does. */
export const truncatesDirectory: StoreFactory = (setup) => reference({ accounts: setup.accounts.slice(0, 5000) });

/**
 * Makes some commits' events visible only when those commits complete, 15 ms after commits
 * made later than them — as a SQL store whose event ids come from a sequence does (an id is
 * taken at insert, the row appears at commit): a reader paging by `after` meanwhile skips them.
 */
export const showsEventsOutOfOrder: StoreFactory = (setup) => {
  const inner = reference(setup);
  const hidden = new Set<string>();
  let commits = 0;
  return {
    ...inner,
    commit: async (commit) => {
      const result = await settled(inner.commit(commit));
      commits += 1;
      if (result.isOk() && commits % 3 === 0) {
        for (const event of commit.events) hidden.add(event.id);
        await new Promise((resolve) => setTimeout(resolve, 15));
        for (const event of commit.events) hidden.delete(event.id);
      }
      return result;
    },
    listEvents: async (query) => {
      const all = await settled(inner.listEvents({ ...query, after: null, limit: Number.MAX_SAFE_INTEGER }));
      if (all.isErr() || all.value === null) return all;
      const visible = all.value.filter((event) => !hidden.has(event.id));
      const start = query.after === null ? 0 : visible.findIndex((event) => event.id === query.after) + 1;
      if (query.after !== null && start === 0) return ok(null);
      return ok(visible.slice(start, start + query.limit));
    },
  };
};
