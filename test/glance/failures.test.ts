// Authentication, unknown routes, the error body, the status table, store failures and
// start-up checks: every way a request can fail is an HTTP answer, never a throw or a leak.

import {
  createImageSharing,
  createInMemoryStore,
  ERROR_TYPES,
  httpStatusOf,
  type ImageSharingStore,
  type Principal,
  type SharingError,
} from "cloud-image-sharing";
import { createGlanceApi, glanceStatusOf } from "cloud-image-sharing/glance";
import { describe, expect, it } from "vitest";
import { httpErrorOf } from "../../src/glance/sharing-error-status.js";
import { ACCOUNTS, errorOf, imagePath, makeWorld, REGION, USERS } from "./harness.js";

const SECRET = "connect ECONNREFUSED 10.1.2.3:5432 user=billing password=hunter2";

describe("authentication", () => {
  it("no principal is 401 with WWW-Authenticate; a principal from an async authenticate works", async () => {
    const world = makeWorld({
      authenticate: async (request) => (request.headers.get("x-auth-token") === "bob" ? USERS.bob : null),
    });
    const denied = await world.call(null, "GET", "/v2/images");
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toContain("Keystone");
    expect(errorOf(denied).type).toBe("Unauthorized");
    expect((await world.call("bob", "GET", "/v2/images")).status).toBe(200);
  });

  it("an authenticate that throws, rejects, or returns no valid principal is 500 with no details", async () => {
    const failures = [
      () => {
        throw new Error(SECRET);
      },
      () => Promise.reject(new Error(SECRET)),
      () => ({ userId: "", accountId: SECRET, roles: "admin" }) as unknown as Principal,
    ];
    for (const authenticate of failures) {
      const world = makeWorld({ authenticate });
      const result = await world.call("bob", "GET", "/v2/images");
      expect(result.status).toBe(500);
      expect(errorOf(result).type).toBe("InternalError");
      expect(result.text).not.toContain("hunter2");
    }
  });

  it("a JavaScript host's authenticate returning undefined is 401", async () => {
    const world = makeWorld({ authenticate: () => undefined as unknown as null });
    expect((await world.call("bob", "GET", "/v2/images")).status).toBe(401);
  });

  it("authenticate never sees the body, and the route still reads it", async () => {
    const seen: (ReadableStream | null)[] = [];
    const world = makeWorld({
      authenticate: (request) => {
        seen.push(request.body);
        return USERS.alice;
      },
    });
    const created = await world.call("alice", "POST", "/v2/images", { json: { name: "golden" } });
    expect(created.status).toBe(201);
    expect(seen).toEqual([null]);
  });

  it("version discovery needs no token; every other path does, unknown ones included", async () => {
    const world = makeWorld();
    expect((await world.call(null, "GET", "/versions")).status).toBe(200);
    expect((await world.call(null, "GET", "/v2/nothing-here")).status).toBe(401);
    expect((await world.call(null, "GET", "/v2/images/x/file")).status).toBe(401);
  });
});

describe("routes that do not exist, methods that do not apply, features not provided", () => {
  it("404 for an unknown path, 405 with Allow for a known path's other methods", async () => {
    const world = makeWorld();
    const unknown = await world.call("alice", "GET", "/v2/flavors");
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).type).toBe("NotFound");
    expect((await world.call("alice", "GET", "/v2/images/")).status).toBe(404);
    const wrong = await world.call("alice", "PUT", "/v2/images", { json: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect((await world.call("alice", "HEAD", "/v2/images")).status).toBe(405);
  });

  it.each([
    ["GET", "file"],
    ["PUT", "file"],
    ["PUT", "stage"],
    ["POST", "import"],
    ["GET", "locations"],
    ["PUT", "tags/linux"],
    ["POST", "actions/deactivate"],
  ])("%s /v2/images/{id}/%s is 501 Not Implemented", async (method, tail) => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    const result = await world.call(
      "alice",
      method,
      `${imagePath(id)}/${tail}`,
      method === "GET" ? {} : { body: "data", contentType: "application/octet-stream" },
    );
    expect(result.status).toBe(501);
    expect(errorOf(result).type).toBe("NotImplemented");
  });
});

