import type { Image, Member, StoreCommit } from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { createKnownFacts, KNOWN_IMAGES_LIMIT, KNOWN_MEMBERS_LIMIT } from "../../src/service/known-facts.js";

// The bounds and the bookkeeping of known facts (src/service/known-facts.ts); the service-level
// guarantees (stale facts never commit, never refuse) are in test/rules/r16-known-facts.test.ts.

const T = "2026-01-01T00:00:00.000Z";
const image = (id: string): Image => ({
  id,
  ownerAccountId: "100001",
  name: id,
  region: "IAD",
  sizeBytes: 1,
  createdAt: T,
  updatedAt: T,
});
const member = (imageId: string, consumerAccountId: string): Member => ({
  imageId,
  consumerAccountId,
  status: "pending",
  createdAt: T,
  updatedAt: T,
});
const create = (id: string): StoreCommit => ({ imageId: id, expectedVersion: null, image: image(id), events: [] });
const share = (id: string, version: number, consumers: string[]): StoreCommit => ({
  imageId: id,
  expectedVersion: version,
  putMembers: consumers.map((c) => member(id, c)),
  events: [],
});

describe("known facts", () => {
  it("R16: a created image is known with no members, under the version its commit answered", () => {
    const known = createKnownFacts();
    known.committed(create("img-1"), 7);
    expect(known.answer({ imageId: "img-1", accountId: "100002" })).toEqual({
      image: { image: image("img-1"), version: 7 },
      member: null,
    });
  });

  it("R16: a commit answered without a whole-number version, or decided on another version, leaves the image unknown", () => {
    const known = createKnownFacts();
    known.committed(create("img-1"), undefined);
    expect(known.answer({ imageId: "img-1", accountId: "100001" })).toBeUndefined();
    known.committed(create("img-2"), 3);
    known.committed(share("img-2", 2, ["100002"]), 4);
    expect(known.answer({ imageId: "img-2", accountId: "100001" })).toBeUndefined();
  });

  it("R16: what is known is a copy: changing the committed member afterwards changes nothing known", () => {
    const known = createKnownFacts();
    known.committed(create("img-1"), 1);
    const commit = share("img-1", 1, ["100002"]);
    known.committed(commit, 2);
    (commit.putMembers?.[0] as { status: string }).status = "accepted";
    expect(known.answer({ imageId: "img-1", accountId: "100002" })?.member?.status).toBe("pending");
  });

  it("R11: a consumer's facts are answered only for an account known to exist, with the member count", () => {
    const known = createKnownFacts();
    known.committed(create("img-1"), 1);
    known.committed(share("img-1", 1, ["100002", "100003"]), 2);
    const query = { imageId: "img-1", accountId: "100001", consumerAccountId: "100004" };
    expect(known.answer(query)).toBeUndefined();
    known.learn(
      { imageId: "img-2", accountId: "100001", consumerAccountId: "100004" },
      {
        image: null,
        member: null,
        consumer: { member: null, exists: true, policy: null, policyVersion: null, memberCount: 0 },
      },
    );
    expect(known.answer(query)?.consumer).toEqual({
      member: null,
      exists: true,
      policy: null,
      policyVersion: null,
      memberCount: 2,
    });
    known.forgetAccount("100004");
    expect(known.answer(query)).toBeUndefined();
  });

  it("keeps at most KNOWN_IMAGES_LIMIT images, forgetting the least recently used", () => {
    const known = createKnownFacts();
    for (let i = 0; i <= KNOWN_IMAGES_LIMIT; i += 1) known.committed(create(`img-${i}`), i + 1);
    expect(known.answer({ imageId: "img-0", accountId: "100001" })).toBeUndefined();
    expect(known.answer({ imageId: "img-1", accountId: "100001" })).toBeDefined();
    expect(known.answer({ imageId: `img-${KNOWN_IMAGES_LIMIT}`, accountId: "100001" })).toBeDefined();
  });

  it("forgets an image with more than KNOWN_MEMBERS_LIMIT known members rather than keep them all", () => {
    const known = createKnownFacts();
    known.committed(create("img-1"), 1);
    const many = Array.from({ length: KNOWN_MEMBERS_LIMIT + 1 }, (_, i) => `2${String(i).padStart(5, "0")}`);
    known.committed(share("img-1", 1, many), 2);
    expect(known.answer({ imageId: "img-1", accountId: "100001" })).toBeUndefined();
  });
});
