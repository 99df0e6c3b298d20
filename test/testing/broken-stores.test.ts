import { createInMemoryStore } from "cloud-image-sharing";
import { STORE_GUARANTEES, STORE_LARGE_GUARANTEES } from "cloud-image-sharing/testing";
import { describe, expect, it } from "vitest";
import {
  answersAsynchronously,
  answersPlainValues,
  dropsEvents,
  failsLargeCommits,
  ignoresExpiry,
  losesMemberWrites,
  ordersPendingSharesByImage,
  restartsVersionsOnRecreate,
  type StoreFactory,
  servesStaleReads,
  showsEventsOutOfOrder,
  skipsPolicyVersionCheck,
  skipsVersionCheck,
  throwsOnBadCommit,
  truncatesDirectory,
} from "./broken-stores.js";
import { failed, recordConformance } from "./recording-runner.js";

// The conformance suite is only worth running if it fails broken stores. Each broken store
// below breaks one promise of the port; the suite must report the guarantees it breaks, by name.

describe("the conformance suite passes conformant stores", () => {
  it("control: the in-memory store passes every guarantee, the large ones included", async () => {
    const outcomes = await recordConformance(({ accounts }) => createInMemoryStore({ accounts: [...accounts] }));
    expect([...outcomes.keys()]).toEqual(STORE_GUARANTEES);
    expect(failed(outcomes)).toEqual([]);
  });

  it("control: a store answering every call with a promise (a turn of the event loop later) passes too", async () => {
    expect(failed(await recordConformance(answersAsynchronously))).toEqual([]);
  });
});

describe("the conformance suite catches broken stores", () => {
  const cases: { broken: string; makeStore: StoreFactory; large?: boolean; mustFail: string[] }[] = [
    {
      broken: "a store that loses member writes",
      makeStore: losesMemberWrites,
      mustFail: [
        "reads after writes (readImageFacts) > readImageFacts returns the acting account's own member record, and null for an account without one",
        "reads after writes (readImageFacts) > a put member replaces the previous record and a removed member is gone from every fact",
        "atomic commits > a successful commit stores the change and its events together",
        "concurrent commits > N concurrent commits built on the same version: exactly one wins, the others fail with ConcurrentModification",
      ],
    },
    {
      broken: "a store that serves stale reads",
      makeStore: servesStaleReads,
      mustFail: [
        "reads after writes (readImageFacts) > readImageFacts reflects an update at once",
        "reads after writes (readImageFacts) > a deleted image is gone: readImageFacts answers null",
        "optimistic versions > every commit gives the image a new version, member-only commits included",
        "sharing policies > commitPolicy on the current version replaces the policy and gives it a new version",
      ],
    },
    {
      broken: "a store that skips the version check",
      makeStore: skipsVersionCheck,
      mustFail: [
        "optimistic versions > a stale expectedVersion fails with ConcurrentModification and applies nothing",
        "optimistic versions > creating an image that already exists fails with ConcurrentModification and keeps the original",
        "atomic commits > a rejected commit stores neither its change nor its events",
        "concurrent commits > N concurrent commits built on the same version: exactly one wins, the others fail with ConcurrentModification",
        "concurrent commits > concurrent creates of one image id: exactly one wins",
      ],
    },
    {
      broken: "a store that skips the policy version check",
      makeStore: skipsPolicyVersionCheck,
      mustFail: [
        "sharing policies > commitPolicy on a stale version fails with ConcurrentModification and stores neither the policy nor its event",
        "sharing policies > commitPolicy expecting no policy fails with ConcurrentModification when one exists, and expecting a version fails when none exists",
      ],
    },
    {
      broken: "a store whose versions restart when an image id is re-created (issue 8 item 4)",
      makeStore: restartsVersionsOnRecreate,
      mustFail: [
        "optimistic versions > R16: versions never repeat for an id, also across a delete and a re-creation of that id",
        "optimistic versions > R16: a commit made with a deleted image's version fails with ConcurrentModification on a re-created image of the same id",
        "optimistic versions > R16, R5: an accept read on a deleted image does not commit on a re-created image of the same id",
        "optimistic versions > R16, R11: a share decided within the quota of a deleted image does not commit on a re-created image that has more members",
      ],
    },
    {
      broken: "a store that orders pending shares by the image instead of the share (issue 8 item 12)",
      makeStore: ordersPendingSharesByImage,
      mustFail: [
        "lists > listPendingShares is newest share first: by the member's createdAt (not the image's), ties broken by image id descending",
        "lists > listPendingShares pages with `after` (the member's createdAt and the image id, strictly after) and `limit`, visiting every share once",
      ],
    },
    {
      broken: "a store that ignores expiry",
      makeStore: ignoresExpiry,
      mustFail: [
        "lists > R18: listVisibleImages leaves out accepted shares whose expiresAt is at or before `now`, and lists them while `now` is earlier",
        "lists > R18: listPendingShares leaves out shares whose expiresAt is at or before `now`, and lists them while `now` is earlier",
      ],
    },
    {
      broken: "a store that stores a change without its events",
      makeStore: dropsEvents,
      mustFail: [
        "atomic commits > a successful commit stores the change and its events together",
        "events > listEvents returns to each account exactly the events that concern it (owner, or the consumer named)",
      ],
    },
    {
      broken: "a store whose events become visible out of commit order",
      makeStore: showsEventsOutOfOrder,
      mustFail: [
        "events > listEvents: a reader paging while commits land never skips an event (each page continues where the last ended)",
      ],
    },
    {
      broken: "a store that throws instead of returning an error value",
      makeStore: throwsOnBadCommit,
      mustFail: [
        "isolation, copies and errors > errors are values: a commit that cannot apply (members on a missing image) returns an error and stores nothing",
      ],
    },
    {
      broken: "a store that answers a plain value instead of a Result",
      makeStore: answersPlainValues,
      mustFail: [
        "storage usage > getStorageUsage counts the account's own images and bytes only, never images shared with it",
      ],
    },
    {
      broken: "a store that fails commits of thousands of rows (issue 8 item 5)",
      makeStore: failsLargeCommits,
      large: true,
      mustFail: [
        "large data > an image with 3,300 members: shared in one commit, read in full, and deleted with all its members in one commit",
      ],
    },
    {
      broken: "a store that keeps only part of a large directory",
      makeStore: truncatesDirectory,
      large: true,
      mustFail: ["large data > a directory of 10,000 accounts: every account is known, and no other"],
    },
  ];

  for (const { broken, makeStore, large, mustFail } of cases) {
    it(`${broken} fails the guarantees it breaks`, async () => {
      const outcomes = await recordConformance(makeStore, { largeCases: large === true });
      for (const name of mustFail) expect(STORE_GUARANTEES).toContain(name);
      expect(failed(outcomes)).toEqual(expect.arrayContaining(mustFail));
    });
  }

  it("the large cases are the ones largeCases: false leaves out, and catch what the small ones cannot", async () => {
    expect(STORE_LARGE_GUARANTEES).toEqual([
      "large data > a directory of 10,000 accounts: every account is known, and no other",
      "large data > an image with 3,300 members: shared in one commit, read in full, and deleted with all its members in one commit",
    ]);
    const small = await recordConformance(failsLargeCommits, { largeCases: false });
    expect([...small.keys()]).toEqual(STORE_GUARANTEES.filter((name) => !STORE_LARGE_GUARANTEES.includes(name)));
    expect(failed(small)).toEqual([]);
  });
});
