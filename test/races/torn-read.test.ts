import { createImageSharing, createInMemoryStore, type ImageSharingStore } from "cloud-image-sharing";
import { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";

// The smallest interleaving the scheduler found breaking R16, pinned down without fast-check:
// two shares of one image with one consumer, the second one's image read (which carries the
// version its commit will check) landing after the first one's commit, while its member read
// landed before. A serial order must make the second share `AlreadyShared`.

/** A store whose next `getImage` (once armed) answers only after the next commit. */
function storeDelayingOneImageRead() {
  const inner = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
  const control = { armed: false, release: () => {} };
  const store: ImageSharingStore = {
    getImage: (imageId) => {
      if (!control.armed) return inner.getImage(imageId);
      control.armed = false;
      return new ResultAsync(new Promise((resolve) => (control.release = () => resolve(inner.getImage(imageId)))));
    },
    getMember: (imageId, consumer) => inner.getMember(imageId, consumer),
    listMembers: (imageId) => inner.listMembers(imageId),
    countMembers: (imageId) => inner.countMembers(imageId),
    accountExists: (accountId) => inner.accountExists(accountId),
    listVisibleImages: (query) => inner.listVisibleImages(query),
    listPendingShares: (accountId, region) => inner.listPendingShares(accountId, region),
    getStorageUsage: (accountId) => inner.getStorageUsage(accountId),
    listEvents: (query) => inner.listEvents(query),
    commit: (commit) =>
      inner.commit(commit).map((committed) => {
        control.release();
        return committed;
      }),
  };
  return { store, control };
}

describe("R16: a decision never rests on reads older than the version it commits against", () => {
  it("R16, R5, R14: of two racing shares with the same consumer, one is AlreadyShared and one ImageShared is recorded", async () => {
    const { store, control } = storeDelayingOneImageRead();
    const sharing = createImageSharing({ store, regions: ["IAD"] });
    const owner = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
    const image = await sharing.createImage(owner, { name: "golden", region: "IAD" });
    if (image.isErr()) throw new Error(image.error.message);
    const imageId = image.value.id;

    const first = sharing.shareImage(owner, { imageId, consumerAccountId: "100002" });
    control.armed = true;
    const second = sharing.shareImage(owner, { imageId, consumerAccountId: "100002" });
    const outcomes = await Promise.all([first, second]);

    const events = await sharing.listEvents(owner, {});
    const shared = events.isOk() ? events.value.items.filter((e) => e.type === "ImageShared") : [];
    expect(outcomes.map((r) => (r.isOk() ? "ok" : r.error.type))).toEqual(["ok", "AlreadyShared"]);
    expect(shared).toHaveLength(1);
  });
});
