import type { SharingEvent } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { storedMembers } from "./stores.js";
import {
  A,
  adminOf,
  B,
  C,
  controlledClock,
  createImage,
  errOf,
  listedIds,
  makeWorld,
  observerOf,
  okOf,
  pendingOf,
  type World,
} from "./world.js";

// R18: a share may carry `expiresAt`; from then on, by the service clock, it grants nothing. The
// clock here is moved by hand, so "now" is exactly what each test says it is.

const T0 = "2026-01-01T00:00:00.000Z";
const EXPIRY = "2026-01-01T01:00:00.000Z";
const JUST_BEFORE = "2026-01-01T00:59:59.999Z";

function expiringWorld(options: { memberQuota?: number } = {}) {
  const clock = controlledClock(T0);
  const world = makeWorld({ clock, ...options });
  return { world, clock };
}

/** An image of A shared with B until {@link EXPIRY}, in `status`. */
async function expiringShare(world: World, status: "pending" | "accepted" | "rejected" = "pending") {
  const image = await createImage(world);
  await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B, expiresAt: EXPIRY }));
  if (status === "accepted") await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
  if (status === "rejected") await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
  return image;
}

async function feedOf(world: World, accountId: string): Promise<SharingEvent[]> {
  return (await okOf(world.sharing.listEvents(observerOf(accountId), { limit: 1000 }))).items;
}

