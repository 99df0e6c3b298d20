import { describe, expect, it } from "vitest";
import { A, acceptedImage, adminOf, B, errOf, eventTypes, makeWorld, okOf, sharedImage } from "./world.js";

describe("R5: re-share after reject", () => {
  it("R5: a consumer who rejected cannot accept afterwards (ReshareRequired)", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    const error = await errOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }), "ReshareRequired");
    expect(error).toMatchObject({ imageId: image.id });
    const [member] = await okOf(world.sharing.listMembers(adminOf(B), { imageId: image.id }));
    expect(member?.status).toBe("rejected");
  });

  it("R5: the same holds after rejecting an accepted share", async () => {
    const world = makeWorld();
    const image = await acceptedImage(world);
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    await errOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }), "ReshareRequired");
  });

  it("R5: unshare then share creates a fresh pending member the consumer can accept", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    const rejected = await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    await okOf(world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    const fresh = await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    expect(fresh.status).toBe("pending");
    expect(fresh.createdAt > rejected.updatedAt).toBe(true);
    expect(fresh.updatedAt).toBe(fresh.createdAt);
    const accepted = await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
    expect(accepted.status).toBe("accepted");
  });

  it("R5: sharing again while a member exists is AlreadyShared carrying the current status", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    const share = () => world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B });
    expect(await errOf(share(), "AlreadyShared")).toMatchObject({ status: "pending" });
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: image.id }));
    expect(await errOf(share(), "AlreadyShared")).toMatchObject({ status: "accepted" });
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    expect(await errOf(share(), "AlreadyShared")).toMatchObject({ status: "rejected" });
    // Sharing again did not reset the status.
    const [member] = await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }));
    expect(member?.status).toBe("rejected");
  });

  it("R5: the producer can never set a member's status: its accept/reject is MemberNotFound and changes nothing", async () => {
    const world = makeWorld();
    const image = await sharedImage(world);
    const before = await eventTypes(world, adminOf(A));
    const accept = await errOf(world.sharing.acceptImage(adminOf(A), { imageId: image.id }), "MemberNotFound");
    expect(accept).toMatchObject({ imageId: image.id, consumerAccountId: A });
    await errOf(world.sharing.rejectImage(adminOf(A), { imageId: image.id }), "MemberNotFound");
    const [member] = await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }));
    expect(member?.status).toBe("pending");
    expect(await eventTypes(world, adminOf(A))).toEqual(before);
  });

  it("R5: the producer's API has no status input: extra fields on share are ignored, the member is pending", async () => {
    const world = makeWorld();
    const image = await sharedImage(world, "100003");
    await okOf(world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: "100003" }));
    const input = { imageId: image.id, consumerAccountId: B, status: "accepted" };
    const member = await okOf(world.sharing.shareImage(adminOf(A), input));
    expect(member.status).toBe("pending");
  });
});
