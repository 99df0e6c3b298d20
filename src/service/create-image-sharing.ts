import { createInMemoryStore } from "../adapters/memory/store.js";
import { checkedClock, checkedIdGenerator, type ServiceContext } from "./context.js";
import { imageOperations } from "./image-operations.js";
import type { ImageSharing } from "./image-sharing.js";
import { type ImageSharingOptions, parseOptions } from "./options.js";
import { readOperations } from "./read-operations.js";
import { shareOperations } from "./share-operations.js";

/**
 * Creates the image-sharing service. Every option is optional; invalid options throw a
 * `TypeError` at once (a malformed region code, a negative quota…), so a misconfigured service
 * fails at start-up instead of at its first request. After that, nothing throws.
 *
 * @example
 * const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
 * const sharing = createImageSharing({ store, regions: ["IAD", "DFW"] });
 * const producer = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
 * const image = await sharing.createImage(producer, { name: "golden", region: "IAD" });
 */
export function createImageSharing(options?: ImageSharingOptions): ImageSharing {
  const parsed = parseOptions(options);
  const ctx: ServiceContext = {
    store: parsed.store ?? createInMemoryStore(),
    regions: new Set(parsed.regions),
    memberQuota: parsed.memberQuota,
    maxAttempts: parsed.maxAttempts,
    now: checkedClock(parsed.clock ?? (() => new Date())),
    newId: checkedIdGenerator(parsed.newId ?? (() => globalThis.crypto.randomUUID())),
  };
  return Object.freeze({ ...imageOperations(ctx), ...shareOperations(ctx), ...readOperations(ctx) });
}
