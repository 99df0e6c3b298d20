import {
  ConfigurationError,
  createImageSharing,
  type ImageSharing,
  isSharingError,
  type SharingError,
} from "cloud-image-sharing";
import fc from "fast-check";
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { A, adminOf, createImage, errOf, makeWorld } from "./world.js";

type Issue = { path: (string | number)[]; message: string };

/** The paths of a ValidationError's issues, one per issue: one problem is one issue (SPEC 4). */
async function issuePaths(call: ResultAsync<unknown, SharingError>): Promise<(string | number)[][]> {
  const error = await errOf(call, "ValidationError");
  const issues = (error as { issues: Issue[] }).issues;
  for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  return issues.map((i) => i.path);
}

const badIds: Record<string, string> = {
  empty: "",
  "a space": "image 1",
  "a tab": "image\t1",
  "a control character": "image\u00071",
  "a newline": "image\n1",
  "an emoji": "image🙂",
  "a Cyrillic look-alike": "imаge", // the second letter is U+0430
  "256 characters": "x".repeat(256),
};

describe("R15: errors are values, inputs are validated", () => {
  it("R15: a missing principal is a ValidationError on path ['principal']", async () => {
    const { sharing } = makeWorld();
    expect(await issuePaths(sharing.getStorageUsage(undefined as never))).toEqual([["principal"]]);
    expect(await issuePaths(sharing.listImages(null as never))).toEqual([["principal"]]);
  });

  it("R15: malformed principals name the offending field", async () => {
    const { sharing } = makeWorld();
    const base = adminOf(A);
    const cases: [unknown, (string | number)[]][] = [
      [{ ...base, roles: "cloudImages:admin" }, ["principal", "roles"]],
      [{ ...base, roles: [42] }, ["principal", "roles", 0]],
      [{ ...base, roles: [{ name: "admin" }] }, ["principal", "roles", 0]],
      [{ ...base, roles: undefined }, ["principal", "roles"]],
      [{ ...base, userId: "alice smith" }, ["principal", "userId"]],
      [{ ...base, accountId: "１００００１" }, ["principal", "accountId"]],
      [{ userId: base.userId, roles: base.roles }, ["principal", "accountId"]],
    ];
    for (const [principal, path] of cases) {
      expect(await issuePaths(sharing.getStorageUsage(principal as never))).toEqual([path]);
    }
    // 1–255 characters: 255 is fine, 256 is not.
    const longest = { ...base, userId: "u".repeat(255) };
    expect((await sharing.getStorageUsage(longest)).isOk()).toBe(true);
  });

  for (const [what, id] of Object.entries(badIds)) {
    it(`R15: an id with ${what} is a ValidationError, for the principal and for every id input`, async () => {
      const { sharing } = makeWorld();
      expect(await issuePaths(sharing.getImage(adminOf(A), { imageId: id }))).toEqual([["imageId"]]);
      expect(await issuePaths(sharing.shareImage(adminOf(A), { imageId: "img", consumerAccountId: id }))).toEqual([
        ["consumerAccountId"],
      ]);
      expect(await issuePaths(sharing.listImages({ ...adminOf(A), accountId: id }))).toEqual([
        ["principal", "accountId"],
      ]);
      expect(await issuePaths(sharing.listEvents(adminOf(A), { after: id }))).toEqual([["after"]]);
    });
  }

  it("R15: names must be 1–255 characters without control characters; sizes are whole numbers >= 0", async () => {
    const { sharing } = makeWorld();
    const create = (input: Record<string, unknown>) =>
      sharing.createImage(adminOf(A), { name: "ok", region: "IAD", ...input } as never);
    expect(await issuePaths(create({ name: "" }))).toEqual([["name"]]);
    expect(await issuePaths(create({ name: "n".repeat(256) }))).toEqual([["name"]]);
    expect(await issuePaths(create({ name: "line\nbreak" }))).toEqual([["name"]]);
    expect(await issuePaths(create({ sizeBytes: -1 }))).toEqual([["sizeBytes"]]);
    expect(await issuePaths(create({ sizeBytes: 1.5 }))).toEqual([["sizeBytes"]]);
    expect(await issuePaths(create({ sizeBytes: "10" }))).toEqual([["sizeBytes"]]);
    expect(await issuePaths(create({ region: "iad" }))).toEqual([["region"]]);
    expect(await issuePaths(create({ region: "global" }))).toEqual([["region"]]);
    // Names are for people: spaces and Unicode are fine.
    expect((await create({ name: "Golden image — Ünïcode 🙂", sizeBytes: 0 })).isOk()).toBe(true);
  });

  it("R15: limit must be a whole number from 1 to 1000", async () => {
    const { sharing } = makeWorld();
    for (const limit of [0, 1001, 1.5, -1, "10"]) {
      expect(await issuePaths(sharing.listImages(adminOf(A), { limit } as never))).toEqual([["limit"]]);
      expect(await issuePaths(sharing.listEvents(adminOf(A), { limit } as never))).toEqual([["limit"]]);
    }
    for (const limit of [1, 1000]) expect((await sharing.listImages(adminOf(A), { limit })).isOk()).toBe(true);
  });

  it("R15: listEvents 'after' that is not one of the account's events is a ValidationError on 'after'", async () => {
    const world = makeWorld();
    await createImage(world);
    expect(await issuePaths(world.sharing.listEvents(adminOf(A), { after: "id-9999" }))).toEqual([["after"]]);
    // An event of another account is not the caller's to page from.
    const [event] = (await world.sharing.listEvents(adminOf(A)))._unsafeUnwrap().items;
    expect(await issuePaths(world.sharing.listEvents(adminOf("100002"), { after: event?.id ?? "" }))).toEqual([
      ["after"],
    ]);
  });

  it("R15: a bad principal and a bad input are reported together", async () => {
    const { sharing } = makeWorld();
    const paths = await issuePaths(
      sharing.createImage({ userId: "", accountId: A, roles: [] }, { name: "", region: "IAD" }),
    );
    expect(paths).toEqual([["principal", "userId"], ["name"]]);
  });

  it("R15: an argument that cannot be read (a throwing getter or proxy) is a ValidationError naming it, not a StorageFailure", async () => {
    const { sharing } = makeWorld();
    const throwing = () => {
      throw new Error("boom");
    };
    const unreadable = [
      new Proxy({}, { ownKeys: throwing }),
      new Proxy({}, { getPrototypeOf: throwing }),
      Object.defineProperty({}, "imageId", { enumerable: true, get: throwing }),
    ];
    for (const hostile of unreadable) {
      const badPrincipal = await errOf(sharing.getImage(hostile as never, { imageId: "img-1" }));
      expect(badPrincipal).toMatchObject({ type: "ValidationError", issues: [{ path: ["principal"] }] });
      const badInput = await errOf(sharing.getImage(adminOf(A), hostile as never));
      expect(badInput).toMatchObject({ type: "ValidationError", issues: [{ path: [] }] });
    }
    // A proxy whose only trap is a throwing `get` has no own properties: it reads as an empty object.
    const empty = new Proxy({}, { get: throwing });
    expect(await issuePaths(sharing.getImage(adminOf(A), empty as never))).toEqual([["imageId"]]);
  });

  it("R15: no method throws or rejects, whatever it is given", async () => {
    const { sharing } = makeWorld();
    const methods = Object.keys(sharing).filter((name) => name !== "as") as Exclude<keyof ImageSharing, "as">[];
    expect(methods).toHaveLength(16);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.anything(), fc.anything(), async (method, principal, input) => {
        const call = sharing[method] as (p: unknown, i: unknown) => ResultAsync<unknown, SharingError>;
        const result = await call(principal, input);
        expect(result.isErr()).toBe(true);
        if (result.isErr()) {
          expect(isSharingError(result.error)).toBe(true);
          expect(result.error.type).toBe("ValidationError");
        }
      }),
      { numRuns: 200 },
    );
  });

  it("R15: the bound API (sharing.as) never throws either: a bad principal makes every bound method answer its ValidationError", async () => {
    const { sharing } = makeWorld();
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (principal, input) => {
        const bound = sharing.as(principal as never);
        for (const method of Object.keys(bound) as (keyof typeof bound)[]) {
          const result = await (bound[method] as (i: unknown) => ResultAsync<unknown, SharingError>)(input);
          expect(result.isErr() && result.error.type).toBe("ValidationError");
          if (result.isErr() && result.error.type === "ValidationError")
            expect(result.error.issues[0]?.path[0]).toBe("principal");
        }
      }),
      { numRuns: 50 },
    );
  });

  it("R15: an empty id is one issue, not two (one issue per problem)", async () => {
    const { sharing } = makeWorld();
    const error = await errOf(sharing.getImage(adminOf(A), { imageId: "" }), "ValidationError");
    expect(error).toEqual({
      type: "ValidationError",
      message: "invalid input: imageId: an id must not be empty",
      issues: [{ path: ["imageId"], message: "an id must not be empty" }],
    });
    const name = await errOf(sharing.createImage(adminOf(A), { name: "", region: "IAD" }), "ValidationError");
    expect(name.type === "ValidationError" && name.issues).toEqual([
      { path: ["name"], message: "a name must not be empty" },
    ]);
  });
});

