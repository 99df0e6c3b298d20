import { describe, expect, it } from "vitest";
import { A, adminOf, B, C, createImage, creatorOf, errOf, listedIds, makeWorld, observerOf, okOf } from "./world.js";

describe("R1: sharing is account to account", () => {
  it("R1: a member is keyed by (imageId, consumerAccountId): one record per consumer per image", async () => {
    const world = makeWorld();
    const first = await createImage(world);
    const second = await createImage(world);
    for (const image of [first, second]) {
      for (const consumer of [B, C]) {
        const member = await okOf(
          world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: consumer }),
        );
        expect(member).toMatchObject({ imageId: image.id, consumerAccountId: consumer, status: "pending" });
      }
    }
    const members = await okOf(world.sharing.listMembers(adminOf(A), { imageId: first.id }));
    expect(members.map((m) => m.consumerAccountId).sort()).toEqual([B, C]);
    // The same key again is the same member, not a second one.
    await errOf(world.sharing.shareImage(adminOf(A), { imageId: first.id, consumerAccountId: B }), "AlreadyShared");
  });

  it("R1: any creator of the producer account may share an image another user of that account created", async () => {
    const world = makeWorld();
    const image = await createImage(world, "IAD", "made by alice", creatorOf(A, "alice"));
    const member = await okOf(
      world.sharing.shareImage(creatorOf(A, "bob"), { imageId: image.id, consumerAccountId: B }),
    );
    expect(member.status).toBe("pending");
    const events = await okOf(world.sharing.listEvents(adminOf(A)));
    expect(events.items.at(-1)).toMatchObject({ type: "ImageShared", actorUserId: "bob", actorAccountId: A });
  });

  it("R1: one consumer user's acceptance shows the image to every user of the consumer account", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    const carol = adminOf(B, "carol");
    const dave = observerOf(B, "dave");
    expect(await listedIds(world, dave)).toEqual([]);
    await okOf(world.sharing.acceptImage(carol, { imageId: image.id }));
    expect(await listedIds(world, dave)).toEqual([image.id]);
    expect(await listedIds(world, observerOf(B, "erin"))).toEqual([image.id]);
    // Dave sees carol's acceptance as his account's member record.
    const [own] = await okOf(world.sharing.listMembers(dave, { imageId: image.id }));
    expect(own?.status).toBe("accepted");
    // Another account is not affected by B's acceptance.
    expect(await listedIds(world, observerOf(C))).toEqual([]);
  });
});
