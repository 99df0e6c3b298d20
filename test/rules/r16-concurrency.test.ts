import {
  type CommitReceipt,
  createImageSharing,
  createInMemoryStore,
  type ImageFactsQuery,
  type ImageSharingStore,
  SharingErrors,
  type StoreCommit,
  type StoreError,
} from "cloud-image-sharing";
import fc from "fast-check";
import { errAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { alwaysConflicting, barrier, barrierOnFacts, bound, recording, settle, storedMembers } from "./stores.js";
import { A, adminOf, B, C, counterIds, errOf, okOf, REGIONS, tickingClock } from "./world.js";

const NO_BACKOFF = { baseMs: 0, maxMs: 0 };

function serviceOver(store: ImageSharingStore, options: { memberQuota?: number; maxAttempts?: number } = {}) {
  return createImageSharing({
    store,
    regions: [...REGIONS],
    clock: tickingClock(),
    newId: counterIds(),
    retryBackoff: NO_BACKOFF,
    ...options,
  });
}

describe("R16: concurrency", () => {
  it("R16: two interleaved shares with room for one: exactly one succeeds, the other gets MemberQuotaExceeded after a retry", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }, { id: C }] });
    const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
    const store = recording(barrierOnFacts(base, 2));
    const sharing = serviceOver(store, { memberQuota: 1 });
    const [toB, toC] = await Promise.all([
      sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }),
      sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }),
    ]);
    const outcomes = [toB, toC].map((r) => (r.isOk() ? "ok" : r.error.type)).sort();
    expect(outcomes).toEqual(["MemberQuotaExceeded", "ok"]);
    // Both decided on the same version; the loser's commit conflicted and it re-decided.
    expect(store.commits.map((c) => c.outcome)).toEqual(["ok", "ConcurrentModification"]);
    expect(await storedMembers(base, image.id)).toHaveLength(1);
  });

  it("R16: two interleaved shares with room for both both succeed after a retry: no update is lost", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }, { id: C }] });
    const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
    const store = recording(barrierOnFacts(base, 2));
    const sharing = serviceOver(store);
    const results = await Promise.all(
      [B, C].map((consumerAccountId) => sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId })),
    );
    expect(results.every((r) => r.isOk())).toBe(true);
    expect(store.commits.map((c) => c.outcome)).toEqual(["ok", "ConcurrentModification", "ok"]);
    const members = await okOf(sharing.listMembers(adminOf(A), { imageId: image.id }));
    expect(members.map((m) => m.consumerAccountId).sort()).toEqual([B, C]);
  });

  it("R16: a store that always reports ConcurrentModification ends the call in ConcurrentModification (with the image) after maxAttempts", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
    const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
    for (const maxAttempts of [1, 3]) {
      const store = alwaysConflicting(base);
      const sharing = serviceOver(store, { maxAttempts });
      const error = await errOf(
        sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }),
        "ConcurrentModification",
      );
      expect(error).toMatchObject({ imageId: image.id });
      expect(store.commits).toHaveLength(maxAttempts);
    }
    const store = alwaysConflicting(base);
    await errOf(serviceOver(store).createImage(adminOf(A), { name: "y", region: "IAD" }), "ConcurrentModification");
    expect(store.commits).toHaveLength(30); // the default maxAttempts
    // Nothing was applied by any of those attempts.
    expect(await storedMembers(base, image.id)).toHaveLength(0);
  });

  it("R16: a StorageFailure on commit is not retried", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
    let commits = 0;
    const store: ImageSharingStore = {
      ...bound(base),
      commit: () => {
        commits += 1;
        return errAsync<CommitReceipt, StoreError>(SharingErrors.storageFailure(new Error("disk full")));
      },
    };
    const error = await errOf(
      serviceOver(store).createImage(adminOf(A), { name: "x", region: "IAD" }),
      "StorageFailure",
    );
    expect(error.message).toContain("disk full");
    expect(commits).toBe(1);
  });

  it("R16: a create whose fresh id collides with an existing image retries with a new id", async () => {
    const base = createInMemoryStore();
    // Each attempt draws an image id and then one event id, even when its commit is refused.
    const ids = ["img-1", "evt-1", "img-1", "evt-lost", "img-2", "evt-2"];
    const sharing = createImageSharing({
      store: base,
      regions: ["IAD"],
      clock: tickingClock(),
      newId: () => ids.shift() ?? "spare",
    });
    const first = await okOf(sharing.createImage(adminOf(A), { name: "first", region: "IAD" }));
    const second = await okOf(sharing.createImage(adminOf(A), { name: "second", region: "IAD" }));
    expect([first.id, second.id]).toEqual(["img-1", "img-2"]);
    expect((await okOf(sharing.getImage(adminOf(A), { imageId: "img-1" }))).name).toBe("first");
  });

  it("R16: any interleaving of concurrent shares keeps the quota and equals a serial order", async () => {
    const consumers = ["200001", "200002", "200003", "200004"];
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 4 }),
        fc.subarray(consumers, { minLength: 1 }),
        async (s, quota, chosen) => {
          const base = createInMemoryStore({ accounts: consumers.map((id) => ({ id })) });
          const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
          // The scheduler decides when each read of the facts and each commit completes.
          const read = s.scheduleFunction(async (query: ImageFactsQuery) => settle(base.readImageFacts(query)));
          const commit = s.scheduleFunction(async (change: StoreCommit) => settle(base.commit(change)));
          const scheduled: ImageSharingStore = { ...bound(base), readImageFacts: read, commit };
          const sharing = serviceOver(scheduled, { memberQuota: quota, maxAttempts: 100 });
          const calls = chosen.map((consumerAccountId) =>
            sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId }),
          );
          const results = await s.waitFor(Promise.all(calls));
          const winners = chosen.filter((_, i) => results[i]?.isOk());
          const losers = results.filter((r) => r.isErr());
          expect(winners).toHaveLength(Math.min(quota, chosen.length));
          for (const loser of losers) expect(loser.isErr() && loser.error.type).toBe("MemberQuotaExceeded");
          const members = await storedMembers(base, image.id);
          expect(members.map((m) => m.consumerAccountId).sort()).toEqual([...winners].sort());
        },
      ),
      { numRuns: 40 },
    );
  });

  it("R16: two racing policy changes of one account both land, the later re-decided on the earlier (no lost update)", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
    // Both calls read the (absent) policy before either commits.
    const gate = barrier(2);
    const store: ImageSharingStore = {
      ...bound(base),
      getSharingPolicy: async (accountId) => {
        await gate();
        return settle(base.getSharingPolicy(accountId));
      },
    };
    const sharing = serviceOver(store);
    const [trust, block] = await Promise.all([
      sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A] }),
      sharing.setSharingPolicy(adminOf(B), { blockFrom: [C] }),
    ]);
    expect(trust.isOk() && block.isOk()).toBe(true);
    // The omitted list of each call kept what the other set: the end state has both.
    expect(await okOf(sharing.getSharingPolicy(adminOf(B)))).toMatchObject({ autoAcceptFrom: [A], blockFrom: [C] });
    const events = await okOf(sharing.listEvents(adminOf(B)));
    expect(events.items.map((e) => e.type)).toEqual(["SharingPolicyChanged", "SharingPolicyChanged"]);
  });

  it("R16: a policy store that always loses the race ends setSharingPolicy in ConcurrentModification after maxAttempts, writing nothing", async () => {
    const base = createInMemoryStore({ accounts: [{ id: B }] });
    let attempts = 0;
    const store: ImageSharingStore = {
      ...bound(base),
      commitPolicy: () => {
        attempts += 1;
        return errAsync<void, StoreError>(SharingErrors.concurrentModification());
      },
    };
    const error = await errOf(
      serviceOver(store, { maxAttempts: 3 }).setSharingPolicy(adminOf(B), { blockFrom: [A] }),
      "ConcurrentModification",
    );
    expect(error).not.toHaveProperty("imageId");
    expect(attempts).toBe(3);
    expect((await settle(base.getSharingPolicy(B)))._unsafeUnwrap()).toBeNull();
  });
});
