// The member routes: Glance's shapes and codes, this library's sharing rules (R1–R12).

import { describe, expect, it } from "vitest";
import { ACCOUNTS, errorOf, type GlanceWorld, idsOf, imagePath, makeWorld, type UserName } from "./harness.js";

const membersOf = (id: string) => `${imagePath(id)}/members`;
const memberOf = (id: string, account: string) => `${imagePath(id)}/members/${encodeURIComponent(account)}`;

async function share(world: GlanceWorld, id: string, as: UserName = "alice", member: string = ACCOUNTS.consumer) {
  return world.call(as, "POST", membersOf(id), { json: { member } });
}

async function decide(
  world: GlanceWorld,
  id: string,
  status: string,
  as: UserName = "bob",
  member: string = ACCOUNTS.consumer,
) {
  return world.call(as, "PUT", memberOf(id, member), { json: { status } });
}

describe("POST /v2/images/{id}/members", () => {
  it("shares with 200 and Glance's member shape, pending (R2); a creator may share any image of the account (R1, R8)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    const result = await share(world, id, "amy");
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      image_id: id,
      member_id: ACCOUNTS.consumer,
      status: "pending",
      created_at: expect.any(String),
      updated_at: expect.any(String),
      schema: "/v2/schemas/member",
    });
  });

  it("a duplicate is 409 AlreadyShared carrying the current status, whatever it is (R5)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    await decide(world, id, "rejected");
    const again = await share(world, id);
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ type: "AlreadyShared", status: "rejected" });
  });

  it("the owner's own account is 409 SelfShare; an unknown account is 404 AccountNotFound (R10)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    expect(errorOf(await share(world, id, "alice", ACCOUNTS.producer))).toMatchObject({ code: 409, type: "SelfShare" });
    expect(errorOf(await share(world, id, "alice", "999999"))).toMatchObject({ code: 404, type: "AccountNotFound" });
    expect(errorOf(await share(world, id, "alice", "bad id"))).toMatchObject({ code: 400, type: "ValidationError" });
  });

  it("one member past the quota is 413 MemberQuotaExceeded (R11)", async () => {
    const world = makeWorld({ memberQuota: 1 });
    const id = await world.createImage("alice", "golden");
    expect((await share(world, id)).status).toBe(200);
    expect(errorOf(await share(world, id, "alice", ACCOUNTS.other))).toMatchObject({
      code: 413,
      type: "MemberQuotaExceeded",
      quota: 1,
    });
  });

  it("an observer is 403 (R8), a member account is 403 (not the owner), a stranger 404 (R9)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    expect(errorOf(await share(world, id, "olga", ACCOUNTS.other))).toMatchObject({ code: 403, reason: "role" });
    expect(errorOf(await share(world, id, "bob", ACCOUNTS.other))).toMatchObject({ code: 403, reason: "not-owner" });
    expect(errorOf(await share(world, id, "dave", ACCOUNTS.other))).toMatchObject({ code: 404, type: "ImageNotFound" });
  });

  it.each([
    ["no member", { json: {} }, 400],
    ["an empty member", { json: { member: "" } }, 400],
    ["a member that is not a string", { json: { member: 100002 } }, 400],
    ["an unknown field", { json: { member: "100002", can_share: true } }, 400],
    ["a list", { json: ["100002"] }, 400],
    ["malformed JSON", { body: '{"member":', contentType: "application/json" }, 400],
    ["no content type", { body: '{"member":"100002"}' }, 415],
    ["a body over 64 KiB", { json: { member: "100002", pad: "x".repeat(66_000) } }, 413],
  ] as const)("refuses %s and shares nothing", async (_what, options, status) => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    expect((await world.call("alice", "POST", membersOf(id), options)).status).toBe(status);
    expect((await world.call("alice", "GET", membersOf(id))).json).toEqual({
      members: [],
      schema: "/v2/schemas/members",
    });
  });
});

