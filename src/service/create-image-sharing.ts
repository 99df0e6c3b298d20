import { errAsync } from "neverthrow";
import type { z } from "zod/v4";
import { createInMemoryStore } from "../adapters/memory/store.js";
import { parseOptionsOrThrow } from "../domain/parse.js";
import { checkedClock, checkedIdGenerator, jitteredBackoff, type ServiceContext, storeCalls } from "./context.js";
import { createCursorCodec, randomCursorSecret } from "./cursor.js";
import type { BoundImageSharing, ImageSharing } from "./image-sharing.js";
import { createKnownFacts } from "./known-facts.js";
import { acceptImage } from "./operations/accept-image.js";
import { authorizeBoot } from "./operations/authorize-boot.js";
import { createImage } from "./operations/create-image.js";
import { deleteImage } from "./operations/delete-image.js";
import { getImage } from "./operations/get-image.js";
import { getSharingPolicy } from "./operations/get-sharing-policy.js";
import { getStorageUsage } from "./operations/get-storage-usage.js";
import { listEvents } from "./operations/list-events.js";
import { listImages } from "./operations/list-images.js";
import { listMembers } from "./operations/list-members.js";
import { listPendingShares } from "./operations/list-pending-shares.js";
import { rejectImage } from "./operations/reject-image.js";
import { setSharingPolicy } from "./operations/set-sharing-policy.js";
import { shareImage } from "./operations/share-image.js";
import { unshareImage } from "./operations/unshare-image.js";
import { updateImage } from "./operations/update-image.js";
import { type ImageSharingOptions, ImageSharingOptionsSchema } from "./options.js";
import { type Operation, runAs, runOperation, validatePrincipal } from "./pipeline.js";

/** Every public operation, by the name users call it. */
const OPERATIONS = {
  createImage,
  updateImage,
  deleteImage,
  getImage,
  listImages,
  shareImage,
  unshareImage,
  listMembers,
  listPendingShares,
  acceptImage,
  rejectImage,
  authorizeBoot,
  getStorageUsage,
  listEvents,
  setSharingPolicy,
  getSharingPolicy,
} as const satisfies Record<Exclude<keyof ImageSharing, "as">, Operation<z.ZodType, unknown>>;

type OperationName = keyof typeof OPERATIONS;

/**
 * Creates the image-sharing service. Every option is optional; invalid options throw a
 * `ConfigurationError` listing every problem at once (a malformed region code, a negative
 * quota…), so a misconfigured service fails at start-up instead of at its first request.
 * After that, nothing throws.
 *
 * @example
 * const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
 * const sharing = createImageSharing({ store, regions: ["IAD", "DFW"] });
 * const producer = { userId: "alice", accountId: "100001", roles: ["cloudImages:admin"] };
 * const image = await sharing.createImage(producer, { name: "golden", region: "IAD" });
 */
export function createImageSharing(options?: ImageSharingOptions): ImageSharing {
  const parsed = parseOptionsOrThrow(
    "createImageSharing",
    ImageSharingOptionsSchema,
    options === undefined ? {} : options,
  );
  const store = parsed.store ?? createInMemoryStore();
  const ctx: ServiceContext = {
    store,
    ...storeCalls(store, parsed.timeoutMs),
    regions: new Set(parsed.regions),
    memberQuota: parsed.memberQuota,
    roleMap: parsed.roleMap,
    maxAttempts: parsed.maxAttempts,
    backoff: jitteredBackoff(parsed.retryBackoff.baseMs, parsed.retryBackoff.maxMs),
    known: createKnownFacts(),
    cursors: createCursorCodec(parsed.cursorSecret ?? randomCursorSecret()),
    now: checkedClock(parsed.clock ?? (() => new Date())),
    newId: checkedIdGenerator(parsed.newId ?? (() => globalThis.crypto.randomUUID())),
  };
  const methods = {} as Record<OperationName, (principal: unknown, input?: unknown) => unknown>;
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    const op: Operation<z.ZodType, unknown> = OPERATIONS[name];
    methods[name] = (principal, input) => runOperation(ctx, op, principal, input);
  }
  const as = (principal: unknown): BoundImageSharing => {
    const valid = validatePrincipal(ctx, principal);
    const bound = {} as Record<OperationName, (input?: unknown) => unknown>;
    for (const name of Object.keys(OPERATIONS) as OperationName[]) {
      const op: Operation<z.ZodType, unknown> = OPERATIONS[name];
      bound[name] = valid.isOk()
        ? (input) => runAs(ctx, op, valid.value, input)
        : () => errAsync(structuredClone(valid.error));
    }
    return Object.freeze(bound) as unknown as BoundImageSharing;
  };
  return Object.freeze({ ...methods, as }) as unknown as ImageSharing;
}
