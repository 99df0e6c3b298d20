import { createInMemoryStore, type ImageSharingStore, type InMemoryStore, type StoreCommit, type StoreError } from "cloud-image-sharing";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";

// Deliberately broken stores, each wrapping the in-memory store and breaking one promise of the
// port. The conformance suite must catch every one of them (broken-stores.test.ts).

/** A store for the given accounts, as `makeStore` receives them. */
export type StoreFactory = (setup: { accounts: readonly string[] }) => ImageSharingStore;

const reference = (accounts: readonly string[]): InMemoryStore => createInMemoryStore({ accounts: accounts.map((id) => ({ id })) });

/** Acknowledges member writes but drops them: puts and removals of members are lost. */
export const losesMemberWrites: StoreFactory = ({ accounts }) => {
  const inner = reference(accounts);
  return {
    ...inner,
    commit: (commit) => inner.commit({ ...commit, putMembers: [], deleteMembers: [] }),
  };
};

/** Serves the first answer it gave for each read forever: later writes are never seen. */
export const servesStaleReads: StoreFactory = ({ accounts }) => {
  const inner = reference(accounts);
  const cache = new Map<string, unknown>();
  function cached<Args extends unknown[], T, E>(name: string, read: (...args: Args) => ResultAsync<T, E>): (...args: Args) => ResultAsync<T, E> {
    return (...args) => {
      const key = `${name}:${JSON.stringify(args)}`;
      if (cache.has(key)) return okAsync(cache.get(key) as T);
      return read(...args).map((value) => {
        cache.set(key, value);
        return value;
      });
    };
  }
  return {
    ...inner,
    getImage: cached("getImage", inner.getImage),
    getMember: cached("getMember", inner.getMember),
    listMembers: cached("listMembers", inner.listMembers),
    countMembers: cached("countMembers", inner.countMembers),
    listVisibleImages: cached("listVisibleImages", inner.listVisibleImages),
    listPendingShares: cached("listPendingShares", inner.listPendingShares),
    getStorageUsage: cached("getStorageUsage", inner.getStorageUsage),
    listEvents: cached("listEvents", inner.listEvents),
  };
};

/**
 * Ignores `expectedVersion`: a commit is applied on whatever version is current (last writer
 * wins). It re-reads the version until its write lands, so no commit ever reports a conflict.
 */
export const skipsVersionCheck: StoreFactory = ({ accounts }) => {
  const inner = reference(accounts);
  const commitOnCurrentVersion = (commit: StoreCommit, attemptsLeft: number): ResultAsync<void, StoreError> =>
    inner
      .getImage(commit.imageId)
      .andThen((found) =>
        inner
          .commit({ ...commit, expectedVersion: found?.version ?? null })
          .orElse((error) =>
            error.type === "ConcurrentModification" && attemptsLeft > 0 ? commitOnCurrentVersion(commit, attemptsLeft - 1) : errAsync(error),
          ),
      );
  return { ...inner, commit: (commit) => commitOnCurrentVersion(commit, 100) };
};

/** Stores every change but none of its events. */
export const dropsEvents: StoreFactory = ({ accounts }) => {
  const inner = reference(accounts);
  return { ...inner, commit: (commit) => inner.commit({ ...commit, events: [] }) };
};

/** Throws instead of returning an error value when a commit cannot apply. */
export const throwsOnBadCommit: StoreFactory = ({ accounts }) => {
  const inner = reference(accounts);
  return {
    ...inner,
    commit: (commit) =>
      inner.commit(commit).orElse((error) => {
        if (error.type === "StorageFailure") throw new Error(error.message);
        return errAsync(error);
      }),
  };
};
