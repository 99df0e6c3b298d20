import type { SharingEvent } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { A, adminOf, B, C, createImage, errOf, makeWorld, observerOf, okOf, type World } from "./world.js";

/** Every event concerning the account, oldest first. */
async function eventsOf(world: World, accountId: string): Promise<SharingEvent[]> {
  return (await okOf(world.sharing.listEvents(observerOf(accountId), { limit: 1000 }))).items;
}

/** The events recorded by `change` for each account: the difference of the feeds. */
async function recordedBy(
  world: World,
  change: () => Promise<unknown>,
): Promise<Record<string, Partial<SharingEvent>[]>> {
  const before = {
    A: (await eventsOf(world, A)).length,
    B: (await eventsOf(world, B)).length,
    C: (await eventsOf(world, C)).length,
  };
  await change();
  const pick = (events: SharingEvent[]) =>
    events.map((event) => {
      if (event.type === "SharingPolicyChanged") return { type: event.type };
      const { type, imageId, consumerAccountId } = event;
      return consumerAccountId === undefined ? { type, imageId } : { type, imageId, consumerAccountId };
    });
  return {
    A: pick((await eventsOf(world, A)).slice(before.A)),
    B: pick((await eventsOf(world, B)).slice(before.B)),
    C: pick((await eventsOf(world, C)).slice(before.C)),
  };
}

