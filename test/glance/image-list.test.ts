// GET /v2/images: which images (R2, R3, R4, R6), in which order, and paging by marker and `next`.

import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  type CallResult,
  errorOf,
  type GlanceWorld,
  idsOf,
  imagePath,
  makeWorld,
  OTHER_REGION,
} from "./harness.js";

/** A producer image shared with the consumer, left in `status` (`none`: not shared at all). */
async function sharedImage(
  world: GlanceWorld,
  name: string,
  status: "none" | "pending" | "accepted" | "rejected",
): Promise<string> {
  const id = await world.createImage("alice", name);
  if (status === "none") return id;
  await world.call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.consumer } });
  if (status !== "pending")
    await world.call("bob", "PUT", `${imagePath(id)}/members/${ACCOUNTS.consumer}`, { json: { status } });
  return id;
}

/** Follows `next` links from `path` the way the glance client does, collecting every page's ids. */
async function followAll(
  world: GlanceWorld,
  as: "bob" | "alice",
  path: string,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next !== undefined && pages < 100) {
    const page: CallResult = await world.call(as, "GET", next, { contentType: "application/octet-stream" });
    expect(page.status).toBe(200);
    ids.push(...idsOf(page));
    next = (page.json as { next?: string }).next;
    pages += 1;
  }
  return { ids, pages };
}

describe("which images GET /v2/images lists", () => {
  it("by default: the account's own images and its accepted shares, not pending or rejected ones (R2, R4)", async () => {
    const world = makeWorld();
    const own = await world.createImage("bob", "bob-own");
    const accepted = await sharedImage(world, "accepted", "accepted");
    await sharedImage(world, "pending", "pending");
    await sharedImage(world, "rejected", "rejected");
    await sharedImage(world, "unshared", "none");
    const result = await world.call("carol", "GET", "/v2/images");
    expect(idsOf(result).sort()).toEqual([own, accepted].sort());
    const shared = (result.json as { images: { id: string; source: string; owner: string }[] }).images.find(
      (i) => i.id === accepted,
    );
    expect(shared).toMatchObject({ source: "shared", owner: ACCOUNTS.producer });
    expect(result.json).toMatchObject({ first: "/v2/images", schema: "/v2/schemas/images" });
  });

  it("member_status=pending: the own images and the pending offers (R3); rejected: the own images only; all: own, accepted and pending", async () => {
    const world = makeWorld();
    const own = await world.createImage("bob", "bob-own");
    const accepted = await sharedImage(world, "accepted", "accepted");
    const pending = await sharedImage(world, "pending", "pending");
    await sharedImage(world, "rejected", "rejected");
    const ids = async (query: string) => idsOf(await world.call("bob", "GET", `/v2/images?${query}`)).sort();
    expect(await ids("member_status=pending")).toEqual([own, pending].sort());
    expect(await ids("member_status=rejected")).toEqual([own]);
    expect(await ids("member_status=all")).toEqual([own, accepted, pending].sort());
    expect(await ids("member_status=accepted")).toEqual([own, accepted].sort());
  });

  it("only images of the endpoint's region (R6): an image in another region is listed by no endpoint here", async () => {
    const world = makeWorld();
    const local = await world.createImage("alice", "local");
    await world.createImage("alice", "elsewhere", OTHER_REGION);
    expect(idsOf(await world.call("alice", "GET", "/v2/images?member_status=all"))).toEqual([local]);
  });

  it("visibility: shared and all list everything (every image here is shared-visibility); public, private, community nothing", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    for (const visibility of ["shared", "all"])
      expect(idsOf(await world.call("alice", "GET", `/v2/images?visibility=${visibility}`))).toEqual([id]);
    for (const visibility of ["public", "private", "community"])
      expect(idsOf(await world.call("alice", "GET", `/v2/images?visibility=${visibility}`))).toEqual([]);
  });

  it("equality filters (owner, name, status, id) and attributes images here lack (tag, checksum, os_hidden=true)", async () => {
    const world = makeWorld();
    const own = await world.createImage("bob", "mine");
    const accepted = await sharedImage(world, "theirs", "accepted");
    const ids = async (query: string) => idsOf(await world.call("bob", "GET", `/v2/images?${query}`));
    expect(await ids(`owner=${ACCOUNTS.producer}`)).toEqual([accepted]);
    expect(await ids("name=mine")).toEqual([own]);
    expect(await ids(`id=${encodeURIComponent(own)}`)).toEqual([own]);
    expect((await ids("status=active")).sort()).toEqual([own, accepted].sort());
    expect(await ids("status=queued")).toEqual([]);
    expect(await ids("tag=linux")).toEqual([]);
    expect(await ids("checksum=abc")).toEqual([]);
    expect(await ids("os_hidden=true")).toEqual([]);
    expect((await ids("os_hidden=false&protected=false")).sort()).toEqual([own, accepted].sort());
  });
});

