// The Fastify example, driven in-process (Fastify's `inject`, no socket): each kind of refusal
// reaches the client as RFC 9457 problem details with the status the README's table gives.
//
//   npx vitest run examples/http-service.test.ts

import { createImageSharing, createInMemoryStore } from "cloud-image-sharing";
import { afterAll, describe, expect, it } from "vitest";
import { createHttpService } from "./http-service.js";

const alice = { "x-user-id": "alice", "x-account-id": "100001", "x-roles": "cloudImages:admin" };
const bob = { "x-user-id": "bob", "x-account-id": "100002", "x-roles": "admin" };
const carol = { "x-user-id": "carol", "x-account-id": "100002", "x-roles": "observer" };

const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
const app = createHttpService(createImageSharing({ store, regions: ["IAD", "DFW"] }));
afterAll(() => app.close());

describe("examples/http-service.ts", () => {
  it("walks the share story over HTTP, each refusal a problem+json with its status", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/images",
      headers: alice,
      payload: { name: "golden-web", region: "IAD" },
    });
    expect(created.statusCode).toBe(201);
    const imageId = created.json<{ id: string }>().id;

    const shared = await app.inject({
      method: "POST",
      url: `/images/${imageId}/members`,
      headers: alice,
      payload: { consumerAccountId: "100002" },
    });
    expect([shared.statusCode, shared.json<{ status: string }>().status]).toEqual([201, "pending"]);

    const again = await app.inject({
      method: "POST",
      url: `/images/${imageId}/members`,
      headers: alice,
      payload: { consumerAccountId: "100002" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(again.json()).toEqual({
      type: "urn:cloud-image-sharing:error:AlreadyShared",
      title: "Already shared",
      status: 409,
      detail: expect.stringContaining("already shared"),
      instance: `/images/${imageId}/members`,
      errorType: "AlreadyShared",
      imageId,
      consumerAccountId: "100002",
      memberStatus: "pending",
    });

    const pending = await app.inject({ method: "GET", url: "/pending-shares", headers: bob });
    expect(pending.json<{ items: unknown[] }>().items).toHaveLength(1);

    const byObserver = await app.inject({ method: "POST", url: `/images/${imageId}/accept`, headers: carol });
    expect([byObserver.statusCode, byObserver.json()]).toEqual([
      403,
      expect.objectContaining({ errorType: "Forbidden", reason: "role", requiredRole: "cloudImages:admin" }),
    ]);

    const accepted = await app.inject({ method: "POST", url: `/images/${imageId}/accept`, headers: bob });
    expect(accepted.statusCode).toBe(200);

    const wrongRegion = await app.inject({
      method: "POST",
      url: `/images/${imageId}/boot`,
      headers: bob,
      payload: { region: "DFW" },
    });
    expect([wrongRegion.statusCode, wrongRegion.json()]).toEqual([
      422,
      expect.objectContaining({ errorType: "RegionMismatch", imageRegion: "IAD", requestedRegion: "DFW" }),
    ]);

    const unshared = await app.inject({ method: "DELETE", url: `/images/${imageId}/members/100002`, headers: alice });
    expect(unshared.statusCode).toBe(204);

    const gone = await app.inject({ method: "GET", url: `/images/${imageId}`, headers: bob });
    expect([gone.statusCode, gone.json()]).toEqual([
      404,
      expect.objectContaining({ errorType: "ImageNotFound", imageId }),
    ]);
  });

  it("answers bad input with 400 and every issue, a missing body included", async () => {
    const noBody = await app.inject({ method: "POST", url: "/images", headers: alice });
    expect(noBody.statusCode).toBe(400);
    const badRegion = await app.inject({
      method: "POST",
      url: "/images",
      headers: alice,
      payload: { name: "x", region: "iad" },
    });
    expect([badRegion.statusCode, badRegion.json()]).toEqual([
      400,
      expect.objectContaining({
        errorType: "ValidationError",
        issues: [expect.objectContaining({ path: ["region"] })],
      }),
    ]);
    const anonymous = await app.inject({ method: "GET", url: "/pending-shares" });
    expect([anonymous.statusCode, anonymous.json<{ issues: { path: unknown[] }[] }>().issues[0]?.path[0]]).toEqual([
      400,
      "principal",
    ]);
  });

  it("answers a failing store with 503 and Retry-After, and tells the client nothing of the cause", async () => {
    // Every store method throws what a database driver might: the library turns it into a StorageFailure.
    const failing = new Proxy(store, {
      get: (target, key, receiver) =>
        typeof Reflect.get(target, key, receiver) === "function"
          ? () => {
              throw new Error("password authentication failed for user billing at db-7.internal");
            }
          : Reflect.get(target, key, receiver),
    });
    const down = createHttpService(createImageSharing({ store: failing }));
    try {
      const response = await down.inject({ method: "GET", url: "/images/img-1", headers: alice });
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("1");
      expect(response.json()).toEqual(expect.objectContaining({ errorType: "StorageFailure", reason: "unavailable" }));
      for (const secret of ["password", "billing", "db-7"]) expect(response.body).not.toContain(secret);
    } finally {
      await down.close();
    }
  });
});
