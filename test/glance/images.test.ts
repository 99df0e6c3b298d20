// POST /v2/images, GET/PATCH/DELETE /v2/images/{id}: Glance's shapes, this library's rules.

import { describe, expect, it } from "vitest";
import { ACCOUNTS, errorOf, imagePath, makeWorld, REGION } from "./harness.js";

const PATCH_V21 = "application/openstack-images-v2.1-json-patch";
const PATCH_V20 = "application/openstack-images-v2.0-json-patch";

describe("POST /v2/images", () => {
  it("creates the image in the endpoint's region for the caller's account: 201, Glance's shape, Location", async () => {
    const { call, sharing } = makeWorld();
    const result = await call("amy", "POST", "/v2/images", { json: { name: "golden-web" } });
    expect(result.status).toBe(201);
    const image = result.json as Record<string, unknown>;
    expect(image).toMatchObject({
      name: "golden-web",
      status: "active",
      visibility: "shared",
      owner: ACCOUNTS.producer,
      size: 0,
      region: REGION,
      source: "own",
    });
    expect(image.self).toBe(imagePath(String(image.id)));
    expect(image.file).toBe(`${imagePath(String(image.id))}/file`);
    expect(image.schema).toBe("/v2/schemas/image");
    expect(result.headers.get("location")).toBe(imagePath(String(image.id)));
    expect(result.headers.get("x-openstack-request-id")).toMatch(/^req-/);
    const stored = await sharing.getImage(
      { userId: "amy", accountId: ACCOUNTS.producer, roles: ["cloudImages:observer"] },
      { imageId: String(image.id) },
    );
    expect(stored.isOk() && stored.value.region).toBe(REGION);
  });

  it("accepts visibility 'shared' and the caller's own account as owner", async () => {
    const { call } = makeWorld();
    const result = await call("alice", "POST", "/v2/images", {
      json: { name: "x", visibility: "shared", owner: ACCOUNTS.producer },
    });
    expect(result.status).toBe(201);
  });

  it.each([
    ["no name", 400, {}, "ValidationError"],
    ["a null name", 400, { name: null }, "ValidationError"],
    ["an empty name", 400, { name: "" }, "ValidationError"],
    ["a name with a control character", 400, { name: "a\u0007b" }, "ValidationError"],
    ["a read-only id", 403, { name: "x", id: "1b1c2f86-0000-4000-8000-000000000000" }, "Forbidden"],
    ["a read-only status", 403, { name: "x", status: "active" }, "Forbidden"],
    ["a region (the endpoint's region decides)", 403, { name: "x", region: "DFW" }, "Forbidden"],
    ["a Glance attribute not modelled here", 400, { name: "x", disk_format: "qcow2" }, "ValidationError"],
    ["a custom property", 400, { name: "x", os_distro: "debian" }, "ValidationError"],
    ["another visibility", 400, { name: "x", visibility: "private" }, "ValidationError"],
    ["another account as owner", 403, { name: "x", owner: ACCOUNTS.consumer }, "Forbidden"],
    ["an array", 400, [{ name: "x" }], "ValidationError"],
  ])("refuses %s (%i), storing nothing", async (_what, status, body, type) => {
    const { call } = makeWorld();
    const result = await call("alice", "POST", "/v2/images", { json: body });
    expect(result.status).toBe(status);
    expect(errorOf(result).type).toBe(type);
    expect((await call("alice", "GET", "/v2/images")).json).toMatchObject({ images: [] });
  });

  it("refuses an observer (403, role) and a missing token (401)", async () => {
    const { call } = makeWorld();
    const observer = await call("olga", "POST", "/v2/images", { json: { name: "x" } });
    expect(observer.status).toBe(403);
    expect(errorOf(observer)).toMatchObject({
      type: "Forbidden",
      reason: "role",
      requiredRole: expect.stringContaining("creator"),
    });
    expect((await call(null, "POST", "/v2/images", { json: { name: "x" } })).status).toBe(401);
  });

  it("refuses bodies that are not JSON: 415 without or with another content type, 400 malformed, 413 over 64 KiB", async () => {
    const { call } = makeWorld();
    expect((await call("alice", "POST", "/v2/images", { body: '{"name":"x"}' })).status).toBe(415);
    expect(
      (await call("alice", "POST", "/v2/images", { body: '{"name":"x"}', contentType: "text/plain" })).status,
    ).toBe(415);
    expect(
      (await call("alice", "POST", "/v2/images", { body: '{"name":', contentType: "application/json" })).status,
    ).toBe(400);
    expect((await call("alice", "POST", "/v2/images", { body: "", contentType: "application/json" })).status).toBe(400);
    expect(
      (
        await call("alice", "POST", "/v2/images", {
          body: new Uint8Array([0x7b, 0xff, 0x7d]),
          contentType: "application/json",
        })
      ).status,
    ).toBe(400);
    const big = await call("alice", "POST", "/v2/images", { json: { name: "x", pad: "y".repeat(70_000) } });
    expect(big.status).toBe(413);
    expect(errorOf(big)).toMatchObject({ type: "PayloadTooLarge", limit: 65_536 });
    expect(
      (
        await call("alice", "POST", "/v2/images", {
          json: { name: "x" },
          contentType: "application/json; charset=utf-8",
        })
      ).status,
    ).toBe(201);
  });
});