describe("R18: expiring shares", () => {
  it("R18: shareImage takes an optional expiresAt; the member and its ImageShared event carry it", async () => {
    const { world } = expiringWorld();
    const image = await createImage(world);
    const member = await okOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B, expiresAt: EXPIRY }),
    );
    expect(member).toEqual({
      imageId: image.id,
      consumerAccountId: B,
      status: "pending",
      createdAt: T0,
      updatedAt: T0,
      expiresAt: EXPIRY,
      expired: false,
    });
    const shared = (await feedOf(world, B)).find((e) => e.type === "ImageShared");
    expect(shared).toMatchObject({ type: "ImageShared", imageId: image.id, consumerAccountId: B, expiresAt: EXPIRY });
    expect(await okOf(world.sharing.listMembers(observerOf(B), { imageId: image.id }))).toEqual([member]);
    // Without expiresAt a share lasts, and carries neither field.
    const lasting = await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }));
    expect(lasting).not.toHaveProperty("expiresAt");
    expect(lasting).not.toHaveProperty("expired");
  });

  it("R18: expiresAt not later than now is a ValidationError", async () => {
    const { world, clock } = expiringWorld();
    const image = await createImage(world);
    for (const expiresAt of [T0, "2025-12-31T23:59:59.999Z", "2000-01-01T00:00:00.000Z"]) {
      const error = await errOf(
        world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B, expiresAt }),
        "ValidationError",
      );
      expect(error).toMatchObject({ issues: [{ path: ["expiresAt"] }] });
    }
    for (const expiresAt of ["tomorrow", "2026-01-01", 1767225600000]) {
      const error = await errOf(
        world.sharing.shareImage(adminOf(A), {
          imageId: image.id,
          consumerAccountId: B,
          expiresAt: expiresAt as never,
        }),
        "ValidationError",
      );
      expect(error).toMatchObject({ issues: [{ path: ["expiresAt"] }] });
    }
    // It is the service clock's now that counts.
    clock.set("2026-06-01T00:00:00.000Z");
    await errOf(
      world.sharing.shareImage(adminOf(A), {
        imageId: image.id,
        consumerAccountId: B,
        expiresAt: "2026-05-01T00:00:00.000Z",
      }),
      "ValidationError",
    );
    await okOf(
      world.sharing.shareImage(adminOf(A), {
        imageId: image.id,
        consumerAccountId: B,
        expiresAt: "2026-06-01T00:00:00.001Z",
      }),
    );
    expect(await storedMembers(world.store, image.id)).toHaveLength(1);
  });

  it("R18: until expiresAt the share grants what any share grants", async () => {
    const { world, clock } = expiringWorld();
    const image = await expiringShare(world, "accepted");
    clock.set(JUST_BEFORE);
    expect(await listedIds(world, observerOf(B))).toEqual([image.id]);
    await okOf(world.sharing.authorizeBoot(observerOf(B), { imageId: image.id, region: "IAD" }));
    await okOf(world.sharing.getImage(observerOf(B), { imageId: image.id }));
  });

  it("R18: from expiresAt on the consumer sees ImageNotFound everywhere, no list, no pending notification, no boot, no accept/reject", async () => {
    for (const status of ["pending", "accepted", "rejected"] as const) {
      const { world, clock } = expiringWorld();
      const image = await expiringShare(world, status);
      clock.set(EXPIRY);
      const b = adminOf(B);
      const notFound = { type: "ImageNotFound", message: `image ${image.id} not found`, imageId: image.id };
      expect(await errOf(world.sharing.getImage(b, { imageId: image.id }))).toEqual(notFound);
      expect(await errOf(world.sharing.listMembers(b, { imageId: image.id }))).toEqual(notFound);
      expect(await errOf(world.sharing.authorizeBoot(b, { imageId: image.id, region: "IAD" }))).toEqual(notFound);
      expect(await errOf(world.sharing.acceptImage(b, { imageId: image.id }))).toEqual(notFound);
      expect(await errOf(world.sharing.rejectImage(b, { imageId: image.id }))).toEqual(notFound);
      expect(await listedIds(world, b)).toEqual([]);
      expect(await listedIds(world, b, "IAD")).toEqual([]);
      expect(await pendingOf(world, b)).toEqual([]);
      expect(await pendingOf(world, b, "IAD")).toEqual([]);
      // The owner's actions stay owner's: the consumer's admin is no closer to them either.
      expect(await errOf(world.sharing.updateImage(b, { imageId: image.id, name: "x" }))).toEqual(notFound);
    }
  });

  it("R18: to the consumer an expired share is exactly a revoked share", async () => {
    const expired = expiringWorld();
    const revoked = expiringWorld();
    const expiredImage = await expiringShare(expired.world, "accepted");
    const revokedImage = await expiringShare(revoked.world, "accepted");
    await okOf(revoked.world.sharing.unshareImage(adminOf(A), { imageId: revokedImage.id, consumerAccountId: B }));
    expired.clock.set(EXPIRY);
    revoked.clock.set(EXPIRY);
    const seenBy = async ({ world }: { world: World }, imageId: string) => ({
      get: await world.sharing.getImage(observerOf(B), { imageId }),
      boot: await world.sharing.authorizeBoot(observerOf(B), { imageId, region: "IAD" }),
      members: await world.sharing.listMembers(observerOf(B), { imageId }),
      accept: await world.sharing.acceptImage(adminOf(B), { imageId }),
      list: await world.sharing.listImages(observerOf(B)),
      pending: await world.sharing.listPendingShares(observerOf(B)),
    });
    expect(expiredImage.id).toBe(revokedImage.id);
    expect(await seenBy(expired, expiredImage.id)).toEqual(await seenBy(revoked, revokedImage.id));
  });

  it("R18: the producer still sees the member with expired: true", async () => {
    const { world, clock } = expiringWorld();
    const image = await expiringShare(world, "accepted");
    const before = await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }));
    expect(before).toEqual([expect.objectContaining({ status: "accepted", expiresAt: EXPIRY, expired: false })]);
    clock.set(EXPIRY);
    const after = await okOf(world.sharing.listMembers(observerOf(A), { imageId: image.id }));
    expect(after).toEqual([{ ...before[0], expired: true }]);
    // The producer's own use of its image is untouched.
    await okOf(world.sharing.getImage(observerOf(A), { imageId: image.id }));
    expect(await listedIds(world, observerOf(A))).toEqual([image.id]);
  });

  it("R18: counts toward the quota; re-sharing needs removing it (AlreadyShared expired: true)", async () => {
    const { world, clock } = expiringWorld({ memberQuota: 1 });
    const image = await expiringShare(world, "pending");
    clock.set(EXPIRY);
    // Quota: the expired member still takes its place.
    expect(
      await errOf(
        world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }),
        "MemberQuotaExceeded",
      ),
    ).toMatchObject({
      imageId: image.id,
      quota: 1,
    });
    // Re-share: AlreadyShared with the stored status and expired: true.
    expect(
      await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "AlreadyShared"),
    ).toEqual({
      type: "AlreadyShared",
      message: `image ${image.id} is already shared with account ${B} (status: pending, expired); remove the member before sharing again`,
      imageId: image.id,
      consumerAccountId: B,
      status: "pending",
      expired: true,
    });
    // Removing it frees both.
    await okOf(world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    const fresh = await okOf(
      world.sharing.shareImage(adminOf(A), {
        imageId: image.id,
        consumerAccountId: B,
        expiresAt: "2026-02-01T00:00:00.000Z",
      }),
    );
    expect(fresh).toMatchObject({ status: "pending", expired: false, createdAt: EXPIRY });
    expect((await pendingOf(world, observerOf(B))).map((p) => p.image.id)).toEqual([image.id]);
  });

  it("R18: expiry is read-time: no background job, no event at the moment of expiry", async () => {
    const { world, clock } = expiringWorld();
    const image = await expiringShare(world, "accepted");
    const feeds = { A: await feedOf(world, A), B: await feedOf(world, B) };
    const stored = await storedMembers(world.store, image.id);
    clock.set("2026-03-01T00:00:00.000Z");
    expect(await listedIds(world, observerOf(B))).toEqual([]);
    expect({ A: await feedOf(world, A), B: await feedOf(world, B) }).toEqual(feeds);
    // The stored record is as it was: status kept, no `expired` flag written.
    expect(await storedMembers(world.store, image.id)).toEqual(stored);
    expect(stored[0]).not.toHaveProperty("expired");
  });

  it("R18: deleting an image records ImageDeleted only for the accounts that lose it (an expired share was lost already)", async () => {
    const { world, clock } = expiringWorld();
    const image = await expiringShare(world, "accepted");
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }));
    clock.set(EXPIRY);
    await okOf(world.sharing.deleteImage(adminOf(A), { imageId: image.id }));
    const deletions = (await feedOf(world, A)).filter((e) => e.type === "ImageDeleted");
    expect(deletions.map((e) => (e.type === "ImageDeleted" ? (e.consumerAccountId ?? "owner") : ""))).toEqual([
      "owner",
      C,
    ]);
    expect((await feedOf(world, B)).some((e) => e.type === "ImageDeleted")).toBe(false);
  });

  it("R18: an auto-accepted share (R17) expires like any other", async () => {
    const { world, clock } = expiringWorld();
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A] }));
    const image = await createImage(world);
    expect(
      await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B, expiresAt: EXPIRY })),
    ).toMatchObject({
      status: "accepted",
      expiresAt: EXPIRY,
    });
    expect(await listedIds(world, observerOf(B))).toEqual([image.id]);
    clock.set(EXPIRY);
    expect(await listedIds(world, observerOf(B))).toEqual([]);
  });
});
