import { createImageSharing, createInMemoryStore, type ImageSharingStore, SharingErrors, type StoreCommit } from "cloud-image-sharing";
import fc from "fast-check";
import { errAsync, ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { alwaysConflicting, barrierOnCount, bound, recording } from "./stores.js";
import { A, adminOf, B, C, counterIds, errOf, okOf, REGIONS, tickingClock } from "./world.js";

function serviceOver(store: ImageSharingStore, options: { memberQuota?: number; maxAttempts?: number } = {}) {
  return createImageSharing({ store, regions: [...REGIONS], clock: tickingClock(), newId: counterIds(), ...options });
}

describe("R16: concurrency", () => {
  it("R16: two interleaved shares with room for one: exactly one succeeds, the other gets MemberQuotaExceeded after a retry", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }, { id: C }] });
    const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
    const store = recording(barrierOnCount(base, 2));
    const sharing = serviceOver(store, { memberQuota: 1 });
    const [toB, toC] = await Promise.all([
      sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }),
      sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }),
    ]);
    const outcomes = [toB, toC].map((r) => (r.isOk() ? "ok" : r.error.type)).sort();
    expect(outcomes).toEqual(["MemberQuotaExceeded", "ok"]);
    // Both decided on the same version; the loser's commit conflicted and it re-decided.
    expect(store.commits.map((c) => c.outcome)).toEqual(["ok", "ConcurrentModification"]);
    expect((await base.countMembers(image.id))._unsafeUnwrap()).toBe(1);
  });

  it("R16: two interleaved shares with room for both both succeed after a retry: no update is lost", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }, { id: C }] });
    const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
    const store = recording(barrierOnCount(base, 2));
    const sharing = serviceOver(store);
    const results = await Promise.all([B, C].map((consumerAccountId) => sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId })));
    expect(results.every((r) => r.isOk())).toBe(true);
    expect(store.commits.map((c) => c.outcome)).toEqual(["ok", "ConcurrentModification", "ok"]);
    const members = await okOf(sharing.listMembers(adminOf(A), { imageId: image.id }));
    expect(members.map((m) => m.consumerAccountId).sort()).toEqual([B, C]);
  });

  it("R16: a store that always reports ConcurrentModification ends the call in ConcurrentModification after maxAttempts", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
    const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
    for (const maxAttempts of [1, 3]) {
      const store = alwaysConflicting(base);
      const sharing = serviceOver(store, { maxAttempts });
      await errOf(sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "ConcurrentModification");
      expect(store.commits).toHaveLength(maxAttempts);
    }
    const store = alwaysConflicting(base);
    await errOf(serviceOver(store).createImage(adminOf(A), { name: "y", region: "IAD" }), "ConcurrentModification");
    expect(store.commits).toHaveLength(8); // the default maxAttempts
    // Nothing was applied by any of those attempts.
    expect((await base.countMembers(image.id))._unsafeUnwrap()).toBe(0);
  });

  it("R16: a StorageFailure on commit is not retried", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
    let commits = 0;
    const store: ImageSharingStore = {
      ...bound(base),
      commit: () => {
        commits += 1;
        return errAsync(SharingErrors.storageFailure(new Error("disk full")));
      },
    };
    const error = await errOf(serviceOver(store).createImage(adminOf(A), { name: "x", region: "IAD" }), "StorageFailure");
    expect(error.message).toContain("disk full");
    expect(commits).toBe(1);
  });

  it("R16: a create whose fresh id collides with an existing image retries with a new id", async () => {
    const base = createInMemoryStore();
    // Each attempt draws an image id and then one event id, even when its commit is refused.
    const ids = ["img-1", "evt-1", "img-1", "evt-lost", "img-2", "evt-2"];
    const sharing = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), newId: () => ids.shift() ?? "spare" });
    const first = await okOf(sharing.createImage(adminOf(A), { name: "first", region: "IAD" }));
    const second = await okOf(sharing.createImage(adminOf(A), { name: "second", region: "IAD" }));
    expect([first.id, second.id]).toEqual(["img-1", "img-2"]);
    expect((await okOf(sharing.getImage(adminOf(A), { imageId: "img-1" }))).name).toBe("first");
  });

  it("R16: any interleaving of concurrent shares keeps the quota and equals a serial order", async () => {
    const consumers = ["200001", "200002", "200003", "200004"];
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 0, max: 4 }), fc.subarray(consumers, { minLength: 1 }), async (s, quota, chosen) => {
        const base = createInMemoryStore({ accounts: consumers.map((id) => ({ id })) });
        const image = await okOf(serviceOver(base).createImage(adminOf(A), { name: "x", region: "IAD" }));
        // The scheduler decides when each member count and each commit completes.
        const count = s.scheduleFunction(async (imageId: string) => base.countMembers(imageId));
        const commit = s.scheduleFunction(async (change: StoreCommit) => base.commit(change));
        const scheduled: ImageSharingStore = {
          ...bound(base),
          countMembers: (imageId) => new ResultAsync(count(imageId)),
          commit: (change) => new ResultAsync(commit(change)),
        };
        const sharing = serviceOver(scheduled, { memberQuota: quota, maxAttempts: 100 });
        const calls = chosen.map((consumerAccountId) => sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId }));
        const results = await s.waitFor(Promise.all(calls));
        const winners = chosen.filter((_, i) => results[i]?.isOk());
        const losers = results.filter((r) => r.isErr());
        expect(winners).toHaveLength(Math.min(quota, chosen.length));
        for (const loser of losers) expect(loser.isErr() && loser.error.type).toBe("MemberQuotaExceeded");
        const members = (await base.listMembers(image.id))._unsafeUnwrap();
        expect(members.map((m) => m.consumerAccountId).sort()).toEqual([...winners].sort());
      }),
      { numRuns: 40 },
    );
  });
});
