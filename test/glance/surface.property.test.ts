// The facade's whole surface, fuzzed: arbitrary methods, paths, queries, headers and bodies,
// mixed with well-formed Glance requests so that the rules are reached too. Properties:
// - never a 5xx, except 503 StorageFailure when the store fails;
// - a refused request (4xx) or a read changes nothing (state compared before and after);
// - every refusal is Glance's error body (`{ error: { code, message, type } }`).
// Runs: the global fast-check setting (test/setup/fast-check.ts; FC_NUM_RUNS, FC_SEED).

import { createInMemoryStore, type ImageSharingStore } from "cloud-image-sharing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, type GlanceWorld, makeWorld, OTHER_REGION, USERS } from "./harness.js";

/**
 * An image id: mostly `@image<n>@`, which names the seeded world's n-th image (see `toRequest`);
 * sometimes `id-<n>`, one of the ids the world hands out to images and events alike.
 */
const idArb = fc.oneof(
  { weight: 6, arbitrary: fc.nat(3).map((n) => `@image${n}@`) },
  { weight: 2, arbitrary: fc.integer({ min: 4, max: 6 }).map((n) => `@image${n}@`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }).map((n) => `id-${n}`) },
);
/** Mostly the consumer, the account the seeded images are shared with. */
const accountArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(ACCOUNTS.consumer) },
  { weight: 3, arbitrary: fc.constantFrom(ACCOUNTS.other, ACCOUNTS.producer, "999999", "") },
);
const junkArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("..", ".", "%", "%zz", "%2F", "__proto__", "constructor", "é", "a b"),
);

const segmentArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "v2",
      "images",
      "members",
      "schemas",
      "image",
      "member",
      "versions",
      "file",
      "tags",
      "metadefs",
      "",
    ),
  },
  { weight: 3, arbitrary: idArb },
  { weight: 2, arbitrary: accountArb },
  { weight: 1, arbitrary: junkArb.map((s) => (s.includes("%") ? s : encodeURIComponent(s))) },
);

/** Well-formed Glance paths, so that most requests reach a route. */
const routePathArb = fc.oneof(
  fc.constant("/v2/images"),
  idArb.map((id) => `/v2/images/${id}`),
  idArb.map((id) => `/v2/images/${id}/members`),
  fc.tuple(idArb, accountArb).map(([id, account]) => `/v2/images/${id}/members/${encodeURIComponent(account)}`),
  fc.constantFrom("/versions", "/", "/v2/schemas/image", "/v2/schemas/members"),
);
const pathArb = fc.oneof(
  { weight: 3, arbitrary: routePathArb },
  { weight: 1, arbitrary: fc.array(segmentArb, { maxLength: 6 }).map((s) => `/${s.join("/")}`) },
);

const queryArb = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          "limit",
          "marker",
          "sort_key",
          "sort_dir",
          "sort",
          "member_status",
          "visibility",
          "owner",
          "name",
          "tag",
          "os_hidden",
        ),
        fc.string({ maxLength: 6 }),
      ),
      fc.oneof(
        fc.constantFrom(
          "1",
          "0",
          "-1",
          "200",
          "abc",
          "name",
          "asc",
          "desc",
          "pending",
          "accepted",
          "all",
          "shared",
          "true",
          "id-3",
          "name:asc",
        ),
        junkArb,
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? "" : `?${new URLSearchParams(pairs).toString()}`));

const PATCH_V21 = "application/openstack-images-v2.1-json-patch";
const contentTypeArb = fc.option(
  fc.constantFrom(
    "application/json",
    PATCH_V21,
    "application/openstack-images-v2.0-json-patch",
    "application/octet-stream",
    "text/plain",
    "application/json; charset=utf-8",
    "x/y",
  ),
  { nil: undefined },
);

/** Bodies: the ones the routes take, near misses, arbitrary JSON and bytes, and an oversized one. */
const bodyArb = fc.oneof(
  { weight: 3, arbitrary: accountArb.map((member) => JSON.stringify({ member })) },
  {
    weight: 3,
    arbitrary: fc.constantFrom("accepted", "rejected", "pending", "maybe").map((status) => JSON.stringify({ status })),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }).map((name) => JSON.stringify({ name })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom("/name", "/status", "/owner", "name")
      .map((path) => JSON.stringify([{ op: "replace", path, value: "renamed" }])),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ member: ACCOUNTS.consumer, pad: "x".repeat(70_000) })) },
);

