import { createImageSharing, createInMemoryStore, SharingErrors } from "cloud-image-sharing";
import { err } from "neverthrow";
import { describe, expect, it } from "vitest";
import { importCatalogInto } from "../../../src/adapters/memory/import.js";

// Bulk import into the in-memory store: every rule of the service kept, the events it documents
// written, all or nothing.

const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
const image = (id: string, owner: string, n: number, region = "IAD") => ({
  id,
  ownerAccountId: owner,
  name: `image ${id}`,
  region,
  sizeBytes: 10,
  createdAt: at(n),
  updatedAt: at(n),
});
const member = (imageId: string, consumer: string, status: "pending" | "accepted" | "rejected", n: number) => ({
  imageId,
  consumerAccountId: consumer,
  status,
  createdAt: at(n),
  updatedAt: at(n + 1),
});
const admin = (accountId: string) => ({ userId: `admin@${accountId}`, accountId, roles: ["admin"] });

describe("in-memory store: importCatalog", () => {
  it("imports accounts, images and members, which the service then serves as if it had made them", async () => {
    const store = createInMemoryStore();
    const imported = store.importCatalog(
      {
        accounts: [{ id: "100001" }, { id: "100002" }, { id: "100003" }],
        images: [image("img-1", "100001", 1), image("img-2", "100001", 2, "LON")],
        members: [
          member("img-1", "100002", "accepted", 3),
          member("img-1", "100003", "pending", 4),
          member("img-2", "100002", "rejected", 5),
        ],
      },
      { regions: ["IAD", "LON"] },
    );
    expect(imported._unsafeUnwrap()).toEqual({ accounts: 3, images: 2, members: 3, events: 2 + 3 + 2 });
    const sharing = createImageSharing({ store, regions: ["IAD", "LON"] });
    const listed = await sharing.listImages(admin("100002"));
    expect(listed._unsafeUnwrap().items.map((i) => i.id)).toEqual(["img-1"]);
    const pending = await sharing.listPendingShares(admin("100003"));
    expect(pending._unsafeUnwrap().items.map((s) => s.image.id)).toEqual(["img-1"]);
    expect((await sharing.getStorageUsage(admin("100001")))._unsafeUnwrap()).toMatchObject({
      imageCount: 2,
      bytes: 20,
    });
    const events = (await sharing.listEvents(admin("100002")))._unsafeUnwrap().items.map((e) => e.type);
    expect(events).toEqual(["ImageShared", "ShareAccepted", "ImageShared", "ShareRejected"]);
    // Imported members are real members: the consumer acts on them like on any other share.
    expect((await sharing.acceptImage(admin("100003"), { imageId: "img-1" }))._unsafeUnwrap().status).toBe("accepted");
  });

  it("R10/R11/R6/R5: a catalog that breaks a rule is refused whole, listing every problem, and nothing is written", async () => {
    const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
    const refused = store.importCatalog(
      {
        images: [image("img-1", "100001", 1), image("img-2", "100001", 2, "SYD")],
        members: [
          member("img-1", "100001", "pending", 3), // self-share
          member("img-1", "999999", "pending", 4), // unknown consumer
          member("img-1", "100002", "pending", 5),
          member("img-1", "100002", "accepted", 6), // twice
          member("img-9", "100002", "pending", 7), // no such image
        ],
      },
      { regions: ["IAD"], memberQuota: 1 },
    );
    const error = refused._unsafeUnwrapErr();
    expect(error.type).toBe("ValidationError");
    const paths = error.type === "ValidationError" ? error.issues.map((i) => i.path.join(".")) : [];
    expect(paths).toEqual([
      "images.1.region",
      "members.0.consumerAccountId",
      "members.1.consumerAccountId",
      "members.3.consumerAccountId",
      "members.4.imageId",
    ]);
    const sharing = createImageSharing({ store, regions: ["IAD"] });
    expect((await sharing.listImages(admin("100001")))._unsafeUnwrap().items).toEqual([]);
  });

  it("R11: members imported onto a stored image count its stored members toward the quota", async () => {
    const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }, { id: "100003" }] });
    store.importCatalog(
      { images: [image("img-1", "100001", 1)], members: [member("img-1", "100002", "pending", 2)] },
      { memberQuota: 1 },
    );
    const second = store.importCatalog({ members: [member("img-1", "100003", "pending", 3)] }, { memberQuota: 1 });
    expect(second._unsafeUnwrapErr().type).toBe("ValidationError");
    const third = store.importCatalog({ members: [member("img-1", "100003", "pending", 3)] }, { memberQuota: 2 });
    expect(third._unsafeUnwrap().members).toBe(1);
  });

  it("R5: a member already stored (imported or shared before) is refused, and members join a stored image at its new version", async () => {
    const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }, { id: "100003" }] });
    store
      .importCatalog({ images: [image("img-1", "100001", 1)], members: [member("img-1", "100002", "pending", 2)] })
      ._unsafeUnwrap();
    const again = store.importCatalog({ members: [member("img-1", "100002", "accepted", 3)] });
    expect(again._unsafeUnwrapErr().type).toBe("ValidationError");
    const before = store.readImageFacts({ imageId: "img-1", accountId: "100001" })._unsafeUnwrap().image?.version;
    store.importCatalog({ members: [member("img-1", "100003", "accepted", 4)] })._unsafeUnwrap();
    const after = store.readImageFacts({ imageId: "img-1", accountId: "100003" })._unsafeUnwrap();
    expect(after.member?.status).toBe("accepted");
    expect(after.image?.version).not.toBe(before);
  });

  it("R15: malformed catalogs and options are ValidationErrors, never throws", () => {
    const store = createInMemoryStore();
    expect(store.importCatalog({ images: [{ id: "" } as never] })._unsafeUnwrapErr().type).toBe("ValidationError");
    expect(store.importCatalog({}, { memberQuota: -1 })._unsafeUnwrapErr().type).toBe("ValidationError");
  });
});

