// README.md and docs/ ship in the package, so they may point only at what a user has: files of
// the package, pages on the web, or files of this repository named as such (never as links). The
// rules table names where each rule lives; this test keeps those names true as the code moves.

import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFile(join(repo, path), "utf8");

/** The pages of docs/ that ship with the package (`docs/*.md`). */
async function docsPages(): Promise<string[]> {
  return (await readdir(join(repo, "docs"))).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
}

/** `[text](target)` links of a markdown text (not images), without their `#fragment`. */
function linksOf(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
}

describe("README.md and docs/", () => {
  it("link only to web pages, to their own headings, or to docs/ pages the package ships", async () => {
    const files = (JSON.parse(await read("package.json")) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(["docs/*.md", "README.md"]));
    for (const page of ["README.md", ...(await docsPages())]) {
      for (const link of linksOf(await read(page))) {
        if (/^https:\/\//.test(link) || link.startsWith("#")) continue;
        const target = join(page.startsWith("docs/") ? "docs" : "", link.split("#")[0] ?? "");
        expect(target, `${page} links ${link}`).toMatch(/^docs\/[^/]+\.md$/);
        expect(existsSync(join(repo, target)), `${page} links ${link}, which does not exist`).toBe(true);
      }
    }
  });

  it("never send users to the specification or design notes they cannot see", async () => {
    for (const page of ["README.md", "CHANGELOG.md", ...(await docsPages())]) {
      expect(await read(page), page).not.toMatch(/\bSPEC\b|\bDESIGN\b|shared\//);
    }
  });

  it("the shipped sources (src/, whose comments reach users through the .d.ts and source maps) cite no specification either", async () => {
    const files = (await readdir(join(repo, "src"), { recursive: true })).filter((f) => f.endsWith(".ts"));
    const citing: string[] = [];
    for (const file of files)
      if (/\bSPEC\b|\bDESIGN\b|shared\//.test(await read(join("src", file)))) citing.push(`src/${file}`);
    expect(citing).toEqual([]);
  });

  it("the rules table lists R1–R18, and every file and function it names exists", async () => {
    const readme = await read("README.md");
    const rows = readme.split("\n").filter((line) => /^\| R\d+ \|/.test(line));
    expect(rows.map((row) => row.split("|")[1]?.trim())).toEqual(Array.from({ length: 18 }, (_, i) => `R${i + 1}`));
    for (const row of rows) {
      const [, rule, , enforcedIn = "", provenBy = ""] = row.split("|");
      // `src/x.ts` (`fnA`, `fnB`): the file exists and declares each function, constant, type or field named after it.
      for (const [, path = "", names = ""] of enforcedIn.matchAll(/`(src\/[^`]+)`(?: \(([^)]*)\))?/g)) {
        expect(existsSync(join(repo, path)), `${rule}: ${path}`).toBe(true);
        const source = path.endsWith("/") ? "" : await read(path);
        for (const [, name] of names.matchAll(/`([A-Za-z_]+)`/g))
          expect(source, `${rule}: ${path} declares ${name}`).toMatch(
            new RegExp(`((function|const|type|interface) ${name}\\b)|(\\b${name}\\??:)`),
          );
      }
      const tests = [...provenBy.matchAll(/`(test\/[^`]+)`/g)].map((m) => m[1] ?? "");
      expect(tests.length, `${rule} names a test`).toBeGreaterThan(0);
      for (const path of tests) expect(existsSync(join(repo, path)), `${rule}: ${path}`).toBe(true);
    }
  });
});
