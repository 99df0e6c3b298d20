import {
  createImageSharing,
  createInMemoryStore,
  type ImageFactsQuery,
  type ImageSharingStore,
  STORE_METHODS,
} from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { adminOf } from "../support/principals.js";

// The smallest interleaving that once broke R16, pinned down without fast-check: two shares of
// one image with one consumer, the second one's facts read *before* the first one commits but
// delivered *after* it (a slow round trip). Its decision rests on a stale snapshot; the commit
// must fail on the version and the share be decided again: a serial order makes it AlreadyShared.

/** A store whose next `readImageFacts` (once armed) takes its snapshot now but answers only after the next commit. */
function storeDeliveringOneReadLate() {
  const inner = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
  const control = { armed: false, release: () => {} };
  const store = Object.fromEntries(
    STORE_METHODS.map((m) => [m, (inner[m] as (...a: unknown[]) => unknown).bind(inner)]),
  ) as unknown as ImageSharingStore;
  const delayed: ImageSharingStore = {
    ...store,
    readImageFacts: (query: ImageFactsQuery) => {
      const snapshot = inner.readImageFacts(query);
      if (!control.armed) return snapshot;
      control.armed = false;
      return new Promise((resolve) => (control.release = () => resolve(snapshot)));
    },
    commit: async (commit) => {
      const committed = await inner.commit(commit);
      control.release();
      return committed;
    },
  };
  return { store: delayed, control };
}

describe("R16: a decision never commits on a snapshot older than the current version", () => {
  it("R16, R5, R14: of two racing shares with the same consumer, one is AlreadyShared and one ImageShared is recorded", async () => {
    const { store, control } = storeDeliveringOneReadLate();
    const sharing = createImageSharing({ store, regions: ["IAD"], retryBackoff: { baseMs: 0, maxMs: 0 } });
    const owner = adminOf("100001", "alice");
    const image = await sharing.createImage(owner, { name: "golden", region: "IAD" });
    if (image.isErr()) throw new Error(image.error.message);
    const imageId = image.value.id;

    control.armed = true;
    const second = sharing.shareImage(owner, { imageId, consumerAccountId: "100002" });
    const first = sharing.shareImage(owner, { imageId, consumerAccountId: "100002" });
    const outcomes = await Promise.all([first, second]);

    const events = await sharing.listEvents(owner, {});
    const shared = events.isOk() ? events.value.items.filter((e) => e.type === "ImageShared") : [];
    expect(outcomes.map((r) => (r.isOk() ? "ok" : r.error.type))).toEqual(["ok", "AlreadyShared"]);
    expect(shared).toHaveLength(1);
  });
});