describe("R15: start-up fails fast on invalid options", () => {
  const invalidOptions: Record<string, unknown> = {
    "a malformed region": { regions: ["iad"] },
    "'global' as a region": { regions: ["IAD", "global"] },
    "duplicate regions": { regions: ["IAD", "IAD"] },
    "an empty catalog": { regions: [] },
    "a negative quota": { memberQuota: -1 },
    "a fractional quota": { memberQuota: 1.5 },
    "a NaN quota": { memberQuota: Number.NaN },
    "a string quota": { memberQuota: "10" },
    "a clock that is not a function": { clock: new Date() },
    "an id generator that is not a function": { newId: "id" },
    "a store missing methods": { store: { readImageFacts: () => null } },
    "a 0.1 store (getImage, getMember, …)": {
      store: { getImage: () => null, getMember: () => null, commit: () => null },
    },
    "a role map to an unknown level": { roleMap: { "acme:x": "superuser" } },
    "a zero timeout": { timeoutMs: 0 },
    "a backoff whose base exceeds its maximum": { retryBackoff: { baseMs: 10, maxMs: 1 } },
    "a short cursor secret": { cursorSecret: "short" },
    "a store that is not an object": { store: 42 },
    "zero attempts": { maxAttempts: 0 },
    "options that are not an object": 42,
    "options that are a string": "IAD",
  };
  for (const [what, options] of Object.entries(invalidOptions)) {
    it(`R15: createImageSharing throws a ConfigurationError for ${what}`, () => {
      let thrown: unknown;
      try {
        createImageSharing(options as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect(thrown).toMatchObject({
        name: "ConfigurationError",
        message: expect.stringMatching(/^createImageSharing: invalid options: \S+/),
      });
      expect((thrown as ConfigurationError).issues.length).toBeGreaterThan(0);
    });
  }

  it("R15: the start-up error names each problem: 'global' is a selector, not a region", () => {
    expect(() => createImageSharing({ regions: ["IAD", "global"] })).toThrow(/"global" is a selector, not a region/);
    expect(() => createImageSharing({ regions: ["IAD", "IAD"] })).toThrow(/regions must not repeat/);
    expect(() => createImageSharing({ memberQuota: -1 })).toThrow(/memberQuota/);
  });

  it("R15: createImageSharing accepts Infinity and 0 as quotas, and no options at all", () => {
    expect(() => createImageSharing({ memberQuota: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(() => createImageSharing({ memberQuota: 0 })).not.toThrow();
    expect(() => createImageSharing()).not.toThrow();
  });
});
