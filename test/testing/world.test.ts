import { createImageSharing, createInMemoryStore, type ImageSharing, type Principal } from "cloud-image-sharing";
import {
  invalidInputArbs,
  invalidPrincipalArb,
  type MethodName,
  materialiseWorld,
  validInputArbs,
  WORLD_EXPIRY_TIMES,
  type World,
  worldArb,
} from "cloud-image-sharing/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const METHODS = Object.keys(validInputArbs()) as MethodName[];
const admin: Principal = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };

/** Calls any method with an untyped input: the point is to feed it what its type forbids. */
function call(sharing: ImageSharing, method: MethodName, principal: unknown, input: unknown) {
  const untyped = sharing[method] as (
    principal: unknown,
    input: unknown,
  ) => PromiseLike<{ isErr(): boolean; isOk(): boolean; error?: { type: string; issues?: { path: unknown[] }[] } }>;
  return untyped(principal, input);
}

describe("the arbitraries drive the service", () => {
  const sharing = createImageSharing({
    store: createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] }),
    regions: ["IAD", "DFW"],
  });

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
        const input = fc.sample(validInputArbs({ catalog: ["IAD"] })[method] as fc.Arbitrary<unknown>, {
          numRuns: 1,
          seed: 1,
        })[0];
        const result = await call(sharing, method, principal, input);
        return result.isErr() && result.error?.type === "ValidationError";
      }),
      { numRuns: 80 },
    );
  });

  // listEvents' `after` is any well-formed id to the schema; one that names no event of the
  // account is refused like a cursor the library did not issue (SPEC section 4).
  it("valid inputs never yield a ValidationError (but an `after` naming no event of the account)", async () => {
    const inputs = validInputArbs({
      catalog: ["IAD", "DFW"],
      accountIds: ["100001", "100002"],
      actingAccountId: admin.accountId,
    });
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...METHODS)
          .chain((method) => (inputs[method] as fc.Arbitrary<unknown>).map((input) => [method, input] as const)),
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

/** The admin of `accountId` in a materialised world. */
function adminIn(admins: ReadonlyMap<string, Principal>, accountId: string): Principal {
  const principal = admins.get(accountId);
  if (principal === undefined) throw new Error(`no admin for ${accountId}`);
  return principal;
}

describe("materialiseWorld", () => {
  it("R2, R3, R7: a materialised world lists own and accepted images, pending shares, and own storage only", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(), async (world) => {
        const { sharing, images, members, admins } = await materialiseWorld(world);
        expect(members.map((m) => m.status)).toEqual(world.members.map((m) => m.status));
        expect(members.map((m) => m.expiresAt)).toEqual(world.members.map((m) => m.expiresAt));
        for (const account of world.accounts) {
          const principal = adminIn(admins, account.id);
          const own = images.filter((i) => i.ownerAccountId === account.id).map((i) => i.id);
          const withStatus = (status: string) =>
            world.members.flatMap((m, n) =>
              m.consumerAccountId === account.id && m.status === status ? [members[n]?.imageId] : [],
            );
          const listed = (await sharing.listImages(principal, { limit: 1000 }))._unsafeUnwrap();
          expect(listed.items.map((i) => i.id).sort()).toEqual([...own, ...withStatus("accepted")].sort());
          const notifications = (await sharing.listPendingShares(principal, { limit: 1000 }))._unsafeUnwrap();
          expect(notifications.items.map((s) => s.image.id).sort()).toEqual([...withStatus("pending")].sort());
          const usage = (await sharing.getStorageUsage(principal))._unsafeUnwrap();
          const ownBytes = world.images
            .filter((i) => i.ownerAccountId === account.id)
            .reduce((sum, i) => sum + i.sizeBytes, 0);
          expect(usage).toMatchObject({ imageCount: own.length, bytes: ownBytes });
        }
      }),
      { numRuns: 30 },
    );
  });

  it("R17: a materialised world has the world's policies, and they did not change the shares made before them", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(), async (world) => {
        const { sharing, members, policies, admins } = await materialiseWorld(world);
        for (const [n, policy] of world.policies.entries()) {
          expect(policies[n]).toMatchObject({
            accountId: policy.accountId,
            autoAcceptFrom: policy.autoAcceptFrom,
            blockFrom: policy.blockFrom,
          });
          const stored = (await sharing.getSharingPolicy(adminIn(admins, policy.accountId)))._unsafeUnwrap();
          expect(stored).toEqual(policies[n]);
        }
        for (const [n, member] of world.members.entries()) {
          const own = (
            await sharing.listMembers(adminIn(admins, member.consumerAccountId), { imageId: members[n]?.imageId ?? "" })
          )._unsafeUnwrap();
          expect(own.map((m) => m.status)).toEqual([member.status]);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("R18: once the clock passes a share's expiresAt, it is gone from its consumer's lists; the producer still sees it, expired", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(), fc.constantFrom(...WORLD_EXPIRY_TIMES), async (world, expiry) => {
        const { sharing, members, admins, advanceClockTo } = await materialiseWorld(world);
        advanceClockTo(expiry);
        for (const [n, member] of world.members.entries()) {
          const expired = member.expiresAt !== undefined && member.expiresAt <= expiry;
          const imageId = members[n]?.imageId ?? "";
          const consumer = adminIn(admins, member.consumerAccountId);
          const listed = (await sharing.listImages(consumer, { limit: 1000 }))
            ._unsafeUnwrap()
            .items.some((i) => i.id === imageId);
          const pending = (await sharing.listPendingShares(consumer, { limit: 1000 }))
            ._unsafeUnwrap()
            .items.some((s) => s.image.id === imageId);
          expect(listed).toBe(member.status === "accepted" && !expired);
          expect(pending).toBe(member.status === "pending" && !expired);
          const owner = adminIn(admins, world.images[member.imageIndex]?.ownerAccountId ?? "");
          const seen = (await sharing.listMembers(owner, { imageId }))
            ._unsafeUnwrap()
            .find((m) => m.consumerAccountId === member.consumerAccountId);
          expect(seen?.expired === true).toBe(expired);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("a world's accounts, images, members and policies are consistent by construction", () =>
    fc.assert(
      fc.property(worldArb(), (world) => {
        const accountIds = new Set(world.accounts.map((a) => a.id));
        const keys = world.members.map((m) => `${m.imageIndex}/${m.consumerAccountId}`);
        return (
          accountIds.size === world.accounts.length &&
          world.images.every((i) => accountIds.has(i.ownerAccountId) && world.regions.includes(i.region)) &&
          world.members.every(
            (m) =>
              accountIds.has(m.consumerAccountId) && world.images[m.imageIndex]?.ownerAccountId !== m.consumerAccountId,
          ) &&
          world.members.every((m) => m.expiresAt === undefined || WORLD_EXPIRY_TIMES.includes(m.expiresAt)) &&
          new Set(keys).size === keys.length &&
          world.accounts.every((a) => a.principals.length >= 1 && a.principals.every((p) => p.accountId === a.id)) &&
          new Set(world.policies.map((p) => p.accountId)).size === world.policies.length &&
          world.policies.every((p) => {
            const named = [...p.autoAcceptFrom, ...p.blockFrom];
            return (
              accountIds.has(p.accountId) &&
              !named.includes(p.accountId) &&
              new Set(named).size === named.length &&
              named.every((id) => accountIds.has(id))
            );
          })
        );
      }),
    ));

  it("shrinks: a false property ('no account has a pending share') shrinks to 1 image with 1 pending member, in a small readable world", () => {
    const details = fc.check(
      fc.property(worldArb(), (world) => !world.members.some((m) => m.status === "pending")),
      { seed: 42 },
    );
    expect(details.failed).toBe(true);
    const [smallest] = details.counterexample ?? [];
    const minimal: World = {
      regions: ["IAD"],
      accounts: [
        {
          id: "100001",
          principals: [{ userId: "alice@100001", accountId: "100001", roles: ["cloudImages:observer"] }],
        },
        {
          id: "100002",
          principals: [{ userId: "alice@100002", accountId: "100002", roles: ["cloudImages:observer"] }],
        },
      ],
      images: [{ ownerAccountId: "100001", name: "golden", region: "IAD", sizeBytes: 0 }],
      members: [{ imageIndex: 0, consumerAccountId: "100002", status: "pending" }],
      policies: [],
    };
    expect(smallest).toEqual(minimal);
  });

  it("rejects, naming the step, when the service refuses one (here: an account missing from the given store)", async () => {
    const world: World = {
      regions: ["IAD"],
      accounts: [
        { id: "100001", principals: [] },
        { id: "100002", principals: [] },
      ],
      images: [{ ownerAccountId: "100001", name: "x", region: "IAD", sizeBytes: 0 }],
      members: [{ imageIndex: 0, consumerAccountId: "100002", status: "pending" }],
      policies: [],
    };
    await expect(
      materialiseWorld(world, { store: createInMemoryStore({ accounts: [{ id: "100001" }] }) }),
    ).rejects.toThrow(/shareImage failed/);
    await expect(
      materialiseWorld({ ...world, members: [{ imageIndex: 3, consumerAccountId: "100002", status: "pending" }] }),
    ).rejects.toThrow(RangeError);
  });

  it("advanceClockTo moves the clock forward only", async () => {
    const world: World = {
      regions: ["IAD"],
      accounts: [{ id: "100001", principals: [] }],
      images: [],
      members: [],
      policies: [],
    };
    const { now, advanceClockTo } = await materialiseWorld(world);
    expect(now()).toBe("2026-01-01T00:00:00.000Z");
    advanceClockTo("2026-01-02T00:00:00.000Z");
    expect(now()).toBe("2026-01-02T00:00:00.000Z");
    expect(() => advanceClockTo("2026-01-01T00:00:00.000Z")).toThrow(RangeError);
  });
});
