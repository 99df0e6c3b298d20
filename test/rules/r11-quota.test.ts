import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
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
  okOf,
  tickingClock,
  type World,
} from "./world.js";

const consumers = (n: number): string[] => Array.from({ length: n }, (_, i) => `acct-${String(i).padStart(4, "0")}`);

function worldWith(accounts: string[], memberQuota?: number): World {
  const store = createInMemoryStore({ accounts: accounts.map((id) => ({ id })) });
  const options = memberQuota === undefined ? {} : { memberQuota };
  return {
    store,
    sharing: createImageSharing({ store, regions: ["IAD"], clock: tickingClock(), newId: counterIds(), ...options }),
  };
}

describe("R11: member quota", () => {
  it("R11: the default quota is 128 members; the 129th share fails with MemberQuotaExceeded", async () => {
    const accounts = consumers(129);
    const world = worldWith(accounts);
    const image = await createImage(world);
    for (const consumer of accounts.slice(0, 128)) {
      await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: consumer }));
    }
    const error = await errOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: accounts[128] ?? "" }),
      "MemberQuotaExceeded",
    );
    expect(error).toMatchObject({ quota: 128 });
    expect(await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id }))).toHaveLength(128);
  });

  it("R11: members of any status count towards the quota", async () => {
    const world = makeWorld({ memberQuota: 2 });
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }));
    await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }));
    await okOf(world.sharing.acceptImage(adminOf(C), { imageId: image.id }));
    world.store.addAccounts([{ id: "100004" }])._unsafeUnwrap();
    expect(
      await errOf(
        world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: "100004" }),
        "MemberQuotaExceeded",
      ),
    ).toMatchObject({
      quota: 2,
    });
  });

  it("R11: removing a member frees its place", async () => {
    const world = makeWorld({ memberQuota: 1 });
    const image = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await errOf(
      world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }),
      "MemberQuotaExceeded",
    );
    await okOf(world.sharing.unshareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }));
  });

  it("R11: the quota is per image", async () => {
    const world = makeWorld({ memberQuota: 1 });
    const first = await createImage(world);
    const second = await createImage(world);
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: first.id, consumerAccountId: B }));
    await okOf(world.sharing.shareImage(adminOf(A), { imageId: second.id, consumerAccountId: B }));
  });

  it("R11: a quota of 0 means the image cannot be shared; Infinity means no limit", async () => {
    const none = makeWorld({ memberQuota: 0 });
    const image = await createImage(none);
    expect(
      await errOf(
        none.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }),
        "MemberQuotaExceeded",
      ),
    ).toMatchObject({
      quota: 0,
    });
    const accounts = consumers(200);
    const unlimited = worldWith(accounts, Number.POSITIVE_INFINITY);
    const wide = await createImage(unlimited);
    for (const consumer of accounts)
      await okOf(unlimited.sharing.shareImage(adminOf(A), { imageId: wide.id, consumerAccountId: consumer }));
    expect(await okOf(unlimited.sharing.listMembers(adminOf(A), { imageId: wide.id }))).toHaveLength(200);
  });
});
