import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharingStore,
  SharingErrors,
  type StoreCommit,
} from "cloud-image-sharing";
import { err } from "neverthrow";
import { describe, expect, it } from "vitest";
import { bound, pausingCommits, settle, storedMembers } from "./stores.js";
import { A, adminOf, B, C, counterIds, okOf, tickingClock } from "./world.js";

// R16 and issue 8, items 4 and 6: a deleted image's id, handed out again by the host's `newId`,
// names a new image on which nothing decided about the old one may commit; and a lost race is
// retried after a jittered, growing pause, so that busy images do not starve any kind of call.

const D = "100004";
const E = "100005";

/** A `newId` that counts, except that the next id may be forced (to re-use a deleted image's id). */
function reusableIds() {
  const count = counterIds("gen");
  let forced: string | null = null;
  const newId = () => {
    if (forced === null) return count();
    const id = forced;
    forced = null;
    return id;
  };
  return { newId, reuse: (id: string) => (forced = id) };
}

describe("R16: a re-created image id names a new image (issue 8, item 4)", () => {
  it("R16: an accept read on the old image does not commit onto a new image that re-uses its id", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }, { id: C }] });
    const ids = reusableIds();
    const producer = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), newId: ids.newId });
    const old = await okOf(producer.createImage(adminOf(A), { name: "old", region: "IAD" }));
    await okOf(producer.shareImage(adminOf(A), { imageId: old.id, consumerAccountId: B }));
    // B's accept is read and decided on the old image, then held between its read and its commit.
    const paused = pausingCommits(
      base,
      (c) => c.putMembers?.some((m) => m.consumerAccountId === B && m.status === "accepted") ?? false,
    );
    const consumer = createImageSharing({
      store: paused,
      regions: ["IAD"],
      clock: tickingClock(),
      newId: counterIds("b"),
    });
    const accepting = consumer.acceptImage(adminOf(B), { imageId: old.id });
    await paused.held;
    // Meanwhile the producer deletes the image and creates another one that gets the same id,
    // shared with C only.
    await okOf(producer.deleteImage(adminOf(A), { imageId: old.id }));
    ids.reuse(old.id);
    const reborn = await okOf(producer.createImage(adminOf(A), { name: "new", region: "IAD" }));
    expect(reborn.id).toBe(old.id);
    await okOf(producer.shareImage(adminOf(A), { imageId: reborn.id, consumerAccountId: C }));
    paused.release();
    // The stale accept must not land: re-decided on the new image, B is no member at all.
    expect((await accepting)._unsafeUnwrapErr()).toMatchObject({ type: "ImageNotFound", imageId: old.id });
    expect((await storedMembers(base, reborn.id)).map((m) => [m.consumerAccountId, m.status])).toEqual([
      [C, "pending"],
    ]);
    expect((await okOf(producer.listImages(adminOf(B)))).items).toEqual([]);
  });

  it("R16: a quota decided on the old incarnation does not commit onto the new one (quota 3 stays 3)", async () => {
    const base = createInMemoryStore({ accounts: [A, B, C, D, E].map((id) => ({ id })) });
    const ids = reusableIds();
    const producer = createImageSharing({
      store: base,
      regions: ["IAD"],
      clock: tickingClock(),
      newId: ids.newId,
      memberQuota: 3,
    });
    const old = await okOf(producer.createImage(adminOf(A), { name: "old", region: "IAD" }));
    await okOf(producer.shareImage(adminOf(A), { imageId: old.id, consumerAccountId: B }));
    // A share with E is decided with 1 member of 3, then held before its commit.
    const paused = pausingCommits(
      base,
      (c: StoreCommit) => c.putMembers?.some((m) => m.consumerAccountId === E) ?? false,
    );
    const racing = createImageSharing({
      store: paused,
      regions: ["IAD"],
      clock: tickingClock(),
      newId: counterIds("r"),
      memberQuota: 3,
    });
    const sharingWithE = racing.shareImage(adminOf(A), { imageId: old.id, consumerAccountId: E });
    await paused.held;
    await okOf(producer.deleteImage(adminOf(A), { imageId: old.id }));
    ids.reuse(old.id);
    const reborn = await okOf(producer.createImage(adminOf(A), { name: "new", region: "IAD" }));
    for (const consumer of [B, C, D])
      await okOf(producer.shareImage(adminOf(A), { imageId: reborn.id, consumerAccountId: consumer }));
    paused.release();
    expect((await sharingWithE)._unsafeUnwrapErr()).toMatchObject({
      type: "MemberQuotaExceeded",
      imageId: reborn.id,
      quota: 3,
    });
    expect((await storedMembers(base, reborn.id)).map((m) => m.consumerAccountId).sort()).toEqual([B, C, D]);
  });
});

