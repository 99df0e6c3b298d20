import { createImageSharing, createInMemoryStore, type ImageSharingStore } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { errOf, okOf } from "../support/results.js";

// A store that answers readImageFacts without what it was asked for (every member, the
// consumer's facts) would make a decision miss members or a blocking policy: the service reads
// such an answer as an invalid response, and changes nothing.

const admin = (accountId: string) => ({ userId: `admin@${accountId}`, accountId, roles: ["admin"] });

function leavingOut(field: "members" | "consumer"): {
  store: ImageSharingStore;
  inner: ReturnType<typeof createInMemoryStore>;
} {
  const inner = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
  const store: ImageSharingStore = {
    ...inner,
    readImageFacts: (query) =>
      inner.readImageFacts(query).map((facts) => {
        const { [field]: _left, ...rest } = facts;
        return rest;
      }),
  };
  return { store, inner };
}

describe("R15: readImageFacts answers that leave out what was asked for", () => {
  it("deleteImage and listMembers refuse an answer without the members (StorageFailure invalid-response), and delete nothing", async () => {
    const { store, inner } = leavingOut("members");
    const image = await okOf(
      createImageSharing({ store: inner, regions: ["IAD"] }).createImage(admin("100001"), {
        name: "golden",
        region: "IAD",
      }),
    );
    const sharing = createImageSharing({ store, regions: ["IAD"] });
    const deleted = await errOf(sharing.deleteImage(admin("100001"), { imageId: image.id }), "StorageFailure");
    expect(deleted).toMatchObject({ reason: "invalid-response" });
    await errOf(sharing.listMembers(admin("100001"), { imageId: image.id }), "StorageFailure");
    expect((await okOf(sharing.getImage(admin("100001"), { imageId: image.id }))).id).toBe(image.id);
  });

  it("shareImage and unshareImage refuse an answer without the consumer's facts, and share nothing", async () => {
    const { store, inner } = leavingOut("consumer");
    const image = await okOf(
      createImageSharing({ store: inner, regions: ["IAD"] }).createImage(admin("100001"), {
        name: "golden",
        region: "IAD",
      }),
    );
    const sharing = createImageSharing({ store, regions: ["IAD"] });
    const shared = await errOf(
      sharing.shareImage(admin("100001"), { imageId: image.id, consumerAccountId: "100002" }),
      "StorageFailure",
    );
    expect(shared).toMatchObject({ reason: "invalid-response" });
    await errOf(
      sharing.unshareImage(admin("100001"), { imageId: image.id, consumerAccountId: "100002" }),
      "StorageFailure",
    );
    const facts = inner.readImageFacts({ imageId: image.id, accountId: "100001", withMembers: true });
    expect(facts._unsafeUnwrap().members).toEqual([]);
  });
});
