import { createHmac } from "node:crypto";
import {
  createImageSharing,
  createInMemoryStore,
  type Page,
  type PendingShare,
  type SharingError,
} from "cloud-image-sharing";
import type { Result } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  A,
  adminOf,
  B,
  C,
  counterIds,
  createImage,
  errOf,
  makeWorld,
  observerOf,
  okOf,
  tickingClock,
  type World,
} from "../rules/world.js";

// Issue 8, items 8 and 10 (SPEC 4): a cursor is good only for the list that issued it (method,
// account, region selector) and only if the library issued it; pending shares come one page at a
// time, newest share first.

/** A world where B has `n` pending shares from A and `n` accepted ones, in IAD and DFW alternately. */
async function busyWorld(n: number, options: Parameters<typeof makeWorld>[0] = {}): Promise<World> {
  const world = makeWorld(options);
  for (let i = 0; i < n; i += 1) {
    const region = i % 2 === 0 ? "IAD" : "DFW";
    const accepted = await createImage(world, region, `accepted ${i}`);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: accepted.id, consumerAccountId: B }));
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: accepted.id }));
    const pending = await createImage(world, region, `pending ${i}`);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: pending.id, consumerAccountId: B }));
  }
  return world;
}

/** A cursor that `list` really issued (page of 1). */
async function issuedCursor(
  world: World,
  list: "listImages" | "listPendingShares",
  accountId = B,
  region = "global",
): Promise<string> {
  const input = { limit: 1, region };
  const page =
    list === "listImages"
      ? await okOf(world.sharing.listImages(observerOf(accountId), input))
      : await okOf(world.sharing.listPendingShares(observerOf(accountId), input));
  if (page.nextCursor === null) throw new Error("no second page");
  return page.nextCursor;
}

const CURSOR_ISSUE = [{ path: ["cursor"], message: "not a cursor this library issued for this list" }];

describe("SPEC 4: forged and foreign cursors are ValidationErrors on ['cursor']", () => {
  it("SPEC 4: base64url JSON of any strings, in the 0.1 format or this one's, is refused", async () => {
    const world = await busyWorld(2);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const forged = [
      b64({ v: 1, c: "2026-01-01T00:00:00.000Z", i: "x" }),
      b64([1, "listImages", B, "global", "2030-01-01T00:00:00.000Z", "zzz"]),
      b64([1, "listImages", B, "global", "2030-01-01T00:00:00.000Z", "zzz"]) + "A".repeat(22),
      b64("anything"),
      "abc",
      "A".repeat(2048),
    ];
    for (const cursor of forged) {
      expect(await errOf(world.sharing.listImages(observerOf(B), { cursor }), "ValidationError")).toMatchObject({
        issues: CURSOR_ISSUE,
      });
      expect(await errOf(world.sharing.listPendingShares(observerOf(B), { cursor }), "ValidationError")).toMatchObject({
        issues: CURSOR_ISSUE,
      });
    }
    // Not even the form of a cursor: the schema's own message, still on ["cursor"].
    for (const cursor of ["", "not a cursor!", "A".repeat(2049)]) {
      expect(await errOf(world.sharing.listImages(observerOf(B), { cursor }), "ValidationError")).toMatchObject({
        issues: [{ path: ["cursor"] }],
      });
    }
  });

  it("SPEC 4: an issued cursor with its signature or its payload edited is refused", async () => {
    const world = await busyWorld(2);
    const cursor = await issuedCursor(world, "listImages");
    await okOf(world.sharing.listImages(observerOf(B), { limit: 1, cursor }));
    const flip = (c: string, at: number) => c.slice(0, at) + (c[at] === "A" ? "B" : "A") + c.slice(at + 1);
    for (const edited of [
      flip(cursor, cursor.length - 1),
      flip(cursor, 3),
      cursor.slice(0, -1),
      `${cursor}A`,
      cursor.slice(1),
    ]) {
      expect(await errOf(world.sharing.listImages(observerOf(B), { cursor: edited }), "ValidationError")).toMatchObject(
        { issues: CURSOR_ISSUE },
      );
    }
  });

  it("SPEC 4: a cursor of another list, account or region selector is refused", async () => {
    const world = await busyWorld(4);
    // B's own images so that A and B both have several.
    for (let i = 0; i < 3; i += 1) await okOf(world.sharing.createImage(adminOf(B), { name: `b ${i}`, region: "IAD" }));
    const images = await issuedCursor(world, "listImages");
    const pending = await issuedCursor(world, "listPendingShares");
    const imagesOfA = await issuedCursor(world, "listImages", A);
    const imagesInIad = await issuedCursor(world, "listImages", B, "IAD");
    const refused = async <T>(call: PromiseLike<Result<T, SharingError>>) =>
      expect(await errOf(call, "ValidationError")).toMatchObject({ issues: CURSOR_ISSUE });
    await refused(world.sharing.listPendingShares(observerOf(B), { cursor: images }));
    await refused(world.sharing.listImages(observerOf(B), { cursor: pending }));
    await refused(world.sharing.listImages(observerOf(B), { cursor: imagesOfA }));
    await refused(world.sharing.listImages(observerOf(A), { cursor: images }));
    await refused(world.sharing.listImages(observerOf(B), { cursor: imagesInIad }));
    await refused(world.sharing.listImages(observerOf(B), { cursor: imagesInIad, region: "DFW" }));
    // Each is good for its own list, whoever of the account asks.
    await okOf(world.sharing.listImages(observerOf(B, "another-user-of-B"), { cursor: images }));
    await okOf(world.sharing.listImages(observerOf(B), { cursor: imagesInIad, region: "IAD" }));
    await okOf(world.sharing.listPendingShares(adminOf(B), { cursor: pending }));
  });

  it("SPEC 4: even a correctly signed cursor is refused when its payload is not one the library writes", async () => {
    // Only a holder of the secret can sign; this checks the library does not trust its own signature blindly.
    const secret = "the secret of this very service";
    const store = createInMemoryStore({ accounts: [{ id: A }] });
    const sharing = createImageSharing({ store, regions: ["IAD"], cursorSecret: secret });
    const sign = (payload: string) =>
      payload + createHmac("sha256", secret).update(payload).digest().subarray(0, 16).toString("base64url");
    const b64 = (text: string) => Buffer.from(text).toString("base64url");
    for (const payload of [
      b64("not json"),
      b64("{}"),
      b64(JSON.stringify([2, "listImages", A, "global", "t", "i"])),
      b64(JSON.stringify([1, "listImages", A, "global", 5, "i"])),
    ]) {
      expect(
        await errOf(sharing.listImages(observerOf(A), { cursor: sign(payload) }), "ValidationError"),
      ).toMatchObject({ issues: CURSOR_ISSUE });
    }
    // The same construction with a well-formed payload is accepted: the test forges exactly what the library writes.
    const good = sign(b64(JSON.stringify([1, "listImages", A, "global", "2026-01-01T00:00:00.000Z", "x"])));
    await okOf(sharing.listImages(observerOf(A), { cursor: good }));
  });

  it("SPEC 4: a cursor is signed per service: another instance refuses it unless both share cursorSecret", async () => {
    const store = createInMemoryStore({ accounts: [{ id: A }, { id: B }] });
    const service = (cursorSecret?: string) =>
      createImageSharing({
        store,
        regions: ["IAD"],
        clock: tickingClock(),
        newId: counterIds(),
        ...(cursorSecret === undefined ? {} : { cursorSecret }),
      });
    const first = service();
    for (let i = 0; i < 3; i += 1) await okOf(first.createImage(adminOf(A), { name: `i${i}`, region: "IAD" }));
    const cursor = (await okOf(first.listImages(observerOf(A), { limit: 1 }))).nextCursor ?? "";
    await errOf(service().listImages(observerOf(A), { cursor }), "ValidationError");
    const secret = "a shared secret of enough length";
    const shared = (await okOf(service(secret).listImages(observerOf(A), { limit: 1 }))).nextCursor ?? "";
    expect((await okOf(service(secret).listImages(observerOf(A), { limit: 1, cursor: shared }))).items).toHaveLength(1);
  });
});