const tokenArb = fc.option(fc.constantFrom(...Object.keys(USERS), "", "nobody"), { nil: undefined, freq: 8 });
/** Mostly the two admins, who can change the most; every other user and token too. */
const userArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("alice", "bob") },
  { weight: 4, arbitrary: fc.constantFrom(...Object.keys(USERS)) },
  { weight: 1, arbitrary: tokenArb },
);
const methodArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") },
  { weight: 1, arbitrary: fc.constantFrom("HEAD", "OPTIONS", "PROPFIND", "get") },
);

type RequestSpec = {
  method: string;
  path: string;
  token: string | undefined;
  contentType: string | undefined;
  body: string | Uint8Array | undefined;
};

const json = (value: unknown) => JSON.stringify(value);

/** Requests of the routes' own shapes (right method, content type and body kind), with arbitrary ids and values. */
const wellFormedArb: fc.Arbitrary<RequestSpec> = fc.oneof(
  fc.record({ token: userArb, query: queryArb }).map(({ token, query }) => ({
    method: "GET",
    path: `/v2/images${query}`,
    token,
    contentType: "application/octet-stream",
    body: undefined,
  })),
  fc.record({ token: userArb, name: fc.string({ maxLength: 8 }) }).map(({ token, name }) => ({
    method: "POST",
    path: "/v2/images",
    token,
    contentType: "application/json",
    body: json({ name }),
  })),
  fc.record({ token: userArb, id: idArb, method: fc.constantFrom("GET", "DELETE") }).map(({ token, id, method }) => ({
    method,
    path: `/v2/images/${id}`,
    token,
    contentType: undefined,
    body: undefined,
  })),
  fc
    .record({
      token: userArb,
      id: idArb,
      path: fc.constantFrom("/name", "/visibility", "/status"),
      value: fc.oneof(fc.string({ maxLength: 6 }), fc.constant("shared")),
    })
    .map(({ token, id, path, value }) => ({
      method: "PATCH",
      path: `/v2/images/${id}`,
      token,
      contentType: PATCH_V21,
      body: json([{ op: "replace", path, value }]),
    })),
  fc.record({ token: userArb, id: idArb }).map(({ token, id }) => ({
    method: "GET",
    path: `/v2/images/${id}/members`,
    token,
    contentType: undefined,
    body: undefined,
  })),
  fc.record({ token: userArb, id: idArb, member: accountArb }).map(({ token, id, member }) => ({
    method: "POST",
    path: `/v2/images/${id}/members`,
    token,
    contentType: "application/json",
    body: json({ member }),
  })),
  fc
    .record({
      token: userArb,
      id: idArb,
      member: accountArb,
      status: fc.constantFrom("accepted", "rejected", "pending", "nope"),
    })
    .map(({ token, id, member, status }) => ({
      method: "PUT",
      path: `/v2/images/${id}/members/${encodeURIComponent(member)}`,
      token,
      contentType: "application/json",
      body: json({ status }),
    })),
  fc
    .record({ token: userArb, id: idArb, member: accountArb, method: fc.constantFrom("GET", "DELETE") })
    .map(({ token, id, member, method }) => ({
      method,
      path: `/v2/images/${id}/members/${encodeURIComponent(member)}`,
      token,
      contentType: undefined,
      body: undefined,
    })),
);

/** Anything at all: method, path, query, token, content type and body drawn independently. */
const arbitraryRequestArb: fc.Arbitrary<RequestSpec> = fc
  .record({
    method: methodArb,
    path: pathArb,
    query: queryArb,
    token: tokenArb,
    contentType: contentTypeArb,
    body: fc.option(bodyArb, { nil: undefined }),
  })
  .map(({ method, path, query, token, contentType, body }) => ({
    method,
    path: `${path}${query}`,
    token,
    contentType,
    body: method === "GET" || method === "HEAD" || method === "get" ? undefined : body,
  }));

const requestArb: fc.Arbitrary<RequestSpec> = fc.oneof(
  { weight: 4, arbitrary: wellFormedArb },
  { weight: 1, arbitrary: arbitraryRequestArb },
);

/** The request for a spec, its `@image<n>@` placeholders replaced by the world's image ids. */
function toRequest(spec: RequestSpec, world: SeededWorld): Request {
  const headers = new Headers();
  if (spec.token !== undefined) headers.set("x-auth-token", spec.token);
  if (spec.contentType !== undefined) headers.set("content-type", spec.contentType);
  const path = spec.path.replace(/@image(\d)@/g, (_, n: string) => world.imageIds[Number(n)] ?? "no-such-image");
  return new Request(`http://glance.test${path}`, {
    method: spec.method,
    headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
  });
}

