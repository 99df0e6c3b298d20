import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharingStore,
  isSharingError,
  SharingErrors,
  STORE_METHODS,
} from "cloud-image-sharing";
import { errAsync, ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { bound } from "../rules/stores.js";
import { A, adminOf, B, counterIds, errOf, observerOf, okOf, tickingClock } from "../rules/world.js";

const METHODS = STORE_METHODS;

type Misbehaviour = "returns StorageFailure" | "throws" | "rejects";

/** A store over `base` whose `method` misbehaves the given way. */
function breaking(base: ImageSharingStore, method: (typeof METHODS)[number], how: Misbehaviour): ImageSharingStore {
  const cause = new Error(`${method} broke`);
  const broken = {
    // What the port asks for: an error value.
    "returns StorageFailure": () => errAsync(SharingErrors.storageFailure(cause)),
    // What it forbids, and the service must survive anyway.
    throws: () => {
      throw cause;
    },
    rejects: () => new ResultAsync(Promise.reject(cause)),
  }[how];
  return { ...bound(base), [method]: broken } as ImageSharingStore;
}

/** A world with an image of A shared with B, then every method called once. */
async function exerciseEverything(store: ImageSharingStore, base: ImageSharingStore) {
  const setup = createImageSharing({
    store: base,
    regions: ["IAD"],
    clock: tickingClock(),
    newId: counterIds("setup"),
  });
  const image = await okOf(setup.createImage(adminOf(A), { name: "x", region: "IAD" }));
  await okOf(setup.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
  const sharing = createImageSharing({ store, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
  const imageId = image.id;
  // One after the other, in an order where each call would succeed on a healthy store.
  const calls = [
    () => sharing.getImage(observerOf(B), { imageId }),
    () => sharing.listImages(observerOf(A)),
    () => sharing.listMembers(observerOf(A), { imageId }),
    () => sharing.listPendingShares(observerOf(B)),
    () => sharing.authorizeBoot(observerOf(A), { imageId, region: "IAD" }),
    () => sharing.getStorageUsage(observerOf(A)),
    () => sharing.listEvents(observerOf(A)),
    () => sharing.getSharingPolicy(observerOf(B)),
    () => sharing.setSharingPolicy(adminOf(B), { blockFrom: ["100009"] }),
    () => sharing.createImage(adminOf(A), { name: "y", region: "IAD" }),
    () => sharing.updateImage(adminOf(A), { imageId, name: "z" }),
    () => sharing.shareImage(adminOf(A), { imageId, consumerAccountId: "100003" }),
    () => sharing.acceptImage(adminOf(B), { imageId }),
    () => sharing.unshareImage(adminOf(A), { imageId, consumerAccountId: B }),
    () => sharing.deleteImage(adminOf(A), { imageId }),
  ];
  const results = [];
  for (const call of calls) results.push(await call());
  return results;
}

describe("R15: a misbehaving store becomes StorageFailure, never a throw", () => {
  for (const method of METHODS) {
    for (const how of ["returns StorageFailure", "throws", "rejects"] as const) {
      it(`R15: a store whose ${method} ${how} yields StorageFailure carrying the cause`, async () => {
        const base = createInMemoryStore({ accounts: [{ id: B }, { id: "100003" }] });
        const results = await exerciseEverything(breaking(base, method, how), base);
        const failures = results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr());
        // Every call that touched the broken method failed with StorageFailure; no call threw.
        expect(failures.length).toBeGreaterThan(0);
        for (const failure of failures) {
          expect(isSharingError(failure)).toBe(true);
          expect(failure).toMatchObject({
            type: "StorageFailure",
            reason: "unavailable",
            message: `storage failed: ${method} broke`,
          });
          expect((failure as { cause: Error }).cause.message).toBe(`${method} broke`);
        }
      });
    }
  }

  it("R15: a thrown value that cannot even be printed still becomes StorageFailure", async () => {
    const base = createInMemoryStore();
    const hostile = {
      toString() {
        throw new Error("no");
      },
    };
    const store = {
      ...bound(base),
      getStorageUsage: () => {
        throw hostile;
      },
    } as ImageSharingStore;
    const sharing = createImageSharing({ store });
    const failure = await errOf(sharing.getStorageUsage(observerOf(A)), "StorageFailure");
    expect(failure.message).toBe("storage failed: an unprintable value was thrown");
    expect((failure as { cause: unknown }).cause).toBe(hostile);
  });
});

describe("R15: a misbehaving clock or id generator becomes StorageFailure, never a throw", () => {
  const cases: Record<string, { clock?: () => Date; newId?: () => string }> = {
    "a clock that throws": {
      clock: () => {
        throw new Error("no time");
      },
    },
    "a clock returning an invalid Date": { clock: () => new Date(Number.NaN) },
    "a clock returning a string": { clock: () => "2026-01-01" as unknown as Date },
    "an id generator that throws": {
      newId: () => {
        throw new Error("no ids");
      },
    },
    "an id generator returning an invalid id": { newId: () => "has space" },
    "an id generator returning a number": { newId: () => 7 as unknown as string },
  };
  for (const [what, deps] of Object.entries(cases)) {
    it(`R15: ${what}`, async () => {
      const store = createInMemoryStore();
      const sharing = createImageSharing({ store, clock: tickingClock(), newId: counterIds(), ...deps });
      await errOf(sharing.createImage(adminOf(A), { name: "x", region: "IAD" }), "StorageFailure");
      // Nothing was stored by the failed call.
      expect((await store.getStorageUsage(A))._unsafeUnwrap()).toEqual({ imageCount: 0, bytes: 0 });
    });
  }

  it("R15: a clock that throws while a read answers synchronously (listImages, listPendingShares) is StorageFailure too", async () => {
    const store = createInMemoryStore();
    const sharing = createImageSharing({
      store,
      clock: () => {
        throw new Error("no time");
      },
    });
    for (const call of [sharing.listImages(observerOf(A)), sharing.listPendingShares(observerOf(A))]) {
      const result = await call;
      expect(result._unsafeUnwrapErr()).toMatchObject({
        type: "StorageFailure",
        reason: "unavailable",
        message: "storage failed: no time",
      });
    }
  });
});
