import type { InMemoryStore } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { commitNow, event, image, member, newStore, T0, T1, T2, withImage } from "./fixtures.js";

const visible = async (
  store: InMemoryStore,
  accountId: string,
  region = "global",
  after: { createdAt: string; id: string } | null = null,
  limit = 100,
) => (await store.listVisibleImages({ accountId, region, after, limit }))._unsafeUnwrap().map((i) => i.id);
const pending = async (store: InMemoryStore, accountId: string, region = "global") =>
  (await store.listPendingShares(accountId, region))._unsafeUnwrap().map((p) => [p.image.id, p.member.status]);

describe("in-memory store: indexes follow every change", () => {
  it("R2/R3: a member moves between the pending list and the image list as its status changes", async () => {
    const store = await withImage(newStore(), image("i1"));
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B")], events: [] });
    expect(await pending(store, "B")).toEqual([["i1", "pending"]]);
    expect(await visible(store, "B")).toEqual([]);
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B", "accepted")], events: [] });
    expect(await pending(store, "B")).toEqual([]);
    expect(await visible(store, "B")).toEqual(["i1"]);
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B", "accepted")], events: [] });
    expect(await visible(store, "B")).toEqual(["i1"]);
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B", "rejected")], events: [] });
    expect(await pending(store, "B")).toEqual([]);
    expect(await visible(store, "B")).toEqual([]);
    await commitNow(store, { imageId: "i1", deleteMembers: ["B"], events: [] });
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B", "accepted")], events: [] });
    await commitNow(store, { imageId: "i1", deleteMembers: ["B"], events: [] });
    expect(await visible(store, "B")).toEqual([]);
  });

  it("R6: lists are filed per region and under 'global'", async () => {
    const store = newStore();
    await withImage(store, image("iad", { createdAt: T0 }));
    await withImage(store, image("dfw", { region: "DFW", createdAt: T1 }));
    for (const id of ["iad", "dfw"]) await commitNow(store, { imageId: id, putMembers: [member(id, "B")], events: [] });
    expect(await visible(store, "A", "IAD")).toEqual(["iad"]);
    expect(await visible(store, "A", "DFW")).toEqual(["dfw"]);
    expect(await visible(store, "A", "ORD")).toEqual([]);
    expect(await visible(store, "A")).toEqual(["dfw", "iad"]);
    expect(await pending(store, "B", "DFW")).toEqual([["dfw", "pending"]]);
    expect((await pending(store, "B")).map(([id]) => id)).toEqual(["dfw", "iad"]);
  });

  it("R7: a rename shows in every list at once (the lists hold the image, not a copy)", async () => {
    const store = await withImage(newStore(), image("i1"));
    await withImage(store, image("i2"));
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B", "accepted")], events: [] });
    await commitNow(store, { imageId: "i2", putMembers: [member("i2", "B")], events: [] });
    await commitNow(store, { imageId: "i1", image: image("i1", { name: "new one" }), events: [] });
    await commitNow(store, { imageId: "i2", image: image("i2", { name: "new two" }), events: [] });
    const list = (await store.listVisibleImages({ accountId: "B", region: "IAD", after: null, limit: 10 }))._unsafeUnwrap();
    expect(list.map((i) => i.name)).toEqual(["new one"]);
    expect((await store.listPendingShares("B", "IAD"))._unsafeUnwrap().map((p) => p.image.name)).toEqual(["new two"]);
  });

  it("SPEC 4: listVisibleImages merges own and accepted images newest first, ties by id desc, after a key, up to limit", async () => {
    const store = newStore();
    await withImage(store, image("a1", { createdAt: T0 }));
    await withImage(store, image("a2", { createdAt: T2 }));
    await withImage(store, image("b1", { ownerAccountId: "B", createdAt: T1 }));
    await withImage(store, image("b2", { ownerAccountId: "B", createdAt: T2 }));
    await withImage(store, image("b0", { ownerAccountId: "B", createdAt: T0 }));
    for (const id of ["a1", "a2"]) await commitNow(store, { imageId: id, putMembers: [member(id, "B", "accepted")], events: [] });
    expect(await visible(store, "B")).toEqual(["b2", "a2", "b1", "b0", "a1"]);
    expect(await visible(store, "B", "global", null, 2)).toEqual(["b2", "a2"]);
    expect(await visible(store, "B", "global", { createdAt: T2, id: "a2" }, 2)).toEqual(["b1", "b0"]);
    expect(await visible(store, "B", "global", { createdAt: T0, id: "b0" })).toEqual(["a1"]);
    expect(await visible(store, "B", "global", { createdAt: T0, id: "a1" })).toEqual([]);
    // A position that is no image still orders correctly.
    expect(await visible(store, "B", "global", { createdAt: T1, id: "zzz" })).toEqual(["b1", "b0", "a1"]);
    expect(await visible(store, "C")).toEqual([]);
  });

  it("R12: listMembers is newest first by createdAt, ties by consumer account id descending", async () => {
    const store = await withImage(newStore(), image("i1"));
    await commitNow(store, {
      imageId: "i1",
      putMembers: [
        member("i1", "B", "pending", T1),
        member("i1", "C", "pending", T1),
        member("i1", "D", "accepted", T0),
        member("i1", "E", "rejected", T2),
      ],
      events: [],
    });
    expect((await store.listMembers("i1"))._unsafeUnwrap().map((m) => m.consumerAccountId)).toEqual(["E", "C", "B", "D"]);
    expect((await store.countMembers("i1"))._unsafeUnwrap()).toBe(4);
    expect((await store.listMembers("nope"))._unsafeUnwrap()).toEqual([]);
    expect((await store.countMembers("nope"))._unsafeUnwrap()).toBe(0);
    expect((await store.getMember("nope", "B"))._unsafeUnwrap()).toBeNull();
  });

  it("R7: storage usage counts own images by owner, and drops to zero when the last one goes", async () => {
    const store = newStore();
    await withImage(store, image("a1", { sizeBytes: 3 }));
    await withImage(store, image("a2", { sizeBytes: 4 }));
    await withImage(store, image("b1", { ownerAccountId: "B", sizeBytes: 100 }));
    expect((await store.getStorageUsage("A"))._unsafeUnwrap()).toEqual({ imageCount: 2, bytes: 7 });
    expect((await store.getStorageUsage("B"))._unsafeUnwrap()).toEqual({ imageCount: 1, bytes: 100 });
    expect((await store.getStorageUsage("C"))._unsafeUnwrap()).toEqual({ imageCount: 0, bytes: 0 });
    await commitNow(store, { imageId: "b1", image: null, events: [] });
    expect((await store.getStorageUsage("B"))._unsafeUnwrap()).toEqual({ imageCount: 0, bytes: 0 });
  });

  it("DESIGN: the account directory answers accountExists and grows with addAccount", async () => {
    const store = newStore();
    expect((await store.accountExists("A"))._unsafeUnwrap()).toBe(true);
    expect((await store.accountExists("Z"))._unsafeUnwrap()).toBe(false);
    store.addAccount("Z");
    expect((await store.accountExists("Z"))._unsafeUnwrap()).toBe(true);
  });

  it("R14: events go to the feed of the owner and of the named consumer, in commit order", async () => {
    const store = await withImage(newStore(), image("i1"));
    const shared = event("ImageShared", "i1", "B");
    const self = event("ImageUpdated", "i1", "A");
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B")], events: [shared, self] });
    const feed = async (accountId: string, after: string | null = null, limit = 10) =>
      (await store.listEvents({ accountId, after, limit }))._unsafeUnwrap()?.map((e) => e.id) ?? null;
    const all = await feed("A");
    expect(all?.slice(1)).toEqual([shared.id, self.id]);
    expect(await feed("B")).toEqual([shared.id]);
    expect(await feed("C")).toEqual([]);
    expect(await feed("A", all?.[0] ?? null, 1)).toEqual([shared.id]);
    expect(await feed("B", shared.id)).toEqual([]);
    expect(await feed("B", self.id)).toBeNull(); // not one of B's events
    expect(await feed("C", shared.id)).toBeNull(); // C has no feed at all
  });

  it("DESIGN: long lists (dozens of images and shares per account) stay ordered through inserts and removals", async () => {
    const store = newStore();
    const ids = Array.from({ length: 45 }, (_, i) => `img-${String(i).padStart(3, "0")}`);
    for (const id of ids) await withImage(store, image(id, { createdAt: T0 }));
    for (const id of ids) await commitNow(store, { imageId: id, putMembers: [member(id, "B", "accepted")], events: [] });
    const newestFirst = [...ids].reverse();
    expect(await visible(store, "A", "IAD")).toEqual(newestFirst);
    expect(await visible(store, "B", "IAD")).toEqual(newestFirst);
    // Remove from the ends and the middle of both the own-image list and the accepted-share list.
    const gone = new Set([ids[0], ids[22], ids[44]]);
    for (const id of gone) await commitNow(store, { imageId: id ?? "", image: null, events: [] });
    const rejected = new Set([ids[1], ids[30]]);
    for (const id of rejected) await commitNow(store, { imageId: id ?? "", putMembers: [member(id ?? "", "B", "rejected")], events: [] });
    expect(await visible(store, "A")).toEqual(newestFirst.filter((id) => !gone.has(id)));
    expect(await visible(store, "B")).toEqual(newestFirst.filter((id) => !gone.has(id) && !rejected.has(id)));
    expect((await store.getStorageUsage("A"))._unsafeUnwrap()).toEqual({ imageCount: 42, bytes: 420 });
  });
});
