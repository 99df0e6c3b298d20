import {
  createImageSharing,
  createInMemoryStore,
  type ImageFactsQuery,
  type ImageSharing,
  type ImageSharingStore,
  type StoreCommit,
} from "cloud-image-sharing";
import fc from "fast-check";
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { bound, settle, storedImage, storedMembers } from "./stores.js";
import { A, adminOf, B, C, counterIds, okOf, tickingClock } from "./world.js";

// R16: "the end state equals some serial order of the operations that succeeded". Racing calls
// run under fast-check's scheduler (which picks when every read and commit completes); the end
// state is then compared with every serial replay of the calls that succeeded.

type Op = "shareC" | "unshareB" | "acceptB" | "rejectB" | "rename" | "delete";
const OPS: Op[] = ["shareC", "unshareB", "acceptB", "rejectB", "rename", "delete"];

function run(sharing: ImageSharing, imageId: string, op: Op): ResultAsync<unknown, unknown> {
  switch (op) {
    case "shareC":
      return sharing.shareImage(adminOf(A), { imageId, consumerAccountId: C });
    case "unshareB":
      return sharing.unshareImage(adminOf(A), { imageId, consumerAccountId: B });
    case "acceptB":
      return sharing.acceptImage(adminOf(B), { imageId });
    case "rejectB":
      return sharing.rejectImage(adminOf(B), { imageId });
    case "rename":
      return sharing.updateImage(adminOf(A), { imageId, name: "renamed" });
    case "delete":
      return sharing.deleteImage(adminOf(A), { imageId });
  }
}

/** A fresh store with an image of A shared (pending) with B, and its id. */
async function start(): Promise<{ store: ImageSharingStore; imageId: string }> {
  const store = createInMemoryStore({ accounts: [{ id: A }, { id: B }, { id: C }] });
  const sharing = createImageSharing({ store, regions: ["IAD"], clock: tickingClock(), newId: counterIds("setup") });
  const image = await okOf(sharing.createImage(adminOf(A), { name: "golden", region: "IAD" }));
  await okOf(sharing.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
  return { store, imageId: image.id };
}

/** What the rules care about: does the image exist, its name, and each member's status. */
async function stateOf(store: ImageSharingStore, imageId: string): Promise<string> {
  const image = await storedImage(store, imageId);
  const members = (await storedMembers(store, imageId)).map((m) => `${m.consumerAccountId}:${m.status}`);
  return JSON.stringify({ name: image?.image.name ?? null, members: members.sort() });
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** The end states of every serial order of `ops` in which each op succeeds. */
async function serialEndStates(ops: Op[]): Promise<Set<string>> {
  const states = new Set<string>();
  for (const order of permutations(ops)) {
    const { store, imageId } = await start();
    const sharing = createImageSharing({ store, regions: ["IAD"], clock: tickingClock(), newId: counterIds("serial") });
    let allSucceeded = true;
    for (const op of order) if ((await run(sharing, imageId, op)).isErr()) allSucceeded = false;
    if (allSucceeded) states.add(await stateOf(store, imageId));
  }
  return states;
}

describe("R16: concurrent operations equal some serial order", () => {
  it("R16: any interleaving of racing calls on one image ends in the state of a serial order of those that succeeded", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.uniqueArray(fc.constantFrom(...OPS), { minLength: 2, maxLength: 4 }),
        async (s, ops) => {
          const { store: base, imageId } = await start();
          const read = s.scheduleFunction(async (query: ImageFactsQuery) => settle(base.readImageFacts(query)));
          const commit = s.scheduleFunction(async (change: StoreCommit) => settle(base.commit(change)));
          const store: ImageSharingStore = { ...bound(base), readImageFacts: read, commit };
          const sharing = createImageSharing({
            store,
            regions: ["IAD"],
            clock: tickingClock(),
            newId: counterIds("race"),
            maxAttempts: 100,
            retryBackoff: { baseMs: 0, maxMs: 0 },
          });
          const results = await s.waitFor(Promise.all(ops.map((op) => run(sharing, imageId, op))));
          const succeeded = ops.filter((_, i) => results[i]?.isOk());
          for (const result of results)
            if (result.isErr()) expect((result.error as { type: string }).type).not.toBe("ConcurrentModification");
          expect(await serialEndStates(succeeded)).toContain(await stateOf(base, imageId));
        },
      ),
      { numRuns: 40 },
    );
  });
});
