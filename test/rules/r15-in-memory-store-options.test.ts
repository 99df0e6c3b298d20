import { ConfigurationError, createImageSharing, createInMemoryStore } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { storedImage } from "./stores.js";

/** What a factory threw (fails the test when it did not throw). */
function thrownBy(build: () => unknown): ConfigurationError {
  try {
    build();
  } catch (error) {
    return error as ConfigurationError;
  }
  throw new Error("expected the factory to throw");
}

describe("R15: createInMemoryStore fails fast on invalid options", () => {
  const invalid: Record<string, { options: unknown; paths: (string | number)[][] }> = {
    "an account id with a space": { options: { accounts: [{ id: "100 001" }] }, paths: [["accounts", 0, "id"]] },
    "an empty account id": { options: { accounts: [{ id: "" }] }, paths: [["accounts", 0, "id"]] },
    "a non-ASCII account id": { options: { accounts: [{ id: "１００" }] }, paths: [["accounts", 0, "id"]] },
    "an account without id": { options: { accounts: [{}] }, paths: [["accounts", 0, "id"]] },
    "a bare string instead of { id }": { options: { accounts: ["100001"] }, paths: [["accounts", 0]] },
    "accounts that are not a list": { options: { accounts: "100001" }, paths: [["accounts"]] },
    "options that are not an object": { options: 42, paths: [[]] },
  };
  for (const [what, { options, paths }] of Object.entries(invalid)) {
    it(`R15: createInMemoryStore throws a ConfigurationError for ${what}, one issue per problem`, () => {
      const error = thrownBy(() => createInMemoryStore(options as never));
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe("ConfigurationError");
      expect(error.message).toMatch(/^createInMemoryStore: invalid options/);
      expect(error.issues.map((i) => i.path)).toEqual(paths);
    });
  }

  it("R15: every problem is listed at once, each with its path", () => {
    const error = thrownBy(() =>
      createInMemoryStore({ accounts: [{ id: "ok" }, { id: "" }, { id: "a b" }, { id: "é" }] }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      ["accounts", 1, "id"],
      ["accounts", 2, "id"],
      ["accounts", 3, "id"],
    ]);
    expect(error.issues[0]?.message).toBe("an id must not be empty");
  });

  it("R15: createImageSharing throws one ConfigurationError listing every problem of its options", () => {
    const error = thrownBy(() =>
      createImageSharing({
        regions: ["iad", "IAD", "IAD"],
        memberQuota: -1,
        clock: "now" as never,
        newId: 1 as never,
        store: {} as never,
        roleMap: { "acme:x": "root" as never },
        timeoutMs: 0,
        retryBackoff: { baseMs: 10, maxMs: 1 },
        maxAttempts: 0,
        cursorSecret: "short",
      }),
    );
    expect(error.name).toBe("ConfigurationError");
    expect(error).toBeInstanceOf(ConfigurationError);
    const paths = error.issues.map((i) => i.path.join("."));
    for (const path of [
      "regions.0",
      "memberQuota",
      "clock",
      "newId",
      "store",
      "roleMap.acme:x",
      "timeoutMs",
      "retryBackoff",
      "maxAttempts",
      "cursorSecret",
    ]) {
      expect(paths).toContain(path);
    }
    expect(error.message).toMatch(/^createImageSharing: invalid options: /);
  });

  it("R15: no options, or an empty directory, is valid", async () => {
    for (const store of [createInMemoryStore(), createInMemoryStore({}), createInMemoryStore({ accounts: [] })]) {
      expect(await storedImage(store, "anything")).toBeNull();
      const facts = (
        await store.readImageFacts({ imageId: "x", accountId: "100001", consumerAccountId: "100002" })
      )._unsafeUnwrap();
      expect(facts.consumer?.exists).toBe(false);
    }
  });

  it("R15: the factories take nothing from a polluted Object.prototype, also when called without options", async () => {
    // Same root cause as the omitted-input case in r15-never-crash: `.prefault({})` fills an omitted
    // argument with a plain object literal whose missing fields read through to Object.prototype.
    const proto = Object.prototype as Record<string, unknown>;
    const facts: unknown[] = [];
    let created: unknown;
    try {
      proto.accounts = [{ id: "EVIL" }];
      proto.regions = ["EVIL"];
      proto.memberQuota = 0;
      for (const store of [createInMemoryStore(), createInMemoryStore({})]) {
        facts.push(
          (await store.readImageFacts({ imageId: "i", accountId: "a", consumerAccountId: "EVIL" }))._unsafeUnwrap()
            .consumer?.exists,
        );
      }
      created = await createImageSharing().createImage(
        { userId: "u", accountId: "a", roles: ["admin"] },
        { name: "n", region: "IAD" },
      );
    } finally {
      delete proto.accounts;
      delete proto.regions;
      delete proto.memberQuota;
    }
    expect((created as { isOk(): boolean }).isOk()).toBe(true);
    expect(facts).toEqual([false, false]);
  });
});
