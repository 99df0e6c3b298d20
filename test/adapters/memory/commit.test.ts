import type { Member, StoreCommit } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import {
  commitNow,
  event,
  image,
  imageOf,
  member,
  memberCountOf,
  memberOf,
  membersOf,
  NOW,
  newStore,
  policy,
  T2,
  versionOf,
  withImage,
} from "./fixtures.js";

describe("in-memory store: commit", () => {
  it("R16: creating needs expectedVersion null; each commit bumps the version by one", async () => {
    const store = await withImage(newStore(), image("i1"));
    const v1 = await versionOf(store, "i1");
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B")], events: [] });
    expect(await versionOf(store, "i1")).toBe(v1 + 1);
    await commitNow(store, { imageId: "i1", deleteMembers: ["B"], events: [] });
    expect(await versionOf(store, "i1")).toBe(v1 + 2);
  });

  it("R16: a stale or wrong expectedVersion is ConcurrentModification and changes nothing", async () => {
    const store = await withImage(newStore(), image("i1"));
    const version = await versionOf(store, "i1");
    for (const expectedVersion of [version - 1, version + 1, null]) {
      const result = await store.commit({
        imageId: "i1",
        expectedVersion,
        putMembers: [member("i1", "B")],
        events: [event("ImageShared", "i1", "B")],
      });
      expect(result._unsafeUnwrapErr().type).toBe("ConcurrentModification");
    }
    // Creating an image that already exists is a lost race too.
    expect(
      (await store.commit({ imageId: "i1", expectedVersion: null, image: image("i1"), events: [] }))._unsafeUnwrapErr()
        .type,
    ).toBe("ConcurrentModification");
    // A commit on an absent image with a version is one as well.
    expect((await store.commit({ imageId: "nope", expectedVersion: 0, events: [] }))._unsafeUnwrapErr().type).toBe(
      "ConcurrentModification",
    );
    expect(await versionOf(store, "i1")).toBe(version);
    expect(await memberCountOf(store, "i1")).toBe(0);
    expect((await store.listEvents({ accountId: "B", after: null, limit: 10 }))._unsafeUnwrap()).toEqual([]);
  });

  const invalid: Record<string, (version: number) => StoreCommit> = {
    "members on an image that does not exist": () => ({
      imageId: "ghost",
      expectedVersion: null,
      putMembers: [member("ghost", "B")],
      events: [],
    }),
    "deleting an image that does not exist": () => ({
      imageId: "ghost",
      expectedVersion: null,
      image: null,
      events: [],
    }),
    "an image whose id differs from the commit's": (v) => ({
      imageId: "i1",
      expectedVersion: v,
      image: image("i2"),
      events: [],
    }),
    "a new image whose id differs from the commit's": () => ({
      imageId: "ghost",
      expectedVersion: null,
      image: image("other"),
      events: [],
    }),
    "moving the image to another owner": (v) => ({
      imageId: "i1",
      expectedVersion: v,
      image: image("i1", { ownerAccountId: "B" }),
      events: [],
    }),
    "moving the image to another region": (v) => ({
      imageId: "i1",
      expectedVersion: v,
      image: image("i1", { region: "DFW" }),
      events: [],
    }),
    "changing createdAt": (v) => ({
      imageId: "i1",
      expectedVersion: v,
      image: image("i1", { createdAt: T2 }),
      events: [],
    }),
    "putting members on an image being deleted": (v) => ({
      imageId: "i1",
      expectedVersion: v,
      image: null,
      putMembers: [member("i1", "B")],
      events: [],
    }),
    "a member of another image": (v) => ({
      imageId: "i1",
      expectedVersion: v,
      putMembers: [member("i2", "B")],
      events: [],
    }),
  };
  for (const [what, build] of Object.entries(invalid)) {
    it(`DESIGN: an invalid commit (${what}) is StorageFailure and applies nothing`, async () => {
      const store = await withImage(newStore(), image("i1"));
      const version = await versionOf(store, "i1");
      const commit = { ...build(version), events: [event("ImageUpdated", "i1")] };
      const error = (await store.commit(commit))._unsafeUnwrapErr();
      expect(error.type).toBe("StorageFailure");
      expect(error.message).toMatch(/invalid commit/);
      expect(await versionOf(store, "i1")).toBe(version);
      expect(await imageOf(store, "i1")).toEqual(image("i1"));
      expect(await memberCountOf(store, "i1")).toBe(0);
      expect(await imageOf(store, "ghost")).toBeNull();
      const events = (await store.listEvents({ accountId: "A", after: null, limit: 10 }))._unsafeUnwrap();
      expect(events?.map((e) => e.type)).toEqual(["ImageCreated"]);
    });
  }

  it("DESIGN: an image update may change name, size and updatedAt; usage follows the size", async () => {
    const store = await withImage(newStore(), image("i1", { sizeBytes: 10 }));
    await commitNow(store, {
      imageId: "i1",
      image: image("i1", { name: "renamed", sizeBytes: 25, updatedAt: T2 }),
      events: [],
    });
    expect(await imageOf(store, "i1")).toMatchObject({ name: "renamed", sizeBytes: 25, updatedAt: T2 });
    expect((await store.getStorageUsage("A"))._unsafeUnwrap()).toEqual({ imageCount: 1, bytes: 25 });
  });

  it("R13: deleting the image deletes all its members, its index entries and its usage in the same commit", async () => {
    const store = await withImage(newStore(), image("i1"));
    await commitNow(store, {
      imageId: "i1",
      putMembers: [member("i1", "B", "accepted"), member("i1", "C")],
      events: [],
    });
    await commitNow(store, { imageId: "i1", image: null, events: [event("ImageDeleted", "i1")] });
    expect(await imageOf(store, "i1")).toBeNull();
    expect(await memberOf(store, "i1", "B")).toBeNull();
    expect([...(await membersOf(store, "i1"))]).toEqual([]);
    expect(await memberCountOf(store, "i1")).toBe(0);
    expect(
      (
        await store.listVisibleImages({ accountId: "B", region: "global", after: null, limit: 10, now: NOW })
      )._unsafeUnwrap(),
    ).toEqual([]);
    expect(
      (
        await store.listVisibleImages({ accountId: "A", region: "IAD", after: null, limit: 10, now: NOW })
      )._unsafeUnwrap(),
    ).toEqual([]);
    expect(
      (
        await store.listPendingShares({ accountId: "C", region: "global", after: null, limit: 10, now: NOW })
      )._unsafeUnwrap(),
    ).toEqual([]);
    expect((await store.getStorageUsage("A"))._unsafeUnwrap()).toEqual({ imageCount: 0, bytes: 0 });
    // The id is free again: creating it needs expectedVersion null.
    await withImage(store, image("i1"));
  });

  it("DESIGN: deleting a member that is not there is harmless", async () => {
    const store = await withImage(newStore(), image("i1"));
    await commitNow(store, { imageId: "i1", deleteMembers: ["B"], events: [] });
    expect(await memberCountOf(store, "i1")).toBe(0);
  });

  it("DESIGN: stored values are frozen copies: mutating what was committed or returned changes nothing", async () => {
    const store = newStore();
    const img = image("i1");
    await withImage(store, img);
    img.name = "mutated after commit";
    const got = await imageOf(store, "i1");
    expect(got?.name).toBe("name of i1");
    expect(Object.isFrozen(got)).toBe(true);
    const m = member("i1", "B");
    await commitNow(store, { imageId: "i1", putMembers: [m], events: [] });
    m.status = "accepted";
    const stored = await memberOf(store, "i1", "B");
    expect(stored?.status).toBe("pending");
    expect(Object.isFrozen(stored)).toBe(true);
    const usage = (await store.getStorageUsage("A"))._unsafeUnwrap();
    usage.bytes = 999;
    expect((await store.getStorageUsage("A"))._unsafeUnwrap().bytes).toBe(10);
    const members = (await store.readImageFacts({ imageId: "i1", accountId: "A", withMembers: true }))._unsafeUnwrap()
      .members as Member[];
    members.length = 0;
    expect(await membersOf(store, "i1")).toHaveLength(1);
  });

  it("R16: versions never restart: an image deleted and re-created under the same id never repeats a version", async () => {
    const store = await withImage(newStore(), image("i1"));
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B")], events: [] });
    const old = await versionOf(store, "i1");
    await commitNow(store, { imageId: "i1", image: null, events: [] });
    await withImage(store, image("i1"));
    const reborn = await versionOf(store, "i1");
    expect(reborn).not.toBe(old);
    // A decision made on the old incarnation (at version `old`) cannot commit onto the new one.
    const stale = await store.commit({
      imageId: "i1",
      expectedVersion: old,
      putMembers: [member("i1", "B", "accepted")],
      events: [],
    });
    expect(stale._unsafeUnwrapErr().type).toBe("ConcurrentModification");
    expect(await memberOf(store, "i1", "B")).toBeNull();
    // Nor can a version the first incarnation had at any point.
    for (let v = 0; v <= old; v += 1) {
      if (v === reborn) continue;
      expect((await store.commit({ imageId: "i1", expectedVersion: v, events: [] }))._unsafeUnwrapErr().type).toBe(
        "ConcurrentModification",
      );
    }
  });

  it("R17: commitPolicy writes a policy and its event if the version is the expected one, else ConcurrentModification and nothing", async () => {
    const store = newStore();
    const changed = (id: string) => ({
      id,
      type: "SharingPolicyChanged" as const,
      occurredAt: T2,
      accountId: "B",
      actorUserId: "bob",
    });
    expect(
      (
        await store.commitPolicy({
          policy: policy("B", { blockFrom: ["A"] }),
          expectedVersion: 3,
          event: changed("p0"),
        })
      )._unsafeUnwrapErr().type,
    ).toBe("ConcurrentModification");
    (
      await store.commitPolicy({
        policy: policy("B", { blockFrom: ["A"] }),
        expectedVersion: null,
        event: changed("p1"),
      })
    )._unsafeUnwrap();
    const first = (await store.getSharingPolicy("B"))._unsafeUnwrap();
    expect(first?.policy).toEqual(policy("B", { blockFrom: ["A"] }));
    expect(
      (
        await store.commitPolicy({ policy: policy("B"), expectedVersion: null, event: changed("p2") })
      )._unsafeUnwrapErr().type,
    ).toBe("ConcurrentModification");
    (
      await store.commitPolicy({
        policy: policy("B", { autoAcceptFrom: ["A"] }),
        expectedVersion: first?.version ?? -1,
        event: changed("p3"),
      })
    )._unsafeUnwrap();
    expect((await store.getSharingPolicy("B"))._unsafeUnwrap()?.policy.autoAcceptFrom).toEqual(["A"]);
    // The policy is what a share decision about B reads.
    await withImage(store, image("i1"));
    expect(
      (await store.readImageFacts({ imageId: "i1", accountId: "A", consumerAccountId: "B" }))._unsafeUnwrap().consumer
        ?.policy?.autoAcceptFrom,
    ).toEqual(["A"]);
    // Only the committed events are in B's feed, and nobody else's.
    const feed = (await store.listEvents({ accountId: "B", after: null, limit: 10 }))._unsafeUnwrap();
    expect(feed?.map((e) => e.id)).toEqual(["p1", "p3"]);
    expect(
      (await store.listEvents({ accountId: "A", after: null, limit: 10 }))._unsafeUnwrap()?.map((e) => e.type),
    ).toEqual(["ImageCreated"]);
    // An event about another account than the policy's is refused.
    const wrong = await store.commitPolicy({
      policy: policy("C"),
      expectedVersion: null,
      event: { ...changed("p4"), accountId: "B" },
    });
    expect(wrong.isErr()).toBe(true);
    expect((await store.getSharingPolicy("C"))._unsafeUnwrap()).toBeNull();
  });
});
