import { createInMemoryStore } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";

describe("R15: createInMemoryStore fails fast on invalid options", () => {
  const invalid: Record<string, unknown> = {
    "an account id with a space": { accounts: [{ id: "100 001" }] },
    "an empty account id": { accounts: [{ id: "" }] },
    "a non-ASCII account id": { accounts: [{ id: "１００" }] },
    "an account without id": { accounts: [{}] },
    "accounts that are not a list": { accounts: "100001" },
  };
  for (const [what, options] of Object.entries(invalid)) {
    it(`R15: createInMemoryStore throws a TypeError for ${what}`, () => {
      expect(() => createInMemoryStore(options as never)).toThrow(/createInMemoryStore: invalid options/);
    });
  }

  it("R15: addAccount throws for an invalid id, like the constructor", () => {
    const store = createInMemoryStore();
    expect(() => store.addAccount("bad id")).toThrow();
  });

  it("R15: no options, or an empty directory, is valid", async () => {
    expect((await createInMemoryStore().accountExists("100001"))._unsafeUnwrap()).toBe(false);
    expect((await createInMemoryStore({}).accountExists("100001"))._unsafeUnwrap()).toBe(false);
  });
});
