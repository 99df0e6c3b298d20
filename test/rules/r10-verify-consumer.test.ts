import { describe, expect, it } from "vitest";
import { A, adminOf, B, createImage, errOf, eventTypes, makeWorld, okOf, UNKNOWN_ACCOUNT } from "./world.js";

describe("R10: verify the consumer", () => {
  it("R10: sharing with an account the directory does not know fails with AccountNotFound", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const before = await eventTypes(world, adminOf(A));
    const error = await errOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: UNKNOWN_ACCOUNT }),
      "AccountNotFound",
    );
    expect(error).toMatchObject({ accountId: UNKNOWN_ACCOUNT });
    expect(await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }))).toEqual([]);
    expect(await eventTypes(world, adminOf(A))).toEqual(before);
  });

  it("R10: an account added to the directory later can be shared with", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    await errOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: UNKNOWN_ACCOUNT }),
      "AccountNotFound",
    );
    expect(world.store.addAccounts([{ id: UNKNOWN_ACCOUNT }]).isOk()).toBe(true);
    expect(world.store.addAccounts([{ id: UNKNOWN_ACCOUNT }]).isOk()).toBe(true);
    const member = await okOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: UNKNOWN_ACCOUNT }),
    );
    expect(member.consumerAccountId).toBe(UNKNOWN_ACCOUNT);
  });

  it("R10: sharing with the owner account itself fails with SelfShare", async () => {
    const world = makeWorld();
    const image = await createImage(world);
    const error = await errOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: A }),
      "SelfShare",
    );
    expect(error).toMatchObject({ imageId: image.id });
    expect(await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }))).toEqual([]);
  });

  it("R10: a directory that lists B lets A share with B", async () => {
    const world = makeWorld({}, [B]);
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
  });
});
