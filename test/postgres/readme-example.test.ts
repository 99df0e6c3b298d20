import { createImageSharing } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { makeExampleStore } from "../../examples/stores.js";

// The README's PGlite walk-through, run as written: if this fails, the README is wrong.

describe("README: the Postgres store on PGlite", () => {
  it("R1–R7: share, accept, list, boot and read events through the SQL store", async () => {
    const { store, close } = await makeExampleStore("pglite");
    try {
      const sharing = createImageSharing({ store, regions: ["IAD", "DFW"] });
      const producer = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
      const consumer = { userId: "bob", accountId: "100002", roles: ["cloudImages:admin"] };

      const image = (
        await sharing.createImage(producer, { name: "web-base", region: "IAD", sizeBytes: 1024 })
      )._unsafeUnwrap();
      expect(
        (await sharing.shareImage(producer, { imageId: image.id, consumerAccountId: "100002" }))._unsafeUnwrap().status,
      ).toBe("pending");
      expect((await sharing.listImages(consumer, { region: "global" }))._unsafeUnwrap().items).toEqual([]);
      expect((await sharing.acceptImage(consumer, { imageId: image.id }))._unsafeUnwrap().status).toBe("accepted");
      const listed = (await sharing.listImages(consumer, { region: "IAD" }))._unsafeUnwrap().items;
      expect(listed.map((i) => [i.id, i.source])).toEqual([[image.id, "shared"]]);
      expect(
        (await sharing.authorizeBoot(consumer, { imageId: image.id, region: "DFW" }))._unsafeUnwrapErr().type,
      ).toBe("RegionMismatch");
      expect((await sharing.getStorageUsage(consumer))._unsafeUnwrap()).toMatchObject({ imageCount: 0, bytes: 0 });
      const events = (await sharing.listEvents(consumer))._unsafeUnwrap().items.map((e) => e.type);
      expect(events).toEqual(["ImageShared", "ShareAccepted"]);
    } finally {
      await close();
    }
  });
});