describe("order and paging", () => {
  it("honours what the glance client sends by default (limit=200&sort_key=name&sort_dir=asc)", async () => {
    const world = makeWorld();
    for (const name of ["delta", "alpha", "charlie", "bravo"]) await world.createImage("alice", name);
    const result = await world.call("alice", "GET", "/v2/images?limit=200&sort_key=name&sort_dir=asc", {
      contentType: "application/octet-stream",
    });
    expect((result.json as { images: { name: string }[] }).images.map((i) => i.name)).toEqual([
      "alpha",
      "bravo",
      "charlie",
      "delta",
    ]);
    expect((result.json as { next?: string }).next).toBeUndefined();
  });

  it("sorts by several keys, by the new `sort=` syntax, and descending", async () => {
    const world = makeWorld();
    for (const name of ["b", "a", "c"]) await world.createImage("alice", name);
    const names = async (query: string) =>
      ((await world.call("alice", "GET", `/v2/images?${query}`)).json as { images: { name: string }[] }).images.map(
        (i) => i.name,
      );
    expect(await names("sort=name:desc")).toEqual(["c", "b", "a"]);
    expect(await names("sort=status:asc,name")).toEqual(["c", "b", "a"]);
    expect(await names("sort_key=size&sort_key=name&sort_dir=asc")).toEqual(["a", "b", "c"]);
    expect(await names("sort_key=size&sort_key=name&sort_dir=asc&sort_dir=desc")).toEqual(["c", "b", "a"]);
    expect(await names("sort_key=disk_format&sort_dir=asc&sort_key=name")).toEqual(["a", "b", "c"]);
    expect(await names("sort_dir=asc")).toHaveLength(3);
    expect(await names("sort_key=container_format&sort_key=updated_at&sort_dir=asc")).toHaveLength(3);
  });

  it("pages with limit and marker; following `next` yields every image exactly once, in order", async () => {
    const world = makeWorld();
    const names = Array.from({ length: 11 }, (_, i) => `image-${String(i).padStart(2, "0")}`);
    for (const name of [...names].reverse()) await sharedImage(world, name, "accepted");
    const own = await world.createImage("bob", "image-99");
    const { ids, pages } = await followAll(world, "bob", "/v2/images?limit=3&sort_key=name&sort_dir=asc");
    expect(pages).toBe(4);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(ids.at(-1)).toBe(own);
    const page = await world.call("bob", "GET", "/v2/images?limit=3&sort_key=name&sort_dir=asc");
    const next = (page.json as { next: string }).next;
    expect(next).toMatch(/^\/v2\/images\?/);
    expect(new URLSearchParams(next.split("?")[1]).get("marker")).toBe(idsOf(page)[2]);
    expect(new URLSearchParams(next.split("?")[1]).get("sort_key")).toBe("name");
  });

  it("the default page is 25; limit is capped at 1000; limit=0 is an empty page", async () => {
    const world = makeWorld();
    for (let i = 0; i < 27; i += 1) await world.createImage("alice", `image-${i}`);
    const first = await world.call("alice", "GET", "/v2/images");
    expect(idsOf(first)).toHaveLength(25);
    expect((first.json as { next?: string }).next).toBeDefined();
    expect(idsOf(await world.call("alice", "GET", "/v2/images?limit=100000"))).toHaveLength(27);
    const empty = await world.call("alice", "GET", "/v2/images?limit=0");
    expect(idsOf(empty)).toEqual([]);
    expect((empty.json as { next?: string }).next).toBeUndefined();
  });

  it("a marker that is not in the list is 400, as in Glance", async () => {
    const world = makeWorld();
    await world.createImage("alice", "golden");
    const result = await world.call("alice", "GET", "/v2/images?marker=no-such-image");
    expect(result.status).toBe(400);
    expect(errorOf(result).message).toContain("marker");
  });
});

describe("bad filters are 400 with a message naming the parameter, never ignored", () => {
  it.each([
    "member_status=maybe",
    "visibility=secret",
    "limit=ten",
    "limit=-1",
    "limit=1.5",
    "sort_key=owner",
    "sort_dir=up",
    "sort=name:up",
    "sort=name&sort_key=name",
    "sort_key=name&sort_dir=asc&sort_dir=desc&sort_dir=asc",
    "os_hidden=maybe",
    "protected=1",
    "changes-since=2020-01-01",
    "size_min=3",
    "no_such_filter=x",
  ])("%s", async (query) => {
    const world = makeWorld();
    const result = await world.call("alice", "GET", `/v2/images?${query}`);
    expect(result.status).toBe(400);
    expect(errorOf(result).type).toBe("ValidationError");
  });
});
