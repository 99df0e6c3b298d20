import { describe, expect, it } from "vitest";
import {
  A,
  acceptedImage,
  adminOf,
  B,
  createImage,
  frozenClock,
  makeWorld,
  observerOf,
  okOf,
  type World,
} from "../rules/world.js";

/** Every page of `principal`'s image list at `limit`, following nextCursor to the end. */
async function allPages(world: World, limit: number, region = "global"): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await okOf(
      world.sharing.listImages(observerOf(B), cursor === undefined ? { limit, region } : { limit, region, cursor }),
    );
    pages.push(page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
    if (pages.length > 50) throw new Error("paging does not end");
  } while (cursor !== undefined);
  return pages;
}

describe("SPEC 4: listImages pagination", () => {
  it("SPEC 4: newest first by createdAt; pages of `limit` chained by nextCursor, the last one null", async () => {
    const world = makeWorld();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await acceptedImage(world, B, i % 2 === 0 ? "IAD" : "DFW")).id);
      ids.push((await okOf(world.sharing.createImage(adminOf(B), { name: `own ${i}`, region: "ORD" }))).id);
    }
    const newestFirst = [...ids].reverse();
    expect(await allPages(world, 3)).toEqual([
      newestFirst.slice(0, 3),
      newestFirst.slice(3, 6),
      newestFirst.slice(6, 9),
      newestFirst.slice(9),
    ]);
    expect((await allPages(world, 10)).flat()).toEqual(newestFirst);
    expect(await allPages(world, 1000)).toEqual([newestFirst]);
    expect((await allPages(world, 1, "IAD")).flat()).toHaveLength(3);
  });

  it("SPEC 4: a page that ends exactly at the last item has nextCursor null", async () => {
    const world = makeWorld();
    for (let i = 0; i < 4; i += 1)
      await okOf(world.sharing.createImage(adminOf(B), { name: `own ${i}`, region: "IAD" }));
    const pages = await allPages(world, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    const empty = await okOf(makeWorld().sharing.listImages(observerOf(B)));
    expect(empty).toEqual({ items: [], nextCursor: null });
  });

  it("SPEC 4: ties on createdAt (a frozen clock) are broken by id descending, across own and shared images", async () => {
    const world = makeWorld({ clock: frozenClock() });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await acceptedImage(world)).id);
      ids.push((await okOf(world.sharing.createImage(adminOf(B), { name: "own", region: "IAD" }))).id);
    }
    const byIdDesc = [...ids].sort().reverse();
    expect((await allPages(world, 100)).flat()).toEqual(byIdDesc);
    expect((await allPages(world, 2)).flat()).toEqual(byIdDesc);
  });

  it("SPEC 4: the default limit is 100", async () => {
    const world = makeWorld();
    for (let i = 0; i < 101; i += 1)
      await okOf(world.sharing.createImage(adminOf(B), { name: `n${i}`, region: "IAD" }));
    const first = await okOf(world.sharing.listImages(observerOf(B)));
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    const rest = await okOf(world.sharing.listImages(observerOf(B), { cursor: first.nextCursor ?? "" }));
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });

  it("SPEC 4: a cursor keeps its place when the list changes between pages", async () => {
    const world = makeWorld();
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1)
      ids.push((await okOf(world.sharing.createImage(adminOf(B), { name: `n${i}`, region: "IAD" }))).id);
    const first = await okOf(world.sharing.listImages(observerOf(B), { limit: 2 }));
    expect(first.items.map((i) => i.id)).toEqual([ids[3], ids[2]]);
    // A newer image and a deleted one between the two pages.
    await okOf(world.sharing.createImage(adminOf(B), { name: "newer", region: "IAD" }));
    await okOf(world.sharing.deleteImage(adminOf(B), { imageId: ids[2] ?? "" }));
    const second = await okOf(world.sharing.listImages(observerOf(B), { limit: 2, cursor: first.nextCursor ?? "" }));
    expect(second.items.map((i) => i.id)).toEqual([ids[1], ids[0]]);
  });

  it("SPEC 4: shared images sort by the image's createdAt, not the share's", async () => {
    const world = makeWorld();
    const old = await createImage(world);
    const own = await okOf(world.sharing.createImage(adminOf(B), { name: "own", region: "IAD" }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: old.id, consumerAccountId: B }));
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: old.id }));
    const page = await okOf(world.sharing.listImages(observerOf(B)));
    expect(page.items.map((i) => i.id)).toEqual([own.id, old.id]);
  });
});
