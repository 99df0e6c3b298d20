import {
  createImageSharing,
  createInMemoryStore,
  type ImageFacts,
  type ImageSharingStore,
  SharingErrors,
  type StoreError,
} from "cloud-image-sharing";
import { errAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { bound, settle } from "../rules/stores.js";
import { A, adminOf, B, counterIds, errOf, okOf, tickingClock } from "../rules/world.js";

// R16 for verdicts that commit nothing. A refusal (or an idempotent repeat) has no commit whose
// version check would notice that its facts moved, so the service reads the image's version once
// more before answering: if another operation changed the image meanwhile, it decides again.

type ReadFacts = ImageSharingStore["readImageFacts"];

/** A store whose `n`-th fact read first runs `before` (the racing operation) or answers `instead`. */
function onNthRead(
  base: ImageSharingStore,
  n: number,
  hook: { before?: () => Promise<void>; instead?: ReadFacts },
): ImageSharingStore {
  let calls = 0;
  const readImageFacts: ReadFacts = (query) => {
    calls += 1;
    if (calls !== n) return base.readImageFacts(query);
    if (hook.instead !== undefined) return hook.instead(query);
    const before = hook.before ?? (async () => {});
    return before().then(() => settle(base.readImageFacts(query)));
  };
  return { ...bound(base), readImageFacts };
}

/** An image of A shared with B and rejected by B; a service on `store` over the same data. */
async function rejectedShare() {
  const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
  const setup = createImageSharing({
    store: base,
    regions: ["IAD"],
    clock: tickingClock(),
    newId: counterIds("setup"),
  });
  const image = await okOf(setup.createImage(adminOf(A), { name: "golden", region: "IAD" }));
  await okOf(setup.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
  await okOf(setup.rejectImage(adminOf(B), { imageId: image.id }));
  return { base, setup, imageId: image.id };
}

describe("R16: a verdict that commits nothing is confirmed against the image's version", () => {
  it("a refusal whose facts moved before it was answered is decided again (AlreadyShared becomes a fresh share)", async () => {
    const { base, setup, imageId } = await rejectedShare();
    // Read 1 is the decision's (B is a rejected member: AlreadyShared); before read 2, the
    // confirmation, the producer removes B in another request.
    const racing = onNthRead(base, 2, {
      before: async () => {
        await okOf(setup.unshareImage(adminOf(A), { imageId, consumerAccountId: B }));
      },
    });
    const sharing = createImageSharing({ store: racing, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
    const member = await okOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    expect(member.status).toBe("pending");
  });

  it("a refusal whose facts did not move is answered as decided", async () => {
    const { base, imageId } = await rejectedShare();
    const sharing = createImageSharing({ store: onNthRead(base, 0, {}), regions: ["IAD"], newId: counterIds() });
    expect(await errOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B }))).toMatchObject({
      type: "AlreadyShared",
      status: "rejected",
    });
  });

  it("R15: a confirmation read that fails is a StorageFailure, not the unconfirmed verdict", async () => {
    const { base, imageId } = await rejectedShare();
    const cause = new Error("connection lost");
    const failing = onNthRead(base, 2, {
      instead: () => errAsync<ImageFacts, StoreError>(SharingErrors.storageFailure(cause)),
    });
    const sharing = createImageSharing({ store: failing, regions: ["IAD"], newId: counterIds() });
    expect(await errOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B }))).toMatchObject({
      type: "StorageFailure",
      cause,
    });
  });
});
