import {
  createImageSharing,
  createInMemoryStore,
  type ImageFactsQuery,
  type ImageSharing,
  type ImageSharingStore,
} from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { bound, storedMembers } from "./stores.js";
import { A, adminOf, B, C, counterIds, errOf, okOf, tickingClock } from "./world.js";

// R16 with known facts (src/service/known-facts.ts): an instance may decide a change on what it
// knew of the image after its own last read or commit, skipping a read. These tests hold that
// (1) it does skip the read, and (2) facts another instance has made stale never commit, and
// never answer a refusal: the version check sends the decision back to the store's facts.

const D = "100004";

/** A store that counts its reads of decision facts, over one shared in-memory store. */
function countingReads(inner: ImageSharingStore) {
  const reads: ImageFactsQuery[] = [];
  const store: ImageSharingStore = {
    ...bound(inner),
    readImageFacts: (query) => {
      reads.push(query);
      return inner.readImageFacts(query);
    },
  };
  return { store, reads };
}

/** Two service instances over one store, each counting its own reads. */
function twoInstances() {
  const base = createInMemoryStore({ accounts: [A, B, C, D].map((id) => ({ id })) });
  const options = { regions: ["IAD"], clock: tickingClock(), newId: counterIds() };
  const first = countingReads(base);
  const second = countingReads(base);
  return {
    base,
    one: createImageSharing({ store: first.store, ...options }),
    other: createImageSharing({ store: second.store, ...options }),
    readsOfOne: first.reads,
  };
}

async function imageOf(sharing: ImageSharing): Promise<string> {
  return (await okOf(sharing.createImage(adminOf(A), { name: "web", region: "IAD" }))).id;
}

describe("R16: changes decided on known facts", () => {
  it("R16: after its own create and share, an instance accepts and shares again without reading the image first", async () => {
    const { one, readsOfOne } = twoInstances();
    const imageId = await imageOf(one);
    await okOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    // The first share to B had to read: the instance knew nothing of account B yet.
    expect(readsOfOne).toHaveLength(1);
    await okOf(one.acceptImage(adminOf(B), { imageId }));
    await okOf(one.updateImage(adminOf(A), { imageId, name: "web-2" }));
    await okOf(one.unshareImage(adminOf(A), { imageId, consumerAccountId: B }));
    await okOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    expect(readsOfOne).toHaveLength(1);
  });

  it("R16: a member added by another instance is never overwritten by a share decided on stale facts (AlreadyShared)", async () => {
    const { base, one, other } = twoInstances();
    const imageId = await imageOf(one);
    await okOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    await okOf(other.shareImage(adminOf(A), { imageId, consumerAccountId: C }));
    await okOf(other.acceptImage(adminOf(C), { imageId }));
    // `one` knows the image without C; its decision to share with C must not commit.
    const error = await errOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: C }));
    expect(error).toMatchObject({ type: "AlreadyShared", imageId });
    expect((await storedMembers(base, imageId)).find((m) => m.consumerAccountId === C)?.status).toBe("accepted");
  });

  it("R16: a refusal is never answered from stale facts (a share another instance made is accepted, not MemberNotFound)", async () => {
    const { one, other } = twoInstances();
    const imageId = await imageOf(one);
    await okOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    // `one` knows every member (just B): D has none, as far as it knows.
    await okOf(other.shareImage(adminOf(A), { imageId, consumerAccountId: D }));
    const accepted = await okOf(one.acceptImage(adminOf(D), { imageId }));
    expect(accepted).toMatchObject({ consumerAccountId: D, status: "accepted" });
  });

  it("R16/R11: the quota counts members another instance added since (no share past the quota on stale facts)", async () => {
    const base = createInMemoryStore({ accounts: [A, B, C, D].map((id) => ({ id })) });
    const options = { store: base, regions: ["IAD"], clock: tickingClock(), newId: counterIds(), memberQuota: 2 };
    const one = createImageSharing(options);
    const other = createImageSharing(options);
    const imageId = await imageOf(one);
    await okOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    await okOf(other.shareImage(adminOf(A), { imageId, consumerAccountId: C }));
    const error = await errOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: D }));
    expect(error).toMatchObject({ type: "MemberQuotaExceeded" });
    expect(await storedMembers(base, imageId)).toHaveLength(2);
  });

  it("R11: the member count an instance keeps from its own commits holds the quota", async () => {
    const base = createInMemoryStore({ accounts: [A, B, C, D].map((id) => ({ id })) });
    const sharing = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), memberQuota: 2 });
    const imageId = await imageOf(sharing);
    await okOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    await okOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: C }));
    await okOf(sharing.unshareImage(adminOf(A), { imageId, consumerAccountId: B }));
    await okOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: D }));
    expect(await errOf(sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B }))).toMatchObject({
      type: "MemberQuotaExceeded",
    });
    expect((await storedMembers(base, imageId)).map((m) => m.consumerAccountId).sort()).toEqual([C, D]);
  });

  it("R17: a policy another instance set is seen by a share decided on known facts (blocked: AccountNotFound, nothing stored)", async () => {
    const { base, one, other } = twoInstances();
    const imageId = await imageOf(one);
    const second = await imageOf(one);
    // `one` learns account C (no policy) with a share of another image.
    await okOf(one.shareImage(adminOf(A), { imageId: second, consumerAccountId: C }));
    await okOf(other.setSharingPolicy(adminOf(C), { blockFrom: [A] }));
    const error = await errOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: C }));
    expect(error).toMatchObject({ type: "AccountNotFound" });
    expect(await storedMembers(base, imageId)).toHaveLength(0);
  });

  it("R16: an instance that knows only some of an image's members reads before deciding about one it does not know", async () => {
    const { base, one, other, readsOfOne } = twoInstances();
    const imageId = await imageOf(other);
    await okOf(other.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    await okOf(other.acceptImage(adminOf(B), { imageId }));
    // `one` learns the image (and account C) from a share to C: it then knows A's and C's records, not B's.
    await okOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: C }));
    // Account B becomes known to `one` through another image.
    const second = await imageOf(one);
    await okOf(one.shareImage(adminOf(A), { imageId: second, consumerAccountId: B }));
    const before = readsOfOne.length;
    const error = await errOf(one.shareImage(adminOf(A), { imageId, consumerAccountId: B }));
    expect(error).toMatchObject({ type: "AlreadyShared" });
    expect(readsOfOne.length).toBeGreaterThan(before);
    expect((await storedMembers(base, imageId)).find((m) => m.consumerAccountId === B)?.status).toBe("accepted");
  });
});