describe("GET /v2/images/{id}", () => {
  it("shows the image to the owner, and to a member account whatever its status (R9)", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "golden");
    expect((await call("olga", "GET", imagePath(id))).json).toMatchObject({ id, name: "golden", source: "own" });
    expect((await call("carol", "GET", imagePath(id))).status).toBe(404);
    await call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.consumer } });
    expect((await call("carol", "GET", imagePath(id))).json).toMatchObject({
      id,
      source: "shared",
      owner: ACCOUNTS.producer,
    });
  });

  it("answers 404 alike for an unknown image and one the caller may not see (no existence oracle)", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "golden");
    const hidden = await call("dave", "GET", imagePath(id));
    const unknown = await call("dave", "GET", imagePath("no-such-image"));
    expect([hidden.status, unknown.status]).toEqual([404, 404]);
    expect(errorOf(hidden).type).toBe("ImageNotFound");
    expect(errorOf(unknown).type).toBe("ImageNotFound");
  });

  it("addresses ids with reserved characters percent-encoded, and answers 400 for a malformed escape", async () => {
    const { call, sharing } = makeWorld({});
    const created = await sharing.createImage(
      { userId: "alice", accountId: ACCOUNTS.producer, roles: ["admin"] },
      { name: "x", region: REGION },
    );
    const id = created._unsafeUnwrap().id;
    expect((await call("alice", "GET", imagePath(id))).status).toBe(200);
    expect((await call("alice", "GET", "/v2/images/%E0%A4%A")).status).toBe(400);
    expect((await call("alice", "GET", "/v2/images/a%2Fb")).status).toBe(404);
  });
});

