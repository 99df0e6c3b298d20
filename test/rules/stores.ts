import {
  type ImageFactsQuery,
  type ImageSharingStore,
  SharingErrors,
  STORE_METHODS,
  type StoreAnswer,
  type StoreCommit,
  type StoreError,
} from "cloud-image-sharing";
import { err, type Result } from "neverthrow";

// Store wrappers for the concurrency and failure tests: each delegates to a real store and
// changes one behaviour, the way a real database would misbehave. A store may answer at once (a
// Result) or later (a promise of one): the wrappers accept both and answer with promises.

/** A store answer as a promise of its Result. */
export async function settle<T>(answer: StoreAnswer<T>): Promise<Result<T, StoreError>> {
  return answer;
}

/** The store's methods bound to it, so spreading them keeps `this` (adapters may be classes). */
export function bound(store: ImageSharingStore): ImageSharingStore {
  const methods: Record<string, unknown> = {};
  for (const name of STORE_METHODS) {
    const method = store[name] as (...args: unknown[]) => unknown;
    methods[name] = (...args: unknown[]) => method.apply(store, args);
  }
  return methods as unknown as ImageSharingStore;
}

/** A store and the commits it was asked to apply, with their outcomes. */
export type RecordingStore = ImageSharingStore & { readonly commits: { commit: StoreCommit; outcome: string }[] };

/** Delegates everything to `inner`, recording every commit and whether it applied. */
export function recording(inner: ImageSharingStore): RecordingStore {
  const commits: { commit: StoreCommit; outcome: string }[] = [];
  return {
    ...bound(inner),
    commits,
    commit: async (commit) => {
      const result = await settle(inner.commit(commit));
      commits.push({ commit, outcome: result.isOk() ? "ok" : result.error.type });
      return result;
    },
  };
}

/** A gate that opens once `parties` callers wait at it; later callers pass straight through. */
export function barrier(parties: number): () => Promise<void> {
  let waiting: (() => void)[] = [];
  let remaining = parties;
  return () => {
    if (remaining === 0) return Promise.resolve();
    remaining -= 1;
    return new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === parties) {
        for (const release of waiting) release();
        waiting = [];
      }
    });
  };
}

/**
 * Holds the first `parties` fact reads that match `which` (default: those of a share or unshare,
 * which ask about a consumer) until all of them are waiting, then lets them go together: that
 * many calls are guaranteed to decide on the same facts before any of them commits. Retries go
 * straight through.
 */
export function barrierOnFacts(
  inner: ImageSharingStore,
  parties: number,
  which: (query: ImageFactsQuery) => boolean = (query) => query.consumerAccountId !== undefined,
): ImageSharingStore {
  const gate = barrier(parties);
  return {
    ...bound(inner),
    readImageFacts: async (query) => {
      if (which(query)) await gate();
      return settle(inner.readImageFacts(query));
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
      return err(SharingErrors.concurrentModification(commit.imageId));
    },
  };
}

/**
 * A store whose next `commit` matching `which` is held until `release()` is called: a decision
 * is read and made, then paused between its read and its commit while the test changes the world.
 * `held` resolves once such a commit is waiting.
 */
export function pausingCommits(
  inner: ImageSharingStore,
  which: (commit: StoreCommit) => boolean,
): ImageSharingStore & { readonly held: Promise<void>; release(): void } {
  let arrived: () => void = () => {};
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let paused = false;
  return {
    ...bound(inner),
    held,
    release: () => release(),
    commit: async (commit) => {
      if (!paused && which(commit)) {
        paused = true;
        arrived();
        await gate;
      }
      return settle(inner.commit(commit));
    },
  };
}

/** Every member of the image as the store holds it (any status, expired included). */
export async function storedMembers(store: ImageSharingStore, imageId: string, accountId = "100001") {
  const facts = await settle(store.readImageFacts({ imageId, accountId, withMembers: true }));
  return [...(facts._unsafeUnwrap().members ?? [])];
}

/** The stored image and its version, or `null`. */
export async function storedImage(store: ImageSharingStore, imageId: string, accountId = "100001") {
  return (await settle(store.readImageFacts({ imageId, accountId })))._unsafeUnwrap().image;
}
