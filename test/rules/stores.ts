import { type ImageSharingStore, SharingErrors, type StoreCommit } from "cloud-image-sharing";
import { errAsync, ResultAsync } from "neverthrow";

// Store wrappers for the concurrency and failure tests: each delegates to a real store and
// changes one behaviour, the way a real database would misbehave.

/** A store and the commits it was asked to apply, with their outcomes. */
export type RecordingStore = ImageSharingStore & { readonly commits: { commit: StoreCommit; outcome: string }[] };

/** Delegates everything to `inner`, recording every commit and whether it applied. */
export function recording(inner: ImageSharingStore): RecordingStore {
  const commits: { commit: StoreCommit; outcome: string }[] = [];
  return {
    ...bound(inner),
    commits,
    commit: (commit) =>
      inner
        .commit(commit)
        .andTee(() => {
          commits.push({ commit, outcome: "ok" });
        })
        .mapErr((error) => {
          commits.push({ commit, outcome: error.type });
          return error;
        }),
  };
}

/** The store's methods bound to it, so spreading them keeps `this` (adapters may be classes). */
export function bound(store: ImageSharingStore): ImageSharingStore {
  return {
    getImage: (...a) => store.getImage(...a),
    getMember: (...a) => store.getMember(...a),
    listMembers: (...a) => store.listMembers(...a),
    countMembers: (...a) => store.countMembers(...a),
    accountExists: (...a) => store.accountExists(...a),
    listVisibleImages: (...a) => store.listVisibleImages(...a),
    listPendingShares: (...a) => store.listPendingShares(...a),
    getStorageUsage: (...a) => store.getStorageUsage(...a),
    listEvents: (...a) => store.listEvents(...a),
    commit: (...a) => store.commit(...a),
  };
}

/**
 * Holds every `countMembers` read until `parties` of them are waiting, then lets them all go:
 * that many share calls are guaranteed to decide on the same facts before any of them commits.
 * Only the first `parties` reads wait; retries go straight through.
 */
export function barrierOnCount(inner: ImageSharingStore, parties: number): ImageSharingStore {
  let waiting: (() => void)[] = [];
  let remaining = parties;
  return {
    ...bound(inner),
    countMembers: (imageId) => {
      if (remaining === 0) return inner.countMembers(imageId);
      remaining -= 1;
      const gate = new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === parties) {
          for (const release of waiting) release();
          waiting = [];
        }
      });
      return new ResultAsync(gate.then(() => inner.countMembers(imageId)));
    },
  };
}

/** A store that loses every optimistic race: each commit is a `ConcurrentModification`. */
export function alwaysConflicting(inner: ImageSharingStore): RecordingStore {
  const recorded = recording(inner);
  return {
    ...recorded,
    commit: (commit) => {
      recorded.commits.push({ commit, outcome: "ConcurrentModification" });
      return errAsync(SharingErrors.concurrentModification());
    },
  };
}