describe("the error body", () => {
  it("has exactly one top-level key whose value is an object with a message (what python-glanceclient parses)", async () => {
    const world = makeWorld();
    const id = await world.createImage("alice", "golden");
    const failures = await Promise.all([
      world.call(null, "GET", "/v2/images"),
      world.call("alice", "GET", "/nowhere"),
      world.call("alice", "DELETE", "/v2/images"),
      world.call("alice", "POST", "/v2/images", { body: "{}", contentType: "text/plain" }),
      world.call("alice", "POST", "/v2/images", { body: "{", contentType: "application/json" }),
      world.call("alice", "POST", `${imagePath(id)}/members`, { json: { member: ACCOUNTS.producer } }),
      world.call("dave", "GET", imagePath(id)),
    ]);
    for (const failure of failures) {
      const body = failure.json as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(["error"]);
      expect(errorOf(failure)).toMatchObject({
        code: failure.status,
        message: expect.any(String),
        type: expect.any(String),
        title: expect.any(String),
      });
    }
  });
});

describe("the status table", () => {
  it("answers httpStatusOf's status except Glance's own codes: quota 413, self-share 409, the endpoint's unknown region 500", () => {
    const example = (type: (typeof ERROR_TYPES)[number]) =>
      ({ type, message: type, imageId: "i", reason: "unavailable" }) as unknown as SharingError;
    const overridden: Record<string, number> = { MemberQuotaExceeded: 413, SelfShare: 409, UnknownRegion: 500 };
    for (const type of ERROR_TYPES)
      expect(glanceStatusOf(example(type)), type).toBe(overridden[type] ?? httpStatusOf(example(type)));
    expect(glanceStatusOf(example("ConcurrentModification"))).toBe(503);
  });

  it("never shows a StorageFailure's cause or its message derived from it; says when a write's outcome is unknown", () => {
    const failures = [
      { type: "StorageFailure", message: `storage failed: ${SECRET}`, reason: "unavailable", cause: new Error(SECRET) },
      {
        type: "StorageFailure",
        message: `storage failed: ${SECRET}`,
        reason: "timeout",
        outcomeUnknown: true,
        cause: new Error(SECRET),
      },
      { type: "StorageFailure", message: `storage failed: ${SECRET}`, reason: "timeout", cause: SECRET },
    ] as unknown as SharingError[];
    const messages = failures.map((failure, index) => {
      const http = httpErrorOf(failure);
      expect(http.status).toBe(index === 0 ? 503 : 504);
      expect(JSON.stringify(http)).not.toContain("hunter2");
      return http.message;
    });
    expect(messages[1]).toContain("may or may not");
    expect(new Set(messages).size).toBe(3);
  });

  it("an UnknownRegion (the endpoint's region outside the catalog) is the host's misconfiguration: 500", () => {
    const http = httpErrorOf({
      type: "UnknownRegion",
      message: "region XYZ is not in this service's catalog",
      region: "XYZ",
    } as SharingError);
    expect(http.status).toBe(500);
  });

  it("a store that fails answers 503 StorageFailure, with nothing of the failure inside", async () => {
    const healthy = createInMemoryStore({ accounts: Object.values(ACCOUNTS).map((id) => ({ id })) });
    let failing = false;
    const store = new Proxy(healthy, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (failing) throw new Error(SECRET);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as ImageSharingStore;
    const world = makeWorld({ store });
    const id = await world.createImage("alice", "golden");
    failing = true;
    for (const [method, path, json] of [
      ["GET", "/v2/images", undefined],
      ["GET", imagePath(id), undefined],
      ["POST", `${imagePath(id)}/members`, { member: ACCOUNTS.consumer }],
    ] as const) {
      const result = await world.call("alice", method, path, json === undefined ? {} : { json });
      expect(result.status, path).toBe(503);
      expect(errorOf(result).type).toBe("StorageFailure");
      expect(result.text).not.toContain("hunter2");
      expect(result.text).not.toContain("10.1.2.3");
    }
  });
});

describe("createGlanceApi's start-up check", () => {
  it("throws a ConfigurationError listing every problem", () => {
    const attempt = () => createGlanceApi({ sharing: {} as never, region: "iad", authenticate: "token" as never });
    expect(attempt).toThrow(expect.objectContaining({ name: "ConfigurationError" }));
    try {
      attempt();
    } catch (error) {
      const paths = (error as { issues: { path: string[] }[] }).issues.map((issue) => issue.path.join("."));
      expect(paths).toContain("sharing.listImages");
      expect(paths).toContain("region");
      expect(paths).toContain("authenticate");
    }
    expect(() => createGlanceApi(null as never)).toThrow(expect.objectContaining({ name: "ConfigurationError" }));
    expect(() => createGlanceApi({ region: "IAD", authenticate: () => null } as never)).toThrow(
      /sharing: an ImageSharing/,
    );
  });

  it("accepts a service, a region code and a function", () => {
    const sharing = createImageSharing({ regions: [REGION] });
    const api = createGlanceApi({ sharing, region: REGION, authenticate: () => null });
    expect(typeof api.fetch).toBe("function");
    expect(typeof api.listener).toBe("function");
  });
});