/** A world and the ids of its seeded images. */
type SeededWorld = GlanceWorld & { readonly imageIds: readonly string[] };

/**
 * A world with ids `id-1`, `id-2`, ..., a member quota of 2, and images in every member state:
 * the producer's images shared pending, accepted and rejected with the consumer, an unshared
 * one, the bystander's own image, and one in the other region.
 */
async function seededWorld(store?: ImageSharingStore): Promise<SeededWorld> {
  let next = 0;
  const world = makeWorld({ newId: () => `id-${++next}`, memberQuota: 2, ...(store === undefined ? {} : { store }) });
  const imageIds: string[] = [];
  for (const name of ["pending", "accepted", "rejected", "unshared"])
    imageIds.push(await world.createImage("alice", name));
  imageIds.push(await world.createImage("dave", "dave-own"));
  imageIds.push(await world.createImage("alice", "elsewhere", OTHER_REGION));
  for (const [index, id] of imageIds.slice(0, 3).entries()) {
    await world.sharing.shareImage(USERS.alice, { imageId: id, consumerAccountId: ACCOUNTS.consumer });
    if (index === 1) await world.sharing.acceptImage(USERS.bob, { imageId: id });
    if (index === 2) await world.sharing.rejectImage(USERS.bob, { imageId: id });
  }
  return { ...world, imageIds };
}

/** Everything the three accounts can see, as one string: equal strings, equal states. */
async function stateOf(world: GlanceWorld): Promise<string> {
  const views: unknown[] = [];
  for (const user of [USERS.alice, USERS.bob, USERS.dave]) {
    const images = (await world.sharing.listImages(user, { region: "global", limit: 1000 }))._unsafeUnwrap().items;
    const pending: unknown = (
      await world.sharing.listPendingShares(user, { region: "global", limit: 1000 })
    )._unsafeUnwrap();
    const members = await Promise.all(
      images.map(async (image) => (await world.sharing.listMembers(user, { imageId: image.id }))._unsafeUnwrap()),
    );
    const events = (await world.sharing.listEvents(user, { limit: 1000 }))._unsafeUnwrap().items.length;
    views.push({ images, pending, members, events });
  }
  return JSON.stringify(views);
}

/** Checks one answer's shape; returns whether the request was a refusal. */
async function checkAnswer(response: Response): Promise<void> {
  const text = await response.text();
  if (response.status === 204) {
    expect(text).toBe("");
    return;
  }
  const body = JSON.parse(text) as { error?: { code: number; message: string; type: string } };
  if (response.status >= 400) {
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error).toMatchObject({ code: response.status, message: expect.any(String), type: expect.any(String) });
  }
}

describe("the whole surface, fuzzed", () => {
  it("never answers 5xx, answers every refusal in Glance's shape, and changes nothing on a refusal or a read", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 4 }), async (specs) => {
        const world = await seededWorld();
        for (const spec of specs) {
          const before = await stateOf(world);
          const response = await world.api.fetch(toRequest(spec, world));
          expect(response.status, `${spec.method} ${spec.path}`).toBeLessThan(500);
          await checkAnswer(response);
          if (response.status >= 400 || spec.method === "GET")
            expect(await stateOf(world), `${spec.method} ${spec.path} -> ${response.status}`).toBe(before);
        }
      }),
    );
  });

  it("with a store that fails at random, the only 5xx is 503 StorageFailure, and nothing leaks", async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, fc.infiniteStream(fc.boolean()), async (spec, failures) => {
        const healthy = createInMemoryStore({ accounts: Object.values(ACCOUNTS).map((id) => ({ id })) });
        let armed = false;
        const coinFlips = failures[Symbol.iterator]();
        const store = new Proxy(healthy, {
          get(target, key, receiver) {
            const value: unknown = Reflect.get(target, key, receiver);
            if (typeof value !== "function") return value;
            return (...args: unknown[]) => {
              if (armed && coinFlips.next().value === true) throw new Error("db password hunter2");
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }) as ImageSharingStore;
        const world = await seededWorld(store);
        armed = true;
        const response = await world.api.fetch(toRequest(spec, world));
        const text = await response.clone().text();
        expect(text).not.toContain("hunter2");
        if (response.status >= 500)
          expect(JSON.parse(text)).toMatchObject({ error: { code: 503, type: "StorageFailure" } });
        await checkAnswer(response);
      }),
    );
  });
});
