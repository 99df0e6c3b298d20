import type { InMemoryStore } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import {
  commitNow,
  event,
  factsOf,
  image,
  LATER,
  member,
  memberCountOf,
  membersOf,
  NOW,
  newStore,
  T0,
  T1,
  T2,
  withImage,
} from "./fixtures.js";

const visible = async (
  store: InMemoryStore,
  accountId: string,
  region = "global",
  after: { createdAt: string; id: string } | null = null,
  limit = 100,
  now = NOW,
) => (await store.listVisibleImages({ accountId, region, after, limit, now }))._unsafeUnwrap().map((i) => i.id);
const pending = async (
  store: InMemoryStore,
  accountId: string,
  region = "global",
  after: { createdAt: string; id: string } | null = null,
  limit = 100,
  now = NOW,
) =>
  (await store.listPendingShares({ accountId, region, after, limit, now }))
    ._unsafeUnwrap()
    .map((p) => [p.image.id, p.member.status]);

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
    // Both shares were made at T1: pending shares order by the share's time, ties by image id descending.
    expect((await pending(store, "B")).map(([id]) => id)).toEqual(["iad", "dfw"]);
  });

  it("R7: a rename shows in every list at once (the lists hold the image, not a copy)", async () => {
    const store = await withImage(newStore(), image("i1"));
    await withImage(store, image("i2"));
    await commitNow(store, { imageId: "i1", putMembers: [member("i1", "B", "accepted")], events: [] });
    await commitNow(store, { imageId: "i2", putMembers: [member("i2", "B")], events: [] });
    await commitNow(store, { imageId: "i1", image: image("i1", { name: "new one" }), events: [] });
    await commitNow(store, { imageId: "i2", image: image("i2", { name: "new two" }), events: [] });
    const list = (
      await store.listVisibleImages({ accountId: "B", region: "IAD", after: null, limit: 10, now: NOW })
    )._unsafeUnwrap();
    expect(list.map((i) => i.name)).toEqual(["new one"]);
    const notes = (
      await store.listPendingShares({ accountId: "B", region: "IAD", after: null, limit: 10, now: NOW })
    )._unsafeUnwrap();
    expect(notes.map((p) => p.image.name)).toEqual(["new two"]);
  });

  it("SPEC 4: listVisibleImages merges own and accepted images newest first, ties by id desc, after a key, up to limit", async () => {
    const store = newStore();
    await withImage(store, image("a1", { createdAt: T0 }));
    await withImage(store, image("a2", { createdAt: T2 }));
    await withImage(store, image("b1", { ownerAccountId: "B", createdAt: T1 }));
    await withImage(store, image("b2", { ownerAccountId: "B", createdAt: T2 }));
    await withImage(store, image("b0", { ownerAccountId: "B", createdAt: T0 }));
    for (const id of ["a1", "a2"])
      await commitNow(store, { imageId: id, putMembers: [member(id, "B", "accepted")], events: [] });
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
    expect((await membersOf(store, "i1")).map((m) => m.consumerAccountId)).toEqual(["E", "C", "B", "D"]);
    expect(await memberCountOf(store, "i1")).toBe(4);
    expect(await membersOf(store, "nope")).toEqual([]);
    expect(await memberCountOf(store, "nope")).toBe(0);
    expect(await factsOf(store, "nope", "B", { consumerAccountId: "C", withMembers: true })).toEqual({
      image: null,
      member: null,
      consumer: { member: null, exists: true, policy: null, policyVersion: null, memberCount: 0 },
      members: [],
    });
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

  it("R10: the account directory answers in the share facts and grows with addAccounts([{ id }]), idempotently", async () => {
    const store = await withImage(newStore(), image("i1"));
    const exists = async (id: string) => (await factsOf(store, "i1", "A", { consumerAccountId: id })).consumer?.exists;
    expect(await exists("B")).toBe(true);
    expect(await exists("Z")).toBe(false);
    expect(store.addAccounts([{ id: "Z" }, { id: "Y" }]).isOk()).toBe(true);
    expect(store.addAccounts([{ id: "Z" }]).isOk()).toBe(true);
    expect([await exists("Z"), await exists("Y")]).toEqual([true, true]);
  });

  it("R15/SPEC 4: addAccounts with an invalid entry is a ValidationError naming each bad entry, adds none of them, and never throws", async () => {
    const store = await withImage(newStore(), image("i1"));
    const result = store.addAccounts([{ id: "ok-1" }, { id: "" }, { id: "a b" }, "Z" as never]);
    const error = result._unsafeUnwrapErr();
    expect(error.type).toBe("ValidationError");
    expect(error.issues.map((i) => i.path)).toEqual([[1, "id"], [2, "id"], [3]]);
    expect((await factsOf(store, "i1", "A", { consumerAccountId: "ok-1" })).consumer?.exists).toBe(false);
    expect(store.addAccounts(null as never).isErr()).toBe(true);
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
    for (const id of ids)
      await commitNow(store, { imageId: id, putMembers: [member(id, "B", "accepted")], events: [] });
    const newestFirst = [...ids].reverse();
    expect(await visible(store, "A", "IAD")).toEqual(newestFirst);
    expect(await visible(store, "B", "IAD")).toEqual(newestFirst);
    // Remove from the ends and the middle of both the own-image list and the accepted-share list.
    const gone = new Set([ids[0], ids[22], ids[44]]);
    for (const id of gone) await commitNow(store, { imageId: id ?? "", image: null, events: [] });
    const rejected = new Set([ids[1], ids[30]]);
    for (const id of rejected)
      await commitNow(store, { imageId: id ?? "", putMembers: [member(id ?? "", "B", "rejected")], events: [] });
    expect(await visible(store, "A")).toEqual(newestFirst.filter((id) => !gone.has(id)));
    expect(await visible(store, "B")).toEqual(newestFirst.filter((id) => !gone.has(id) && !rejected.has(id)));
    expect((await store.getStorageUsage("A"))._unsafeUnwrap()).toEqual({ imageCount: 42, bytes: 420 });
  });

  it("R18: an expired share leaves the image list and the pending list from expiresAt on, and stays in the members and the count", async () => {
    const store = newStore();
    await withImage(store, image("acc", { createdAt: T0 }));
    await withImage(store, image("pen", { createdAt: T1 }));
    await commitNow(store, { imageId: "acc", putMembers: [member("acc", "B", "accepted", T1, LATER)], events: [] });
    await commitNow(store, { imageId: "pen", putMembers: [member("pen", "B", "pending", T2, LATER)], events: [] });
    expect(await visible(store, "B", "global", null, 100, NOW)).toEqual(["acc"]);
    expect(await pending(store, "B", "IAD", null, 100, NOW)).toEqual([["pen", "pending"]]);
    expect(await visible(store, "B", "global", null, 100, LATER)).toEqual([]);
    expect(await pending(store, "B", "global", null, 100, LATER)).toEqual([]);
    expect(await visible(store, "B", "IAD", null, 100, "2099-01-01T00:00:00.000Z")).toEqual([]);
    expect(await memberCountOf(store, "acc")).toBe(1);
    expect(await membersOf(store, "pen")).toEqual([member("pen", "B", "pending", T2, LATER)]);
    // Removing the expired member takes it out of every index too.
    await commitNow(store, { imageId: "acc", deleteMembers: ["B"], events: [] });
    expect(await visible(store, "B", "global", null, 100, NOW)).toEqual([]);
  });

  it("R18/SPEC 4: lasting and expiring shares merge in one order, and paging goes through both", async () => {
    const store = newStore();
    const ids = ["s0", "s1", "s2", "s3", "s4", "s5"];
    for (const [i, id] of ids.entries()) {
      await withImage(store, image(id, { createdAt: `2026-01-01T00:00:0${i}.000Z` }));
      const expiresAt = i % 2 === 0 ? LATER : undefined;
      await commitNow(store, { imageId: id, putMembers: [member(id, "B", "accepted", T1, expiresAt)], events: [] });
      await commitNow(store, {
        imageId: id,
        putMembers: [member(id, "C", "pending", `2026-01-01T00:00:1${i}.000Z`, expiresAt)],
        events: [],
      });
    }
    const newest = [...ids].reverse();
    expect(await visible(store, "B")).toEqual(newest);
    expect(await visible(store, "B", "global", null, 2)).toEqual(["s5", "s4"]);
    expect(await visible(store, "B", "global", { createdAt: "2026-01-01T00:00:04.000Z", id: "s4" }, 3)).toEqual([
      "s3",
      "s2",
      "s1",
    ]);
    expect((await pending(store, "C")).map(([id]) => id)).toEqual(newest);
    expect(
      (await pending(store, "C", "global", { createdAt: "2026-01-01T00:00:13.000Z", id: "s3" }, 2)).map(([id]) => id),
    ).toEqual(["s2", "s1"]);
    // At LATER the expiring half is gone, the lasting half remains in order.
    expect(await visible(store, "B", "global", null, 100, LATER)).toEqual(["s5", "s3", "s1"]);
    expect((await pending(store, "C", "global", null, 100, LATER)).map(([id]) => id)).toEqual(["s5", "s3", "s1"]);
  });

  it("R3/SPEC 4: pending shares are ordered by the share's createdAt, newest first, not the image's", async () => {
    const store = newStore();
    await withImage(store, image("old-image", { createdAt: T0 }));
    await withImage(store, image("new-image", { createdAt: T2 }));
    await commitNow(store, { imageId: "new-image", putMembers: [member("new-image", "B", "pending", T1)], events: [] });
    await commitNow(store, { imageId: "old-image", putMembers: [member("old-image", "B", "pending", T2)], events: [] });
    expect((await pending(store, "B")).map(([id]) => id)).toEqual(["old-image", "new-image"]);
  });
});