describe("R14: every state change is an event", () => {
  it("R14: ImageCreated concerns the owner only and carries id, time and actor", async () => {
    const world = makeWorld();
    let imageId = "";
    const recorded = await recordedBy(world, async () => {
      imageId = (await okOf(world.sharing.createImage(adminOf(A, "alice"), { name: "x", region: "IAD" }))).id;
    });
    expect(recorded).toEqual({ A: [{ type: "ImageCreated", imageId }], B: [], C: [] });
    const [event] = await eventsOf(world, A);
    const image = await okOf(world.sharing.getImage(observerOf(A), { imageId }));
    expect(event).toMatchObject({
      ownerAccountId: A,
      actorAccountId: A,
      actorUserId: "alice",
      occurredAt: image.createdAt,
    });
    expect(event?.id).toMatch(/^id-\d{4}$/);
  });

  it("R14: update, share, accept, reject, unshare and delete each record exactly their event", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const imageId = image.id;
    expect(
      await recordedBy(world, () => okOf(world.sharing.updateImage(adminOf(A), { imageId, name: "new" }))),
    ).toEqual({
      A: [{ type: "ImageUpdated", imageId }],
      B: [],
      C: [],
    });
    expect(
      await recordedBy(world, () => okOf(world.sharing.shareImage(adminOf(A), { imageId, consumerAccountId: B }))),
    ).toEqual({
      A: [{ type: "ImageShared", imageId, consumerAccountId: B }],
      B: [{ type: "ImageShared", imageId, consumerAccountId: B }],
      C: [],
    });
    await okOf(world.sharing.shareImage(adminOf(A), { imageId, consumerAccountId: C }));
    expect(await recordedBy(world, () => okOf(world.sharing.acceptImage(adminOf(B), { imageId })))).toEqual({
      A: [{ type: "ShareAccepted", imageId, consumerAccountId: B }],
      B: [{ type: "ShareAccepted", imageId, consumerAccountId: B }],
      C: [],
    });
    expect(await recordedBy(world, () => okOf(world.sharing.rejectImage(adminOf(B), { imageId })))).toEqual({
      A: [{ type: "ShareRejected", imageId, consumerAccountId: B }],
      B: [{ type: "ShareRejected", imageId, consumerAccountId: B }],
      C: [],
    });
    expect(
      await recordedBy(world, () => okOf(world.sharing.unshareImage(adminOf(A), { imageId, consumerAccountId: B }))),
    ).toEqual({
      A: [{ type: "ShareRevoked", imageId, consumerAccountId: B }],
      B: [{ type: "ShareRevoked", imageId, consumerAccountId: B }],
      C: [],
    });
    // ImageDeleted is recorded once per account that loses the image: the owner and member C.
    expect(await recordedBy(world, () => okOf(world.sharing.deleteImage(adminOf(A), { imageId })))).toEqual({
      A: [
        { type: "ImageDeleted", imageId },
        { type: "ImageDeleted", imageId, consumerAccountId: C },
      ],
      B: [],
      C: [{ type: "ImageDeleted", imageId, consumerAccountId: C }],
    });
  });

  it("R14: events are recorded atomically with the change, stamped with the change's time", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const member = await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    const accepted = await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
    const events = await eventsOf(world, B);
    expect(events.map((e) => e.occurredAt)).toEqual([member.createdAt, accepted.updatedAt]);
    expect(new Set((await eventsOf(world, A)).map((e) => e.id)).size).toBe(3);
  });

  it("R14: idempotent repeats change nothing and record nothing", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }));
    const accepted = await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
    const rejected = await okOf(world.sharing.rejectImage(adminOf(C), { imageId: image.id }));
    const repeats = await recordedBy(world, async () => {
      expect(await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }))).toEqual(accepted);
      expect(await okOf(world.sharing.rejectImage(adminOf(C), { imageId: image.id }))).toEqual(rejected);
      const renamed = await okOf(world.sharing.updateImage(adminOf(A), { imageId: image.id, name: image.name }));
      expect(renamed.updatedAt).toBe(image.updatedAt);
    });
    expect(repeats).toEqual({ A: [], B: [], C: [] });
  });

  it("R14: failed calls record nothing", async () => {
    const world = makeWorld({ memberQuota: 1 });
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    const failures = await recordedBy(world, async () => {
      await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }), "AlreadyShared");
      await errOf(
        world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }),
        "MemberQuotaExceeded",
      );
      await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: A }), "SelfShare");
      await errOf(
        world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }),
        "MemberNotFound",
      );
      await errOf(world.sharing.deleteImage(observerOf(A), { imageId: image.id }), "Forbidden");
      await errOf(world.sharing.acceptImage(adminOf(C), { imageId: image.id }), "ImageNotFound");
      await errOf(world.sharing.createImage(adminOf(A), { name: "", region: "IAD" }), "ValidationError");
      await errOf(world.sharing.createImage(adminOf(A), { name: "x", region: "LON" }), "UnknownRegion");
      await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    });
    // Only the one successful call (the reject) recorded anything.
    expect(failures).toEqual({
      A: [{ type: "ShareRejected", imageId: image.id, consumerAccountId: B }],
      B: [{ type: "ShareRejected", imageId: image.id, consumerAccountId: B }],
      C: [],
    });
  });

  it("R14: reads record nothing", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    const reads = await recordedBy(world, async () => {
      await okOf(world.sharing.getImage(observerOf(B), { imageId: image.id }));
      await okOf(world.sharing.listImages(observerOf(B)));
      await okOf(world.sharing.listMembers(observerOf(A), { imageId: image.id }));
      await okOf(world.sharing.listPendingShares(observerOf(B)));
      await okOf(world.sharing.authorizeBoot(observerOf(A), { imageId: image.id, region: "IAD" }));
      await okOf(world.sharing.getStorageUsage(observerOf(A)));
    });
    expect(reads).toEqual({ A: [], B: [], C: [] });
  });

  it("R14: the acting user is shown only to that user's own account: the consumer never sees the producer's user, nor the producer the consumer's", async () => {
    const world = makeWorld();
    const image = await okOf(world.sharing.createImage(adminOf(A, "alice"), { name: "x", region: "IAD" }));
    await okOf(world.sharing.shareImage(adminOf(A, "alice"), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.acceptImage(adminOf(B, "bob"), { imageId: image.id }));
    await okOf(world.sharing.rejectImage(adminOf(B, "bob"), { imageId: image.id }));
    await okOf(world.sharing.unshareImage(adminOf(A, "alice"), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A, "alice"), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.deleteImage(adminOf(A, "alice"), { imageId: image.id }));
    const actors = (events: SharingEvent[]) =>
      events.map((e) => [
        e.type,
        e.type === "SharingPolicyChanged" ? e.accountId : e.actorAccountId,
        e.actorUserId ?? "-",
      ]);
    expect(actors(await eventsOf(world, A))).toEqual([
      ["ImageCreated", A, "alice"],
      ["ImageShared", A, "alice"],
      ["ShareAccepted", B, "-"],
      ["ShareRejected", B, "-"],
      ["ShareRevoked", A, "alice"],
      ["ImageShared", A, "alice"],
      ["ImageDeleted", A, "alice"],
      ["ImageDeleted", A, "alice"],
    ]);
    expect(actors(await eventsOf(world, B))).toEqual([
      ["ImageShared", A, "-"],
      ["ShareAccepted", B, "bob"],
      ["ShareRejected", B, "bob"],
      ["ShareRevoked", A, "-"],
      ["ImageShared", A, "-"],
      ["ImageDeleted", A, "-"],
    ]);
    // Whatever the page size or starting point, the same holds.
    const firstOfB = (await eventsOf(world, B))[0]?.id ?? "";
    const paged = await okOf(world.sharing.listEvents(observerOf(B), { after: firstOfB, limit: 1 }));
    expect(paged.items[0]).toMatchObject({ type: "ShareAccepted", actorUserId: "bob" });
    const serialized = JSON.stringify(
      (await eventsOf(world, B)).filter((e) => e.type !== "ShareAccepted" && e.type !== "ShareRejected"),
    );
    expect(serialized).not.toContain("alice");
    expect(JSON.stringify(await eventsOf(world, A))).not.toContain("bob");
  });

  it("R14: an event names the acting account to everyone it concerns", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    for (const accountId of [A, B]) {
      const shared = (await eventsOf(world, accountId)).find((e) => e.type === "ImageShared");
      expect(shared).toMatchObject({ actorAccountId: A, ownerAccountId: A, consumerAccountId: B });
    }
  });
});
