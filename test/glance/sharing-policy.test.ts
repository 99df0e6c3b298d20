// The facade's own extension for R17: /v2/x-sharing-policy, the caller's account's policy.

import { describe, expect, it } from "vitest";
import { ACCOUNTS, errorOf, imagePath, makeWorld } from "./harness.js";

const POLICY = "/v2/x-sharing-policy";

describe("/v2/x-sharing-policy (R17)", () => {
  it("GET answers the account's policy; empty lists and updated_at null before any is set", async () => {
    const world = makeWorld();
    const shown = await world.call("carol", "GET", POLICY);
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      account_id: ACCOUNTS.consumer,
      auto_accept_from: [],
      block_from: [],
      updated_at: null,
    });
  });

  it("PUT by an admin sets the lists; a trusted producer's share lands accepted, a blocked one's is 404 like an unknown account", async () => {
    const world = makeWorld();
    const set = await world.call("bob", "PUT", POLICY, { json: { auto_accept_from: [ACCOUNTS.producer] } });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ auto_accept_from: [ACCOUNTS.producer], block_from: [] });
    const id = await world.createImage("alice", "golden");
    const shared = await world.call("alice", "POST", `${imagePath(id)}/members`, {
      json: { member: ACCOUNTS.consumer },
    });
    expect(shared.json).toMatchObject({ status: "accepted" });

    await world.call("dave", "PUT", POLICY, { json: { block_from: [ACCOUNTS.producer] } });
    const blocked = await world.call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.other } });
    const unknown = await world.call("alice", "POST", `${imagePath(id)}/members`, { json: { member: "999999" } });
    expect(blocked.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(errorOf(blocked).type).toBe(errorOf(unknown).type);
  });

  it("refuses what the rules refuse: an observer (403), both lists naming one account or the account itself (400), bad bodies (400), nothing stored", async () => {
    const world = makeWorld();
    expect((await world.call("carol", "PUT", POLICY, { json: { block_from: [ACCOUNTS.producer] } })).status).toBe(403);
    expect(
      (
        await world.call("bob", "PUT", POLICY, {
          json: { auto_accept_from: [ACCOUNTS.producer], block_from: [ACCOUNTS.producer] },
        })
      ).status,
    ).toBe(400);
    expect((await world.call("bob", "PUT", POLICY, { json: { block_from: [ACCOUNTS.consumer] } })).status).toBe(400);
    expect((await world.call("bob", "PUT", POLICY, { json: { block_from: "100001" } })).status).toBe(400);
    expect((await world.call("bob", "PUT", POLICY, { json: { trust: [] } })).status).toBe(400);
    expect((await world.call("bob", "PUT", POLICY, { json: { block_from: [42] } })).status).toBe(400);
    expect((await world.call("bob", "PUT", POLICY, { json: [ACCOUNTS.producer] })).status).toBe(400);
    const malformed = await world.call("bob", "PUT", POLICY, { body: "{not json", contentType: "application/json" });
    expect(malformed.status).toBe(400);
    expect((await world.call("bob", "PUT", POLICY, { body: "{}", contentType: "text/plain" })).status).toBe(415);
    expect((await world.call("bob", "GET", POLICY)).json).toMatchObject({
      auto_accept_from: [],
      block_from: [],
      updated_at: null,
    });
  });
});
