// Version discovery and the JSON schemas: what the glance client reads before every command.

import { describe, expect, it } from "vitest";
import { errorOf, makeWorld } from "./harness.js";

/**
 * Options the glance client defines itself on the commands it builds from the image schema
 * (image-create, image-create-via-import, image-update); a schema property of the same name
 * makes argparse refuse the duplicate and breaks the client (real Glance's `stores` does).
 */
const CLIENT_OPTION_NAMES = [
  "hidden",
  "property",
  "progress",
  "store",
  "stores",
  "import_method",
  "uri",
  "remote_region",
  "remote_image_id",
  "remote_service_interface",
  "all_stores",
  "allow_failure",
  "remove_property",
];

describe("version discovery", () => {
  it("GET /versions answers 200 with v2 versions linking to the endpoint's /v2/, without a token", async () => {
    const { call } = makeWorld();
    const result = await call(null, "GET", "/versions");
    expect(result.status).toBe(200);
    const { versions } = result.json as {
      versions: { id: string; status: string; links: { rel: string; href: string }[] }[];
    };
    expect(versions.map((v) => v.id)).toEqual(["v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"]);
    expect(versions.filter((v) => v.status === "CURRENT")).toHaveLength(1);
    expect(versions.every((v) => v.links[0]?.href === "http://glance.test/v2/")).toBe(true);
  });

  it("GET / answers 300 Multiple Choices with the same document, as Glance does", async () => {
    const { call } = makeWorld();
    const result = await call(null, "GET", "/");
    expect(result.status).toBe(300);
    expect((result.json as { versions: unknown[] }).versions).toHaveLength(6);
  });

  it("another method on a discovery path is 405 with Allow: GET", async () => {
    const { call } = makeWorld();
    const result = await call(null, "POST", "/versions", { json: {} });
    expect(result.status).toBe(405);
    expect(result.headers.get("allow")).toBe("GET");
    expect(errorOf(result).type).toBe("MethodNotAllowed");
  });
});

describe("GET /v2/schemas/*", () => {
  it.each(["image", "images", "member", "members"])(
    "%s answers 200 with a schema of that name (a token is needed)",
    async (name) => {
      const { call } = makeWorld();
      expect((await call(null, "GET", `/v2/schemas/${name}`)).status).toBe(401);
      const result = await call("carol", "GET", `/v2/schemas/${name}`);
      expect(result.status).toBe(200);
      expect((result.json as { name: string }).name).toBe(name);
    },
  );

  it("the image schema names no property like one of the glance client's own options (e.g. Glance's `stores`)", async () => {
    const { call } = makeWorld();
    const schema = (await call("carol", "GET", "/v2/schemas/image")).json as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    for (const name of CLIENT_OPTION_NAMES) expect(Object.keys(schema.properties)).not.toContain(name);
    expect(schema.additionalProperties).toEqual({ type: "string" });
  });

  it("the collections wrap their item schema, with Glance's links", async () => {
    const { call } = makeWorld();
    const images = (await call("carol", "GET", "/v2/schemas/images")).json as {
      properties: { images: { items: { name: string } } };
      links: unknown[];
    };
    expect(images.properties.images.items.name).toBe("image");
    expect(images.links).toHaveLength(3);
    const members = (await call("carol", "GET", "/v2/schemas/members")).json as {
      properties: { members: { items: { name: string } } };
    };
    expect(members.properties.members.items.name).toBe("member");
  });

  it("the member schema is closed and declares everything a member carries", async () => {
    const { call } = makeWorld();
    const schema = (await call("carol", "GET", "/v2/schemas/member")).json as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual([
      "created_at",
      "expired",
      "expires_at",
      "image_id",
      "member_id",
      "schema",
      "status",
      "updated_at",
    ]);
  });

  it("the metadefs schemas the client also asks for are 404 (not this service's business), and so is __proto__", async () => {
    const { call } = makeWorld();
    for (const path of [
      "/v2/schemas/metadefs/namespace",
      "/v2/schemas/metadefs/resource_type",
      "/v2/schemas/__proto__",
      "/v2/schemas/constructor",
    ]) {
      const result = await call("carol", "GET", path);
      expect(result.status, path).toBe(404);
      expect(errorOf(result).type).toBe("NotFound");
    }
  });
});