describe("SPEC 4: listPendingShares pages, newest share first (issue 8, item 10)", () => {
  it("SPEC 4: pages of `limit` chained by nextCursor cover every pending share once, newest share first, the last cursor null", async () => {
    const world = await busyWorld(7);
    const all = await okOf(world.sharing.listPendingShares(observerOf(B), { limit: 1000 }));
    expect(all.items).toHaveLength(7);
    expect(all.nextCursor).toBeNull();
    const times = all.items.map((p) => p.member.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page<PendingShare> = await okOf(
        world.sharing.listPendingShares(observerOf(B), cursor === null ? { limit: 3 } : { limit: 3, cursor }),
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items.map((p) => p.image.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(paged).toEqual(all.items.map((p) => p.image.id));
  });

  it("SPEC 4: pending shares sort by the share's createdAt, not the image's", async () => {
    const world = makeWorld();
    const older = await createImage(world);
    const newer = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: newer.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: older.id, consumerAccountId: B }));
    const page = await okOf(world.sharing.listPendingShares(observerOf(B)));
    expect(page.items.map((p) => p.image.id)).toEqual([older.id, newer.id]);
  });

  it("SPEC 4: paging per region selector, and a page that ends exactly at the last share has nextCursor null", async () => {
    const world = await busyWorld(4);
    const iad = await okOf(world.sharing.listPendingShares(observerOf(B), { region: "IAD", limit: 2 }));
    expect(iad.items.map((p) => p.image.region)).toEqual(["IAD", "IAD"]);
    expect(iad.nextCursor).toBeNull();
    const first = await okOf(world.sharing.listPendingShares(observerOf(B), { region: "DFW", limit: 1 }));
    const second = await okOf(
      world.sharing.listPendingShares(observerOf(B), { region: "DFW", limit: 1, cursor: first.nextCursor ?? "" }),
    );
    expect([...first.items, ...second.items].map((p) => p.image.region)).toEqual(["DFW", "DFW"]);
    expect(second.nextCursor).toBeNull();
  });

  it("SPEC 4: a cursor keeps its place when pending shares are decided between pages", async () => {
    const world = await busyWorld(5);
    const first = await okOf(world.sharing.listPendingShares(observerOf(B), { limit: 2 }));
    const all = (await okOf(world.sharing.listPendingShares(observerOf(B), { limit: 100 }))).items.map(
      (p) => p.image.id,
    );
    // B accepts the first one shown: it leaves the list, the rest keep their order.
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: first.items[0]?.image.id ?? "" }));
    const rest = await okOf(
      world.sharing.listPendingShares(observerOf(B), { limit: 100, cursor: first.nextCursor ?? "" }),
    );
    expect(rest.items.map((p) => p.image.id)).toEqual(all.slice(2));
    // And the other consumers' notifications are none of B's business.
    expect((await okOf(world.sharing.listPendingShares(observerOf(C)))).items).toEqual([]);
  });
});