describe("expiring shares (R18): `expires_at`, an addition no Glance client sends", () => {
  it("a share with expires_at carries it; once the clock passes it the consumer loses the image and the producer sees expired: true", async () => {
    let now = Date.parse("2030-01-01T00:00:00.000Z");
    const world = makeWorld({ clock: () => new Date(now) });
    const id = await world.createImage("alice", "golden");
    const shared = await world.call("alice", "POST", membersOf(id), {
      json: { member: ACCOUNTS.consumer, expires_at: "2030-01-01T01:00:00.000Z" },
    });
    expect(shared.status).toBe(200);
    expect(shared.json).toMatchObject({ status: "pending", expires_at: "2030-01-01T01:00:00.000Z" });
    await decide(world, id, "accepted");
    expect(idsOf(await world.call("bob", "GET", "/v2/images"))).toEqual([id]);
    now += 2 * 3600_000;
    expect(idsOf(await world.call("bob", "GET", "/v2/images"))).toEqual([]);
    expect((await world.call("bob", "GET", imagePath(id))).status).toBe(404);
    expect((await world.call("alice", "GET", memberOf(id, ACCOUNTS.consumer))).json).toMatchObject({
      status: "accepted",
      expired: true,
    });
  });

  it("an expires_at in the past, malformed, or not a string is 400, and shares nothing", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    for (const expires_at of ["2001-01-01T00:00:00.000Z", "tomorrow", 42]) {
      const result = await world.call("alice", "POST", membersOf(id), {
        json: { member: ACCOUNTS.consumer, expires_at },
      });
      expect(result.status, String(expires_at)).toBe(400);
    }
    expect((await world.call("alice", "GET", membersOf(id))).json).toMatchObject({ members: [] });
  });
});

describe("GET /v2/images/{id}/members and /members/{member}", () => {
  it("the owner sees every member; a consumer only its own record (R12); a stranger 404", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    await share(world, id, "alice", ACCOUNTS.other);
    const owner = await world.call("olga", "GET", membersOf(id), { contentType: "application/octet-stream" });
    expect((owner.json as { members: { member_id: string }[] }).members.map((m) => m.member_id).sort()).toEqual([
      ACCOUNTS.consumer,
      ACCOUNTS.other,
    ]);
    const consumer = await world.call("carol", "GET", membersOf(id));
    expect((consumer.json as { members: { member_id: string }[] }).members.map((m) => m.member_id)).toEqual([
      ACCOUNTS.consumer,
    ]);
    expect(
      (await world.call("dave", "PUT", memberOf(id, ACCOUNTS.other), { json: { status: "accepted" } })).status,
    ).toBe(200);
    expect((await world.call("dave", "GET", membersOf(id))).status).toBe(200);
    expect((await world.call("dave", "GET", membersOf("no-such-image"))).status).toBe(404);
  });

  it("shows one member to those who may see it, 404 MemberNotFound to the others", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    await share(world, id, "alice", ACCOUNTS.other);
    expect((await world.call("alice", "GET", memberOf(id, ACCOUNTS.other))).json).toMatchObject({
      member_id: ACCOUNTS.other,
      status: "pending",
    });
    expect((await world.call("carol", "GET", memberOf(id, ACCOUNTS.consumer))).json).toMatchObject({
      member_id: ACCOUNTS.consumer,
    });
    expect(errorOf(await world.call("carol", "GET", memberOf(id, ACCOUNTS.other)))).toMatchObject({
      code: 404,
      type: "MemberNotFound",
    });
    expect(errorOf(await world.call("alice", "GET", memberOf(id, "999999")))).toMatchObject({
      code: 404,
      type: "MemberNotFound",
    });
  });
});