describe("in-memory import: a failing write is returned, never thrown", () => {
  const catalog = {
    accounts: [{ id: "100001" }, { id: "100002" }],
    images: [image("img-1", "100001", 1)],
    members: [member("img-1", "100002", "accepted", 2)],
  };
  const rules = { regions: ["IAD"], memberQuota: 128 };
  const failure = { type: "StorageFailure", message: "down", reason: "unavailable", cause: "down" } as const;

  /** The in-memory store's own methods, one of them failing. */
  function target(failing: "addAccounts" | "commit" | "readImageFacts" | "members-commit") {
    const store = createInMemoryStore();
    let commits = 0;
    return {
      isKnownAccount: () => false,
      addAccounts: (accounts: readonly { readonly id: string }[]) =>
        failing === "addAccounts" ? err(SharingErrors.validation([])) : store.addAccounts(accounts),
      readImageFacts: (query: Parameters<typeof store.readImageFacts>[0]) =>
        failing === "readImageFacts" && query.withMembers !== true ? err(failure) : store.readImageFacts(query),
      commit: (commit: Parameters<typeof store.commit>[0]) => {
        commits += 1;
        return failing === "commit" || (failing === "members-commit" && commits > 1)
          ? err(failure)
          : store.commit(commit);
      },
    };
  }

  it("R15: each write step's failure comes back as the error it was", () => {
    expect(importCatalogInto(target("addAccounts"), catalog, rules, () => "e-1")._unsafeUnwrapErr().type).toBe(
      "ValidationError",
    );
    for (const failing of ["commit", "readImageFacts", "members-commit"] as const) {
      let n = 0;
      const result = importCatalogInto(target(failing), catalog, rules, () => `e-${++n}`);
      expect(result._unsafeUnwrapErr(), failing).toEqual(failure);
    }
  });

  it("R18: an imported expiring share keeps its expiresAt, on the member and its ImageShared event", async () => {
    const store = createInMemoryStore();
    const expiring = { ...member("img-1", "100002", "pending", 2), expiresAt: at(1000) };
    store
      .importCatalog({ accounts: catalog.accounts, images: catalog.images, members: [expiring] }, { regions: ["IAD"] })
      ._unsafeUnwrap();
    const sharing = createImageSharing({ store, regions: ["IAD"] });
    const events = (await sharing.listEvents(admin("100001")))._unsafeUnwrap().items;
    expect(events.find((e) => e.type === "ImageShared")).toMatchObject({ expiresAt: at(1000) });
    expect(store.readImageFacts({ imageId: "img-1", accountId: "100002" })._unsafeUnwrap().member?.expiresAt).toBe(
      at(1000),
    );
  });
});
