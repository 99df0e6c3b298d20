import { createImageSharing, createInMemoryStore, type ImageSharing, type Principal } from "cloud-image-sharing";
import { invalidInputArbs, invalidPrincipalArb, materialiseWorld, validInputArbs, worldArb } from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const METHODS = Object.keys(validInputArbs()) as (keyof ImageSharing)[];
const admin: Principal = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };

/** Calls any method with an untyped input: the point is to feed it what its type forbids. */
function call(sharing: ImageSharing, method: keyof ImageSharing, principal: unknown, input: unknown) {
  const untyped = sharing[method] as (
    principal: unknown,
    input: unknown,
  ) => PromiseLike<{ isErr(): boolean; isOk(): boolean; error?: { type: string; issues?: { path: unknown[] }[] } }>;
  return untyped(principal, input);
}

describe("the arbitraries drive the service", () => {
  const sharing = createImageSharing({ store: createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] }), regions: ["IAD", "DFW"] });

  for (const method of METHODS) {
    it(`R15: every invalid input of ${method} is a ValidationError`, async () => {
      await fc.assert(
        fc.asyncProperty(invalidInputArbs()[method], async (input) => {
          const result = await call(sharing, method, admin, input);
          return result.isErr() && result.error?.type === "ValidationError";
        }),
        { numRuns: 40 },
      );
    });
  }

  it("R15: an invalid principal is a ValidationError, whatever the method", async () => {
    await fc.assert(
      fc.asyncProperty(invalidPrincipalArb(), fc.constantFrom(...METHODS), async (principal, method) => {
        const input = fc.sample(validInputArbs({ catalog: ["IAD"] })[method] as fc.Arbitrary<unknown>, { numRuns: 1, seed: 1 })[0];
        const result = await call(sharing, method, principal, input);
        return result.isErr() && result.error?.type === "ValidationError";
      }),
      { numRuns: 80 },
    );
  });

  // listEvents' `after` is any well-formed id to the schema; one that names no event of the
  // account is refused like a cursor the library did not issue (SPEC section 4).
  it("valid inputs never yield a ValidationError (but an `after` naming no event of the account)", async () => {
    const inputs = validInputArbs({ catalog: ["IAD", "DFW"], accountIds: ["100001", "100002"] });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS).chain((method) => (inputs[method] as fc.Arbitrary<unknown>).map((input) => [method, input] as const)),
        async ([method, input]) => {
          const result = await call(sharing, method, admin, input);
          if (result.isOk() || result.error?.type !== "ValidationError") return true;
          return method === "listEvents" && JSON.stringify(result.error.issues?.map((i) => i.path)) === '[["after"]]';
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("materialiseWorld", () => {
  it("R2, R3, R7: a materialised world lists own and accepted images, pending shares, and own storage only", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(), async (world) => {
        const { sharing, images, members, admins } = await materialiseWorld(world);
        expect(members.map((m) => m.status)).toEqual(world.members.map((m) => m.status));
        for (const account of world.accounts) {
          const principal = admins.get(account.id);
          if (principal === undefined) throw new Error(`no admin for ${account.id}`);
          const own = images.filter((i) => i.ownerAccountId === account.id).map((i) => i.id);
          const accepted = world.members.flatMap((m, n) =>
            m.consumerAccountId === account.id && m.status === "accepted" ? [members[n]?.imageId] : [],
          );
          const pending = world.members.flatMap((m, n) =>
            m.consumerAccountId === account.id && m.status === "pending" ? [members[n]?.imageId] : [],
          );
          const listed = (await sharing.listImages(principal, { limit: 1000 }))._unsafeUnwrap();
          expect(listed.items.map((i) => i.id).sort()).toEqual([...own, ...accepted].sort());
          const notifications = (await sharing.listPendingShares(principal))._unsafeUnwrap();
          expect(notifications.map((s) => s.image.id).sort()).toEqual([...pending].sort());
          const usage = (await sharing.getStorageUsage(principal))._unsafeUnwrap();
          const ownBytes = world.images.filter((i) => i.ownerAccountId === account.id).reduce((sum, i) => sum + i.sizeBytes, 0);
          expect(usage).toMatchObject({ imageCount: own.length, bytes: ownBytes });
        }
      }),
      { numRuns: 30 },
    );
  });

  it("a world's accounts, images and members are consistent by construction", () =>
    fc.assert(
      fc.property(worldArb(), (world) => {
        const accountIds = new Set(world.accounts.map((a) => a.id));
        const keys = world.members.map((m) => `${m.imageIndex}/${m.consumerAccountId}`);
        return (
          accountIds.size === world.accounts.length &&
          world.images.every((i) => accountIds.has(i.ownerAccountId) && world.regions.includes(i.region)) &&
          world.members.every((m) => accountIds.has(m.consumerAccountId) && world.images[m.imageIndex]?.ownerAccountId !== m.consumerAccountId) &&
          new Set(keys).size === keys.length &&
          world.accounts.every((a) => a.principals.length >= 1 && a.principals.every((p) => p.accountId === a.id))
        );
      }),
    ));

  it("rejects, naming the step, when the service refuses one (here: an account missing from the given store)", async () => {
    const world = {
      regions: ["IAD"],
      accounts: [
        { id: "100001", principals: [] },
        { id: "100002", principals: [] },
      ],
      images: [{ ownerAccountId: "100001", name: "x", region: "IAD", sizeBytes: 0 }],
      members: [{ imageIndex: 0, consumerAccountId: "100002", status: "pending" as const }],
    };
    await expect(materialiseWorld(world, { store: createInMemoryStore({ accounts: [{ id: "100001" }] }) })).rejects.toThrow(/shareImage failed/);
    await expect(materialiseWorld({ ...world, members: [{ imageIndex: 3, consumerAccountId: "100002", status: "pending" }] })).rejects.toThrow(
      RangeError,
    );
  });
});
