import { readFileSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { fromPGlite, fromPgPool, type PGliteLike, type PgPoolLike } from "cloud-image-sharing/postgres";
import type pg from "pg";
import { describe, expect, expectTypeOf, it } from "vitest";

// The `./postgres` entry names no type of `pg` or PGlite: a host that installed only one of
// them (or neither) compiles it with skipLibCheck: false. The structural types it declares
// instead must still accept the real driver objects as they are.

describe("driver types", () => {
  it("a pg Pool is a PgPoolLike and a PGlite is a PGliteLike, with no cast", () => {
    expectTypeOf<pg.Pool>().toExtend<PgPoolLike>();
    expectTypeOf<PGlite>().toExtend<PGliteLike>();
    expectTypeOf(fromPgPool).parameter(0).toEqualTypeOf<PgPoolLike>();
    expectTypeOf(fromPGlite).parameter(0).toEqualTypeOf<PGliteLike>();
  });

  it("no file of src/postgres imports pg or @electric-sql/pglite, not even a type", () => {
    for (const file of [
      "client.ts",
      "index.ts",
      "store.ts",
      "import.ts",
      "reads.ts",
      "commit.ts",
      "migrations.ts",
      "open.ts",
    ]) {
      const text = readFileSync(new URL(`../../src/postgres/${file}`, import.meta.url), "utf8");
      // Code lines only: the TSDoc examples show the host importing its driver.
      const code = text
        .split("\n")
        .filter((line) => !/^\s*(\*|\/\/)/.test(line))
        .join("\n");
      expect(code, file).not.toMatch(/from\s+["'](pg|@electric-sql\/pglite)["']/);
    }
  });
});