describe("PUT /v2/images/{id}/members/{member}", () => {
  it("the consumer accepts (200): the image joins the list of every user of its account (R1, R2)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    expect(idsOf(await world.call("carol", "GET", "/v2/images"))).toEqual([]);
    const accepted = await decide(world, id, "accepted");
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ image_id: id, member_id: ACCOUNTS.consumer, status: "accepted" });
    expect(idsOf(await world.call("carol", "GET", "/v2/images"))).toEqual([id]);
  });

  it("rejects a pending or an accepted share (R4); rejected -> accepted is 409 ReshareRequired until the producer re-shares (R5)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    await decide(world, id, "accepted");
    expect((await decide(world, id, "rejected")).json).toMatchObject({ status: "rejected" });
    expect(idsOf(await world.call("bob", "GET", "/v2/images"))).toEqual([]);
    expect(errorOf(await decide(world, id, "accepted"))).toMatchObject({ code: 409, type: "ReshareRequired" });
    expect((await decide(world, id, "rejected")).status).toBe(200);
    expect((await world.call("alice", "DELETE", memberOf(id, ACCOUNTS.consumer))).status).toBe(204);
    expect((await share(world, id)).json).toMatchObject({ status: "pending" });
    expect((await decide(world, id, "accepted")).json).toMatchObject({ status: "accepted" });
  });

  it("`pending` and values outside the state machine are 400, and change nothing", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    await decide(world, id, "accepted");
    for (const status of ["pending", "Accepted", "", 1, null]) {
      const result = await decide(world, id, status as string);
      expect(result.status, String(status)).toBe(400);
    }
    expect((await world.call("bob", "PUT", memberOf(id, ACCOUNTS.consumer), { json: {} })).status).toBe(400);
    expect(
      (await world.call("bob", "PUT", memberOf(id, ACCOUNTS.consumer), { json: { status: "accepted", extra: 1 } }))
        .status,
    ).toBe(400);
    expect((await world.call("bob", "GET", memberOf(id, ACCOUNTS.consumer))).json).toMatchObject({
      status: "accepted",
    });
  });

  it("the producer never sets a status (403, R5); a consumer naming another account is 404 (R12); an observer 403 (R8)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    await share(world, id, "alice", ACCOUNTS.other);
    expect(errorOf(await decide(world, id, "accepted", "alice"))).toMatchObject({
      code: 403,
      type: "Forbidden",
      reason: "not-member",
    });
    expect(errorOf(await decide(world, id, "accepted", "alice", ACCOUNTS.producer))).toMatchObject({
      code: 404,
      type: "MemberNotFound",
    });
    expect(errorOf(await decide(world, id, "accepted", "bob", ACCOUNTS.other))).toMatchObject({
      code: 404,
      type: "MemberNotFound",
    });
    expect(errorOf(await decide(world, id, "accepted", "carol"))).toMatchObject({ code: 403, reason: "role" });
    expect(errorOf(await decide(world, "no-such-image", "accepted", "bob", ACCOUNTS.other))).toMatchObject({
      code: 404,
      type: "ImageNotFound",
    });
    expect((await world.call("alice", "GET", memberOf(id, ACCOUNTS.other))).json).toMatchObject({ status: "pending" });
  });
});

describe("DELETE /v2/images/{id}/members/{member}", () => {
  it("removes with 204: the consumer loses the image at once (R7)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    await decide(world, id, "accepted");
    const removed = await world.call("alice", "DELETE", memberOf(id, ACCOUNTS.consumer), {
      contentType: "application/octet-stream",
    });
    expect(removed.status).toBe(204);
    expect((await world.call("bob", "GET", imagePath(id))).status).toBe(404);
    expect(idsOf(await world.call("bob", "GET", "/v2/images"))).toEqual([]);
    expect(errorOf(await world.call("alice", "DELETE", memberOf(id, ACCOUNTS.consumer)))).toMatchObject({
      code: 404,
      type: "MemberNotFound",
    });
  });

  it("a creator is 403 (unsharing needs admin, R8); the consumer itself is 403 (not the owner)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    await share(world, id);
    expect(errorOf(await world.call("amy", "DELETE", memberOf(id, ACCOUNTS.consumer)))).toMatchObject({
      code: 403,
      reason: "role",
    });
    expect(errorOf(await world.call("bob", "DELETE", memberOf(id, ACCOUNTS.consumer)))).toMatchObject({
      code: 403,
      reason: "not-owner",
    });
    expect((await world.call("alice", "GET", memberOf(id, ACCOUNTS.consumer))).status).toBe(200);
  });
});