/** A store over `base` whose first `losses` commits lose the race (and apply nothing), recording when each commit came. */
function losingRaces(base: ImageSharingStore, losses: number) {
  const times: number[] = [];
  let remaining = losses;
  const store: ImageSharingStore = {
    ...bound(base),
    commit: (commit) => {
      times.push(performance.now());
      if (remaining > 0) {
        remaining -= 1;
        return err(SharingErrors.concurrentModification(commit.imageId));
      }
      return settle(base.commit(commit));
    },
  };
  return { store, times };
}

describe("R16: retries back off with jitter (issue 8, item 6)", () => {
  it("R16: a call that loses the race N times then wins succeeds, and waits between its attempts", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
    const image = await okOf(
      createImageSharing({ store: base, regions: ["IAD"] }).createImage(adminOf(A), { name: "x", region: "IAD" }),
    );
    const losses = 8;
    const run = async (retryBackoff: { baseMs: number; maxMs: number }) => {
      const { store, times } = losingRaces(base, losses);
      const sharing = createImageSharing({ store, regions: ["IAD"], retryBackoff });
      const started = performance.now();
      await okOf(sharing.updateImage(adminOf(A), { imageId: image.id, name: `renamed ${retryBackoff.maxMs}` }));
      expect(times).toHaveLength(losses + 1);
      return { elapsed: performance.now() - started, gaps: times.slice(1).map((t, i) => t - (times[i] ?? t)) };
    };
    const immediate = await run({ baseMs: 0, maxMs: 0 });
    const backedOff = await run({ baseMs: 40, maxMs: 40 });
    // Each of the 8 waits is random in [0, 40 ms): their sum is below 40 ms with probability 1/8! (2.5e-5).
    expect(backedOff.elapsed).toBeGreaterThan(40);
    expect(backedOff.elapsed).toBeLessThan(losses * 40 + 500);
    expect(immediate.elapsed).toBeLessThan(backedOff.elapsed);
    // Jitter: the waits are not all alike (lockstep retries would collide again).
    const spread = Math.max(...backedOff.gaps) - Math.min(...backedOff.gaps);
    expect(spread).toBeGreaterThan(2);
  });

  it("R16: the pause grows with the number of lost races, up to maxMs", async () => {
    const base = createInMemoryStore({ accounts: [{ id: A }] });
    const image = await okOf(
      createImageSharing({ store: base, regions: ["IAD"] }).createImage(adminOf(A), { name: "x", region: "IAD" }),
    );
    // baseMs 1: the ceiling doubles per lost race (2, 4, 8, … ms), capped at 30 ms. Eleven losses
    // wait on average about 1 + 2 + 4 + 8 + 15 × 7 ≈ 120 ms; with no growth (all capped at 1 ms) it would be under 11 ms.
    const { store } = losingRaces(base, 11);
    const sharing = createImageSharing({ store, regions: ["IAD"], retryBackoff: { baseMs: 1, maxMs: 30 } });
    const started = performance.now();
    await okOf(sharing.updateImage(adminOf(A), { imageId: image.id, name: "renamed" }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(11);
    expect(elapsed).toBeLessThan(11 * 30 + 500);
  });

  it("R16: no kind of call is starved by a busy image: every revocation succeeds amid a burst of renames (8 attempts without pauses lose most)", async () => {
    const consumers = Array.from({ length: 6 }, (_, i) => `20000${i}`);
    const base = createInMemoryStore({ accounts: consumers.map((id) => ({ id })) });
    const setup = createImageSharing({ store: base, regions: ["IAD"] });
    const image = await okOf(setup.createImage(adminOf(A), { name: "busy", region: "IAD" }));
    for (const consumer of consumers)
      await okOf(setup.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: consumer }));
    // Every store call takes a little while, so concurrent calls interleave and lose races.
    const slow = (call: () => unknown) => new Promise((resolve) => setTimeout(() => resolve(call()), 1));
    const store: ImageSharingStore = {
      ...bound(base),
      readImageFacts: (q) => slow(() => base.readImageFacts(q)) as never,
      commit: (c) => slow(() => base.commit(c)) as never,
    };
    const sharing = createImageSharing({ store, regions: ["IAD"] });
    const renames = Array.from({ length: 24 }, (_, i) =>
      sharing.updateImage(adminOf(A), { imageId: image.id, name: `name ${i}` }),
    );
    const revocations = consumers.map((consumer) =>
      sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: consumer }),
    );
    const results = await Promise.all([...renames, ...revocations]);
    const lost = results.filter((r) => r.isErr() && r.error.type === "ConcurrentModification");
    expect(lost).toEqual([]);
    expect(await storedMembers(base, image.id)).toEqual([]);
  });
});