describe("PATCH /v2/images/{id}", () => {
  it("renames the image with the v2.1 patch (op/path/value) and the v2.0 one (draft 4)", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "old");
    const v21 = await call("amy", "PATCH", imagePath(id), {
      json: [{ op: "replace", path: "/name", value: "new" }],
      contentType: PATCH_V21,
    });
    expect(v21.status).toBe(200);
    expect(v21.json).toMatchObject({ id, name: "new" });
    const v20 = await call("amy", "PATCH", imagePath(id), {
      json: [{ replace: "/name", value: "newer" }],
      contentType: PATCH_V20,
    });
    expect(v20.json).toMatchObject({ name: "newer" });
    const add = await call("amy", "PATCH", imagePath(id), {
      json: [{ op: "add", path: "/name", value: "newest" }],
      contentType: PATCH_V21,
    });
    expect(add.json).toMatchObject({ name: "newest" });
  });

  it("members see the rename at once (R7: no copy)", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "old");
    await call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.consumer } });
    await call("alice", "PATCH", imagePath(id), {
      json: [{ op: "replace", path: "/name", value: "new" }],
      contentType: PATCH_V21,
    });
    expect((await call("bob", "GET", imagePath(id))).json).toMatchObject({ name: "new" });
  });

  it("answers 415 with Accept-Patch for any other content type, JSON included", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "old");
    const result = await call("alice", "PATCH", imagePath(id), {
      json: [{ op: "replace", path: "/name", value: "new" }],
    });
    expect(result.status).toBe(415);
    expect(result.headers.get("accept-patch")).toContain(PATCH_V21);
    expect((await call("alice", "GET", imagePath(id))).json).toMatchObject({ name: "old" });
  });

  it.each([
    ["a body that is not an array", 400, { op: "replace", path: "/name", value: "x" }],
    ["an operation that is not an object", 400, ["replace"]],
    ["no op", 400, [{ path: "/name", value: "x" }]],
    ["an unknown op", 400, [{ op: "move", path: "/name", value: "x" }]],
    ["no path", 400, [{ op: "replace", value: "x" }]],
    ["no value", 400, [{ op: "replace", path: "/name" }]],
    ["a pointer without a leading slash", 400, [{ op: "replace", path: "name", value: "x" }]],
    ["a nested pointer", 400, [{ op: "replace", path: "/name/0", value: "x" }]],
    ["removing the name", 400, [{ op: "remove", path: "/name" }]],
    ["a name that is not a string", 400, [{ op: "replace", path: "/name", value: 42 }]],
    ["an empty name (the core's check)", 400, [{ op: "replace", path: "/name", value: "" }]],
    ["a read-only attribute", 403, [{ op: "replace", path: "/status", value: "killed" }]],
    ["the owner", 403, [{ op: "replace", path: "/owner", value: "100002" }]],
    ["an attribute not modelled here", 400, [{ op: "add", path: "/os_distro", value: "debian" }]],
    [
      "a good rename followed by a bad operation",
      403,
      [
        { op: "replace", path: "/name", value: "new" },
        { op: "remove", path: "/id" },
      ],
    ],
  ])("refuses %s (%i) and changes nothing", async (_what, status, patch) => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "old");
    const result = await call("alice", "PATCH", imagePath(id), { json: patch, contentType: PATCH_V21 });
    expect(result.status).toBe(status);
    expect((await call("alice", "GET", imagePath(id))).json).toMatchObject({ name: "old" });
  });

  it("a patch that changes nothing answers the image to its owner and 403 to a member account", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "old");
    await call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.consumer } });
    const noop = [{ op: "replace", path: "/visibility", value: "shared" }];
    expect((await call("alice", "PATCH", imagePath(id), { json: [], contentType: PATCH_V21 })).status).toBe(200);
    expect((await call("alice", "PATCH", imagePath(id), { json: noop, contentType: PATCH_V21 })).status).toBe(200);
    expect((await call("bob", "PATCH", imagePath(id), { json: [], contentType: PATCH_V21 })).status).toBe(403);
    expect((await call("dave", "PATCH", imagePath(id), { json: [], contentType: PATCH_V21 })).status).toBe(404);
  });

  it("refuses a member account (403, not the owner), an observer (403, role) and a stranger (404)", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "old");
    await call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.consumer } });
    const rename = { json: [{ op: "replace", path: "/name", value: "new" }], contentType: PATCH_V21 };
    expect(errorOf(await call("bob", "PATCH", imagePath(id), rename))).toMatchObject({
      code: 403,
      reason: "not-owner",
    });
    expect(errorOf(await call("olga", "PATCH", imagePath(id), rename))).toMatchObject({ code: 403, reason: "role" });
    expect(errorOf(await call("dave", "PATCH", imagePath(id), rename))).toMatchObject({
      code: 404,
      type: "ImageNotFound",
    });
  });
});

describe("DELETE /v2/images/{id}", () => {
  it("deletes with 204; members lose the image at once (R13)", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "golden");
    await call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.consumer } });
    await call("bob", "PUT", `${imagePath(id)}/members/${ACCOUNTS.consumer}`, { json: { status: "accepted" } });
    const deleted = await call("alice", "DELETE", imagePath(id), { contentType: "application/octet-stream" });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call("bob", "GET", imagePath(id))).status).toBe(404);
    expect((await call("alice", "GET", imagePath(id))).status).toBe(404);
    expect((await call("alice", "DELETE", imagePath(id))).status).toBe(404);
  });

  it("refuses a creator (403: deleting needs admin), a member account (403) and a stranger (404)", async () => {
    const { call, createImage } = makeWorld();
    const id = await createImage("alice", "golden");
    await call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.consumer } });
    expect(errorOf(await call("amy", "DELETE", imagePath(id)))).toMatchObject({
      code: 403,
      reason: "role",
      requiredRole: expect.stringContaining("admin"),
    });
    expect((await call("bob", "DELETE", imagePath(id))).status).toBe(403);
    expect((await call("dave", "DELETE", imagePath(id))).status).toBe(404);
    expect((await call("alice", "GET", imagePath(id))).status).toBe(200);
  });
});
