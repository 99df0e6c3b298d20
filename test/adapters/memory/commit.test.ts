import type { StoreCommit } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { commitNow, event, image, member, newStore, T2, versionOf, withImage } from "./fixtures.js";

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
    expect((await store.commit({ imageId: "i1", expectedVersion: null, image: image("i1"), events: [] }))._unsafeUnwrapErr().type).toBe(
      "ConcurrentModification",
    );
    // A commit on an absent image with a version is one as well.
    expect((await store.commit({ imageId: "nope", expectedVersion: 0, events: [] }))._unsafeUnwrapErr().type).toBe("ConcurrentModification");
    expect(await versionOf(store, "i1")).toBe(version);
    expect((await store.countMembers("i1"))._unsafeUnwrap()).toBe(0);
    expect((await store.listEvents({ accountId: "B", after: null, limit: 10 }))._unsafeUnwrap()).toEqual([]);
  });

  const invalid: Record<string, (version: number) => StoreCommit> = {
    "members on an image that does not exist": () => ({ imageId: "ghost", expectedVersion: null, putMembers: [member("ghost", "B")], events: [] }),
    "deleting an image that does not exist": () => ({ imageId: "ghost", expectedVersion: null, image: null, events: [] }),
    "an image whose id differs from the commit's": (v) => ({ imageId: "i1", expectedVersion: v, image: image("i2"), events: [] }),
    "a new image whose id differs from the commit's": () => ({ imageId: "ghost", expectedVersion: null, image: image("other"), events: [] }),
    "moving the image to another owner": (v) => ({ imageId: "i1", expectedVersion: v, image: image("i1", { ownerAccountId: "B" }), events: [] }),
    "moving the image to another region": (v) => ({ imageId: "i1", expectedVersion: v, image: image("i1", { region: "DFW" }), events: [] }),
    "changing createdAt": (v) => ({ imageId: "i1", expectedVersion: v, image: image("i1", { createdAt: T2 }), events: [] }),
    "putting members on an image being deleted": (v) => ({
      imageId: "i1",
      expectedVersion: v,
      image: null,
      putMembers: [member("i1", "B")],
      events: [],
    }),
    "a member of another image": (v) => ({ imageId: "i1", expectedVersion: v, putMembers: [member("i2", "B")], events: [] }),
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
      expect((await store.getImage("i1"))._unsafeUnwrap()?.image).toEqual(image("i1"));
      expect((await store.countMembers("i1"))._unsafeUnwrap()).toBe(0);
      expect((await store.getImage("ghost"))._unsafeUnwrap()).toBeNull();
      const events = (await store.listEvents({ accountId: "A", after: null, limit: 10 }))._unsafeUnwrap();
      expect(events?.map((e) => e.type)).toEqual(["ImageCreated"]);
    });
  }

  it("DESIGN: an image update may change name, size and updatedAt; usage follows the size", async () => {
    const store = await withImage(newStore(), image("i1", { sizeBytes: 10 }));
    await commitNow(store, { imageId: "i1", image: image("i1", { name: "renamed", sizeBytes: 25, updatedAt: T2 }), events: [] });
    expect((await store.getImage("i1"))._unsafeUnwrap()?.image).toMatchObject({ name: "renamed", sizeBytes: 25, updatedAt: T2 });
    expect((await store.getStorageUsage("A"))._unsafeUnwrap()).toEqual({ imageCount: 1, bytes: 25 });
  });

  it("R13: deleting the image deletes all its members, its index entries and its usage in the same commit", async () => {
    const store = await withImage(newStore(), image("i1"));
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B", "accepted"), member("i1", "C")], events: [] });
    await commitNow(store, { imageId: "i1", image: null, events: [event("ImageDeleted", "i1")] });
    expect((await store.getImage("i1"))._unsafeUnwrap()).toBeNull();
    expect((await store.getMember("i1", "B"))._unsafeUnwrap()).toBeNull();
    expect((await store.listMembers("i1"))._unsafeUnwrap()).toEqual([]);
    expect((await store.countMembers("i1"))._unsafeUnwrap()).toBe(0);
    expect((await store.listVisibleImages({ accountId: "B", region: "global", after: null, limit: 10 }))._unsafeUnwrap()).toEqual([]);
    expect((await store.listVisibleImages({ accountId: "A", region: "IAD", after: null, limit: 10 }))._unsafeUnwrap()).toEqual([]);
    expect((await store.listPendingShares("C", "global"))._unsafeUnwrap()).toEqual([]);
    expect((await store.getStorageUsage("A"))._unsafeUnwrap()).toEqual({ imageCount: 0, bytes: 0 });
    // The id is free again: creating it needs expectedVersion null.
    await withImage(store, image("i1"));
  });

  it("DESIGN: deleting a member that is not there is harmless", async () => {
    const store = await withImage(newStore(), image("i1"));
    await commitNow(store, { imageId: "i1", deleteMembers: ["B"], events: [] });
    expect((await store.countMembers("i1"))._unsafeUnwrap()).toBe(0);
  });

  it("DESIGN: stored values are frozen copies: mutating what was committed or returned changes nothing", async () => {
    const store = newStore();
    const img = image("i1");
    await withImage(store, img);
    img.name = "mutated after commit";
    const got = (await store.getImage("i1"))._unsafeUnwrap();
    expect(got?.image.name).toBe("name of i1");
    expect(Object.isFrozen(got?.image)).toBe(true);
    const m = member("i1", "B");
    await commitNow(store, { imageId: "i1", putMembers: [m], events: [] });
    m.status = "accepted";
    const stored = (await store.getMember("i1", "B"))._unsafeUnwrap();
    expect(stored?.status).toBe("pending");
    expect(Object.isFrozen(stored)).toBe(true);
    const usage = (await store.getStorageUsage("A"))._unsafeUnwrap();
    usage.bytes = 999;
    expect((await store.getStorageUsage("A"))._unsafeUnwrap().bytes).toBe(10);
    const members = (await store.listMembers("i1"))._unsafeUnwrap();
    members.length = 0;
    expect((await store.listMembers("i1"))._unsafeUnwrap()).toHaveLength(1);
  });
});
