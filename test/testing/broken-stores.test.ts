import { createInMemoryStore } from "cloud-image-sharing";
import { STORE_GUARANTEES } from "cloud-image-sharing/testing";
import { describe, expect, it } from "vitest";
import { dropsEvents, losesMemberWrites, servesStaleReads, skipsVersionCheck, throwsOnBadCommit } from "./broken-stores.js";
import { failed, recordConformance } from "./recording-runner.js";

// The conformance suite is only worth running if it fails broken stores. Each broken store
// below breaks one promise of the port; the suite must report the guarantee it breaks, by name.

describe("the conformance suite catches broken stores", () => {
  it("control: the in-memory store passes every guarantee under the recording runner", async () => {
    const outcomes = await recordConformance(({ accounts }) => createInMemoryStore({ accounts: accounts.map((id) => ({ id })) }));
    expect([...outcomes.keys()]).toEqual(STORE_GUARANTEES);
    expect(failed(outcomes)).toEqual([]);
  });

  const cases = [
    {
      broken: "a store that loses member writes",
      makeStore: losesMemberWrites,
      mustFail: [
        "reads after writes > getMember returns the committed member, and null for an unknown image or consumer",
        "cascade on delete > deleting an image removes its members from every read and list",
      ],
    },
    {
      broken: "a store that serves stale reads",
      makeStore: servesStaleReads,
      mustFail: [
        "reads after writes > getImage reflects an update at once",
        "optimistic versions > every commit bumps the image's version, member-only commits included",
      ],
    },
    {
      broken: "a store that skips the version check",
      makeStore: skipsVersionCheck,
      mustFail: [
        "optimistic versions > a stale expectedVersion fails with ConcurrentModification and applies nothing",
        "optimistic versions > creating an image that already exists fails with ConcurrentModification and keeps the original",
        "concurrent commits > N concurrent commits built on the same version: exactly one wins, the others fail with ConcurrentModification",
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
      broken: "a store that throws instead of returning an error value",
      makeStore: throwsOnBadCommit,
      mustFail: [
        "isolation, copies and errors > errors are values: a commit that cannot apply (members on a missing image) returns an error and stores nothing",
      ],
    },
  ];

  for (const { broken, makeStore, mustFail } of cases) {
    it(`${broken} fails the guarantees it breaks`, async () => {
      const failures = failed(await recordConformance(makeStore));
      for (const name of mustFail) expect(STORE_GUARANTEES).toContain(name);
      expect(failures).toEqual(expect.arrayContaining(mustFail));
    });
  }
});
