import {
  createImageSharing,
  createInMemoryStore,
  type ImageFactsQuery,
  type ImageSharingStore,
  STORE_METHODS,
} from "cloud-image-sharing";
import { describe, expect, it } from "vitest";
import { adminOf } from "../support/principals.js";
import { okOf } from "../support/results.js";

// R17 + R16, pinned down without fast-check: a share whose facts (the consumer's policy among
// them) are read before the consumer trusts or blocks the producer, and committed after. Some
// serial order must explain the end state: either the share came first (pending, and the
// consumer's feed shows it before the policy change) or the policy did (then the share is
// accepted by policy, or refused as AccountNotFound). A pending share that lands in the feed
// after "trust" or "block" is neither.

/** A store whose next `readImageFacts` (once armed) takes its snapshot now but answers only after the next policy write. */
function storeDeliveringOneReadAfterPolicy() {
  const inner = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
  const control = { armed: false, release: () => {} };
  const plain = Object.fromEntries(
    STORE_METHODS.map((m) => [m, (inner[m] as (...a: unknown[]) => unknown).bind(inner)]),
  ) as unknown as ImageSharingStore;
  const store: ImageSharingStore = {
    ...plain,
    readImageFacts: (query: ImageFactsQuery) => {
      const snapshot = inner.readImageFacts(query);
      if (!control.armed) return snapshot;
      control.armed = false;
      return new Promise((resolve) => (control.release = () => resolve(snapshot)));
    },
    commitPolicy: async (commit) => {
      const committed = await inner.commitPolicy(commit);
      control.release();
      return committed;
    },
  };
  return { store, control };
}

describe("R17, R16: a share racing a policy change sees the policy before or after, never half", () => {
  for (const trust of ["autoAcceptFrom", "blockFrom"] as const) {
    it(`R17: a share decided before the consumer's ${trust} lands, and committed after it, is re-decided (or ordered before it)`, async () => {
      const { store, control } = storeDeliveringOneReadAfterPolicy();
      const sharing = createImageSharing({ store, regions: ["IAD"], retryBackoff: { baseMs: 0, maxMs: 0 } });
      const producer = adminOf("100001", "alice");
      const consumer = adminOf("100002", "carol");
      const image = await okOf(sharing.createImage(producer, { name: "golden", region: "IAD" }));

      control.armed = true;
      const share = sharing.shareImage(producer, { imageId: image.id, consumerAccountId: "100002" });
      const policy = sharing.setSharingPolicy(consumer, { [trust]: ["100001"] });
      const [shared, set] = await Promise.all([share, policy]);
      expect(set.isOk()).toBe(true);

      const feed = (await okOf(sharing.listEvents(consumer, {}))).items.map((e) => e.type);
      const policyFirst = feed.indexOf("SharingPolicyChanged") < feed.indexOf("ImageShared");
      if (trust === "autoAcceptFrom") {
        // Serial orders: share, policy -> pending, feed [ImageShared, SharingPolicyChanged];
        //                policy, share -> accepted, feed [SharingPolicyChanged, ImageShared, ShareAccepted].
        const status = shared.isOk() ? shared.value.status : shared.error.type;
        expect({ status, policyFirst }).toEqual(
          policyFirst ? { status: "accepted", policyFirst } : { status: "pending", policyFirst },
        );
      } else {
        // Serial orders: share, policy -> pending, feed [ImageShared, SharingPolicyChanged];
        //                policy, share -> AccountNotFound, feed [SharingPolicyChanged].
        const outcome = shared.isOk() ? "ok" : shared.error.type;
        expect({ outcome, feed }).toEqual(
          outcome === "ok"
            ? { outcome, feed: ["ImageShared", "SharingPolicyChanged"] }
            : { outcome: "AccountNotFound", feed: ["SharingPolicyChanged"] },
        );
      }
    });
  }
});
