import { describe, expect, it } from "vitest";
import {
  type Catalog,
  checkCatalog,
  MAX_IMPORT_ISSUES,
  memberKey,
  type StoredCatalogFacts,
} from "../../src/policy/import.js";
import { aMember, anImage } from "./fixtures.js";

// The rules a bulk-imported catalog keeps (issue 10), decided on plain values: the Postgres
// import and any other store's import path hand in the stored facts the catalog touches.

const nothingStored: StoredCatalogFacts = { knownAccounts: new Set(), images: new Map(), members: new Set() };
const rules = { regions: ["IAD", "LON"], memberQuota: 2 };
const image = anImage("100001", "img-1");
const catalog = (over: Partial<Catalog>): Catalog => ({
  accounts: [{ id: "100002" }, { id: "100003" }, { id: "100004" }],
  images: [image],
  members: [],
  ...over,
});

describe("checkCatalog", () => {
  it("accepts a catalog that keeps every rule", () => {
    expect(
      checkCatalog(
        catalog({ members: [aMember(image, "100002"), aMember(image, "100003", "accepted")] }),
        nothingStored,
        rules,
      ),
    ).toEqual([]);
  });

  it("names every broken rule with the path of the offending entry", () => {
    const issues = checkCatalog(
      catalog({
        images: [image, image, anImage("100001", "img-moon")].map((i, n) => (n === 2 ? { ...i, region: "MOON" } : i)),
        members: [
          aMember(image, "100001"),
          aMember(image, "999999"),
          aMember(anImage("100001", "img-none"), "100002"),
          aMember(image, "100002"),
          aMember(image, "100002"),
          aMember(image, "100003"),
          aMember(image, "100004"),
        ],
      }),
      nothingStored,
      rules,
    );
    expect(issues.map((i) => i.path)).toEqual([
      ["images", 1, "id"],
      ["images", 2, "region"],
      ["members", 0, "consumerAccountId"],
      ["members", 1, "consumerAccountId"],
      ["members", 2, "imageId"],
      ["members", 4, "consumerAccountId"],
      ["members", 6, "imageId"],
    ]);
  });

  it("counts stored members toward the quota, refuses stored ids and stored members, and knows the directory", () => {
    const stored: StoredCatalogFacts = {
      knownAccounts: new Set(["200001"]),
      images: new Map([["img-stored", { ownerAccountId: "100001", memberCount: 1 }]]),
      members: new Set([memberKey("img-stored", "100002")]),
    };
    const storedImage = anImage("100001", "img-stored");
    expect(checkCatalog(catalog({ images: [], members: [aMember(storedImage, "200001")] }), stored, rules)).toEqual([]);
    const issues = checkCatalog(
      catalog({
        images: [storedImage],
        members: [aMember(storedImage, "100002"), aMember(storedImage, "100003"), aMember(storedImage, "100004")],
      }),
      stored,
      rules,
    );
    expect(issues.map((i) => i.path)).toEqual([
      ["images", 0, "id"],
      ["members", 0, "consumerAccountId"],
      ["members", 2, "imageId"],
    ]);
  });

  it(`reports at most ${MAX_IMPORT_ISSUES} issues`, () => {
    const many = Array.from({ length: 500 }, (_, n) => ({ ...anImage("100001", `img-${n}`), region: "MOON" }));
    expect(checkCatalog(catalog({ images: many }), nothingStored, rules)).toHaveLength(MAX_IMPORT_ISSUES);
  });
});
