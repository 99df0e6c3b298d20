import type { SharingEvent } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import {
  A,
  adminOf,
  B,
  C,
  createImage,
  creatorOf,
  errOf,
  listedIds,
  makeWorld,
  observerOf,
  okOf,
  pendingOf,
  sharedImage,
  UNKNOWN_ACCOUNT,
  type World,
} from "./world.js";

// R17: the admins of a consumer account trust producers (their shares land accepted) or block
// them (their shares fail exactly as for an unknown account). Decisions where the spec is silent:
// - a policy list may name accounts the directory does not know (checking them would be an
//   existence oracle for the directory, and a host may block an account before it exists);
// - `setSharingPolicy` with nothing new records nothing (like the idempotent repeats of R14);
// - a policy decides shares made after it only: blocking does not hide or remove an existing share.

/** Every event concerning the account (one big page), oldest first. */
async function feedOf(world: World, accountId: string): Promise<SharingEvent[]> {
  return (await okOf(world.sharing.listEvents(observerOf(accountId), { limit: 1000 }))).items;
}

describe("R17: consumer sharing policy", () => {
  it("R17: getSharingPolicy (at least observer) answers { accountId, autoAcceptFrom, blockFrom, updatedAt }, empty and updatedAt null when never set", async () => {
    const world = makeWorld();
    expect(await okOf(world.sharing.getSharingPolicy(observerOf(B)))).toEqual({
      accountId: B,
      autoAcceptFrom: [],
      blockFrom: [],
      updatedAt: null,
    });
    const set = await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A], blockFrom: [C] }));
    expect(set).toEqual({ accountId: B, autoAcceptFrom: [A], blockFrom: [C], updatedAt: expect.any(String) });
    expect(await okOf(world.sharing.getSharingPolicy(observerOf(B)))).toEqual(set);
    // Each account has its own policy.
    expect((await okOf(world.sharing.getSharingPolicy(observerOf(C)))).updatedAt).toBeNull();
    expect(
      await errOf(world.sharing.getSharingPolicy({ userId: "u", accountId: B, roles: [] }), "Forbidden"),
    ).toMatchObject({
      reason: "role",
      requiredRole: "cloudImages:observer",
    });
  });

  it("R17: setting the policy needs at least cloudImages:admin in the consumer account", async () => {
    const world = makeWorld();
    for (const weak of [creatorOf(B), observerOf(B)]) {
      expect(await errOf(world.sharing.setSharingPolicy(weak, { blockFrom: [A] }), "Forbidden")).toMatchObject({
        reason: "role",
        requiredRole: "cloudImages:admin",
      });
    }
    expect((await okOf(world.sharing.getSharingPolicy(observerOf(B)))).blockFrom).toEqual([]);
    await okOf(
      world.sharing.setSharingPolicy(
        { userId: "owner", accountId: B, roles: ["identity:user-admin"] },
        { blockFrom: [A] },
      ),
    );
  });

  it("R17: each list holds at most 1,000 account ids", async () => {
    const world = makeWorld();
    const ids = Array.from({ length: 1000 }, (_, i) => `producer-${i}`);
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: ids }));
    expect((await okOf(world.sharing.getSharingPolicy(observerOf(B)))).blockFrom).toHaveLength(1000);
    for (const field of ["autoAcceptFrom", "blockFrom"] as const) {
      const error = await errOf(
        world.sharing.setSharingPolicy(adminOf(C), { [field]: [...ids, "one-more"] }),
        "ValidationError",
      );
      expect(error).toMatchObject({ issues: [{ path: [field] }] });
    }
    // Each entry is an id: a bad one is named by its index.
    const bad = await errOf(
      world.sharing.setSharingPolicy(adminOf(C), { autoAcceptFrom: ["ok", "not ok"] }),
      "ValidationError",
    );
    expect(bad).toMatchObject({ issues: [{ path: ["autoAcceptFrom", 1] }] });
  });

  it("R17: an omitted list means unchanged; a given list replaces the stored one", async () => {
    const world = makeWorld();
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A], blockFrom: [C] }));
    expect(await okOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [] }))).toMatchObject({
      autoAcceptFrom: [A],
      blockFrom: [],
    });
    expect(await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [C] }))).toMatchObject({
      autoAcceptFrom: [C],
      blockFrom: [],
    });
    expect(await okOf(world.sharing.setSharingPolicy(adminOf(B)))).toMatchObject({
      autoAcceptFrom: [C],
      blockFrom: [],
    });
  });

  it("R17: listing an account in both lists, or itself, is a ValidationError", async () => {
    const world = makeWorld();
    const both = await errOf(
      world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A, C], blockFrom: [C] }),
      "ValidationError",
    );
    expect(both).toMatchObject({ issues: [{ path: ["blockFrom", 0] }] });
    const self = await errOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [B] }), "ValidationError");
    expect(self).toMatchObject({ issues: [{ path: ["autoAcceptFrom", 0] }] });
    await errOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [A, B] }), "ValidationError");
    // Both in one list twice is a repeat, also refused.
    await errOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [A, A] }), "ValidationError");
    // Against the stored list too: trusting A, then blocking A without clearing the trust.
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A] }));
    await errOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [A] }), "ValidationError");
    // Nothing of the refused calls was stored or recorded.
    expect(await okOf(world.sharing.getSharingPolicy(observerOf(B)))).toMatchObject({
      autoAcceptFrom: [A],
      blockFrom: [],
    });
    expect((await feedOf(world, B)).map((e) => e.type)).toEqual(["SharingPolicyChanged"]);
  });

  it("R17: a list may name an account the directory does not know (no directory oracle)", async () => {
    const world = makeWorld();
    await okOf(
      world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [UNKNOWN_ACCOUNT], autoAcceptFrom: ["not-yet-created"] }),
    );
  });

  it("R17: auto-accept records ImageShared then ShareAccepted byPolicy with no acting user", async () => {
    const world = makeWorld();
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A] }));
    const image = await createImage(world);
    const member = await okOf(
      world.sharing.shareImage(adminOf(A, "alice"), { imageId: image.id, consumerAccountId: B }),
    );
    expect(member).toMatchObject({ imageId: image.id, consumerAccountId: B, status: "accepted" });
    expect(member.createdAt).toBe(member.updatedAt);
    // Accepted at once: listed for every user of B, no pending notification, bootable.
    expect(await listedIds(world, observerOf(B, "any-user"))).toEqual([image.id]);
    expect(await pendingOf(world, observerOf(B))).toEqual([]);
    await okOf(world.sharing.authorizeBoot(observerOf(B), { imageId: image.id, region: "IAD" }));
    const shareEvents = (await feedOf(world, A)).filter((e) => e.type !== "ImageCreated");
    expect(shareEvents.map(({ id: _id, occurredAt: _at, ...rest }) => rest)).toEqual([
      {
        type: "ImageShared",
        imageId: image.id,
        ownerAccountId: A,
        consumerAccountId: B,
        actorAccountId: A,
        actorUserId: "alice",
      },
      {
        type: "ShareAccepted",
        imageId: image.id,
        ownerAccountId: A,
        consumerAccountId: B,
        actorAccountId: B,
        byPolicy: true,
      },
    ]);
    // The consumer sees the same two events, without the producer's user (R14), and no acting user on the acceptance.
    const seenByB = (await feedOf(world, B)).filter((e) => e.type !== "SharingPolicyChanged");
    expect(seenByB.map((e) => e.type)).toEqual(["ImageShared", "ShareAccepted"]);
    for (const event of seenByB) expect(event).not.toHaveProperty("actorUserId");
    // It is an ordinary accepted share from then on: the consumer may still remove it (R4).
    expect(await okOf(world.sharing.rejectImage(adminOf(B), { imageId: image.id }))).toMatchObject({
      status: "rejected",
    });
  });

  it("R17: a blocked producer's every observable equals the unknown-account case — error details and its own event feed", async () => {
    // Two worlds identical but for one thing: in `blocked`, account X exists and blocks A; in
    // `unknown`, X is not in the directory at all.
    const X = "100004";
    const blocked = makeWorld({}, [A, B, C, X]);
    const unknown = makeWorld({}, [A, B, C]);
    await okOf(blocked.sharing.setSharingPolicy(adminOf(X), { blockFrom: [A] }));
    // Keep the id counters in step: the policy change drew one event id in `blocked`.
    await okOf(unknown.sharing.setSharingPolicy(adminOf(C), { blockFrom: ["somebody-else"] }));
    const observe = async (world: World) => {
      const image = await createImage(world);
      const result = await world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: X });
      const expiring = await world.sharing.shareImage(adminOf(A), {
        imageId: image.id,
        consumerAccountId: X,
        expiresAt: "2030-01-01T00:00:00.000Z",
      });
      return {
        error: result.isErr() ? result.error : result.value,
        expiring: expiring.isErr() ? expiring.error : expiring.value,
        members: await okOf(world.sharing.listMembers(adminOf(A), { imageId: image.id })),
        image: await okOf(world.sharing.getImage(adminOf(A), { imageId: image.id })),
        feed: await feedOf(world, A),
        usage: await okOf(world.sharing.getStorageUsage(observerOf(A))),
        listed: await listedIds(world, observerOf(A)),
      };
    };
    const whenBlocked = await observe(blocked);
    const whenUnknown = await observe(unknown);
    expect(whenBlocked.error).toEqual({ type: "AccountNotFound", message: `account ${X} not found`, accountId: X });
    expect(whenBlocked).toEqual(whenUnknown);
    // Nothing is stored and nothing notifies the blocking account.
    expect(await pendingOf(blocked, observerOf(X))).toEqual([]);
    expect((await feedOf(blocked, X)).map((e) => e.type)).toEqual(["SharingPolicyChanged"]);
  });

  it("R17: a blocked producer still gets the errors that come before AccountNotFound (section 5), as for an unknown account", async () => {
    const world = makeWorld();
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [A] }));
    const image = await createImage(world);
    await errOf(world.sharing.shareImage(observerOf(A), { imageId: image.id, consumerAccountId: B }), "Forbidden");
    await errOf(world.sharing.shareImage(adminOf(A), { imageId: "nope", consumerAccountId: B }), "ImageNotFound");
    await errOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: A }), "SelfShare");
  });

  it("R17: a policy is about the producers it names: other producers share as usual", async () => {
    const world = makeWorld();
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [C] }));
    const image = await createImage(world);
    expect(await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }))).toMatchObject(
      { status: "pending" },
    );
    // And the policy of B says nothing about shares to C.
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { blockFrom: [], autoAcceptFrom: [A] }));
    expect(await okOf(world.sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: C }))).toMatchObject(
      { status: "pending" },
    );
  });

  it("R17: not retroactive", async () => {
    const world = makeWorld();
    const pending = await sharedImage(world, B);
    const accepted = await sharedImage(world, B);
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: accepted.id }));
    // Trusting A later does not accept the pending share; blocking A later does not take the accepted one away.
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A] }));
    expect((await okOf(world.sharing.listMembers(adminOf(A), { imageId: pending.id })))[0]?.status).toBe("pending");
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [], blockFrom: [A] }));
    expect((await okOf(world.sharing.listMembers(adminOf(A), { imageId: accepted.id })))[0]?.status).toBe("accepted");
    expect(await listedIds(world, observerOf(B))).toEqual([accepted.id]);
    expect((await pendingOf(world, observerOf(B))).map((p) => p.image.id)).toEqual([pending.id]);
    // The existing members remain B's to decide on.
    await okOf(world.sharing.acceptImage(adminOf(B), { imageId: pending.id }));
    // A policy change records no member event at all.
    expect((await feedOf(world, A)).filter((e) => e.type === "SharingPolicyChanged")).toEqual([]);
  });

  it("R17: SharingPolicyChanged concerns that account only", async () => {
    const world = makeWorld();
    await okOf(world.sharing.setSharingPolicy(adminOf(B, "bob"), { autoAcceptFrom: [A], blockFrom: [C] }));
    const [event] = await feedOf(world, B);
    expect(event).toEqual({
      id: expect.any(String),
      type: "SharingPolicyChanged",
      occurredAt: expect.any(String),
      accountId: B,
      actorUserId: "bob",
    });
    // Named producers are not told they are trusted or blocked.
    expect(await feedOf(world, A)).toEqual([]);
    expect(await feedOf(world, C)).toEqual([]);
    // The stored policy's time is the event's.
    expect((await okOf(world.sharing.getSharingPolicy(observerOf(B)))).updatedAt).toBe(event?.occurredAt);
  });

  it("R17: setting the policy it already has records nothing", async () => {
    const world = makeWorld();
    await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A] }));
    const before = await okOf(world.sharing.getSharingPolicy(observerOf(B)));
    expect(await okOf(world.sharing.setSharingPolicy(adminOf(B), { autoAcceptFrom: [A] }))).toEqual(before);
    await okOf(world.sharing.setSharingPolicy(adminOf(B)));
    expect(await feedOf(world, B)).toHaveLength(1);
  });
});
