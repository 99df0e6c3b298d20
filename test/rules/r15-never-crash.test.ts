import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharingStore,
  isSharingError,
  type SharingError,
} from "cloud-image-sharing";
import { errAsync, type Result, ResultAsync } from "neverthrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bound, storedImage, storedMembers } from "./stores.js";
import { A, adminOf, B, counterIds, errOf, observerOf, okOf, tickingClock } from "./world.js";

// R15 and issue 8, items 1, 2, 7 and 9: whatever a store does — throw, reject, answer an error
// value of its own or something that is no Result at all, hang — the caller gets a typed
// SharingError and the host process sees no uncaught exception and no unhandled rejection; and a
// polluted Object.prototype adds nothing to a call.

/** What reached the process-wide handlers during a test. */
let escaped: { kind: string; value: unknown }[] = [];
const onRejection = (value: unknown) => escaped.push({ kind: "unhandledRejection", value });
const onException = (value: unknown) => escaped.push({ kind: "uncaughtException", value });

beforeEach(() => {
  escaped = [];
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
});
afterEach(() => {
  process.off("unhandledRejection", onRejection);
  process.off("uncaughtException", onException);
});

/** Lets pending rejections surface (Node reports an unhandled one after the microtask queue drains). */
async function afterTicks(ms = 20): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await new Promise((resolve) => setImmediate(resolve));
}

/** A store over a fresh in-memory store holding an image of A shared with B (pending), and that image's id. */
async function seeded(): Promise<{ base: ReturnType<typeof createInMemoryStore>; imageId: string }> {
  const base = createInMemoryStore({ accounts: [{ id: A }, { id: B }, { id: "100003" }] });
  const setup = createImageSharing({
    store: base,
    regions: ["IAD"],
    clock: tickingClock(),
    newId: counterIds("setup"),
  });
  const image = await okOf(setup.createImage(adminOf(A), { name: "x", region: "IAD" }));
  await okOf(setup.shareImage(adminOf(A), { imageId: image.id, consumerAccountId: B }));
  return { base, imageId: image.id };
}

/** Every operation once, concurrently, so that rejections and throws overlap in time. */
function everything(store: ImageSharingStore, imageId: string, options: { timeoutMs?: number } = {}) {
  const sharing = createImageSharing({
    store,
    regions: ["IAD"],
    clock: tickingClock(),
    newId: counterIds(),
    retryBackoff: { baseMs: 0, maxMs: 0 },
    ...options,
  });
  return [
    sharing.getImage(observerOf(B), { imageId }),
    sharing.listImages(observerOf(A)),
    sharing.listMembers(observerOf(A), { imageId }),
    sharing.listPendingShares(observerOf(B)),
    sharing.authorizeBoot(observerOf(A), { imageId, region: "IAD" }),
    sharing.getStorageUsage(observerOf(A)),
    sharing.listEvents(observerOf(A)),
    sharing.createImage(adminOf(A), { name: "y", region: "IAD" }),
    sharing.updateImage(adminOf(A), { imageId, name: "z" }),
    sharing.shareImage(adminOf(A), { imageId, consumerAccountId: "100003" }),
    sharing.acceptImage(adminOf(B), { imageId }),
    sharing.rejectImage(adminOf(B), { imageId }),
    sharing.unshareImage(adminOf(A), { imageId, consumerAccountId: B }),
    sharing.deleteImage(adminOf(A), { imageId }),
    sharing.getSharingPolicy(observerOf(B)),
    sharing.setSharingPolicy(adminOf(B), { blockFrom: ["100009"] }),
  ];
}

/** Awaits every call: each must settle (never reject) to a Result; returns the errors. */
async function errorsOf(calls: ResultAsync<unknown, SharingError>[]): Promise<SharingError[]> {
  const settled = await Promise.allSettled(calls.map(async (c): Promise<Result<unknown, SharingError>> => c));
  for (const outcome of settled) expect(outcome.status).toBe("fulfilled");
  const errors = settled.flatMap((o) => (o.status === "fulfilled" && o.value.isErr() ? [o.value.error] : []));
  for (const error of errors) expect(isSharingError(error)).toBe(true);
  return errors;
}

describe("R15: the host never crashes, whatever the store does (issue 8, item 1)", () => {
  it("R15: a store whose read rejects and a later one throws synchronously: typed StorageFailure, nothing escapes", async () => {
    const { base, imageId } = await seeded();
    let reads = 0;
    const store: ImageSharingStore = {
      ...bound(base),
      // The first read rejects (later, on a timer); every later read throws at once.
      readImageFacts: () => {
        reads += 1;
        if (reads === 1) return new Promise((_, reject) => setTimeout(() => reject(new Error("read 1 rejected")), 5));
        throw new Error(`read ${reads} threw`);
      },
      listVisibleImages: () => Promise.reject(new Error("list rejected")),
      listPendingShares: () => {
        throw new Error("pending threw");
      },
    };
    const errors = await errorsOf(everything(store, imageId));
    // Every call that reads an image or a list fails (not createImage, usage, events or the policy calls).
    expect(errors).toHaveLength(11);
    for (const error of errors) expect(error).toMatchObject({ type: "StorageFailure", reason: "unavailable" });
    expect(errors.map((e) => (e.type === "StorageFailure" ? String((e.cause as Error).message) : ""))).toEqual(
      expect.arrayContaining(["read 1 rejected", "read 2 threw", "list rejected", "pending threw"]),
    );
    await afterTicks();
    expect(escaped).toEqual([]);
  });

  it("R15: store methods that are async functions that reject (or throw non-Errors): StorageFailure, nothing escapes", async () => {
    const { base, imageId } = await seeded();
    const store: ImageSharingStore = {
      ...bound(base),
      commit: async () => {
        throw new Error("async commit rejected");
      },
      commitPolicy: async () => {
        throw "a string";
      },
      getStorageUsage: async () => {
        throw undefined;
      },
      listEvents: async () => {
        throw { code: "57P01" };
      },
    };
    const errors = await errorsOf(everything(store, imageId));
    expect(errors.map((e) => e.type)).toEqual(Array(errors.length).fill("StorageFailure"));
    const causes = errors.map((e) => (e.type === "StorageFailure" ? e.cause : null));
    expect(causes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: "async commit rejected" }),
        "a string",
        undefined,
        { code: "57P01" },
      ]),
    );
    // Nothing was committed by the failed writes.
    expect((await storedImage(base, imageId))?.image.name).toBe("x");
    await afterTicks();
    expect(escaped).toEqual([]);
  });

  it("R15: thenables that throw in then, call both callbacks, or settle twice: a typed answer, nothing escapes", async () => {
    const { base, imageId } = await seeded();
    const facts = base.readImageFacts({ imageId, accountId: A });
    const hostile: Record<string, () => unknown> = {
      throwsInThen: () => ({
        // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what this test is about
        then() {
          throw new Error("then threw");
        },
      }),
      bothCallbacks: () => ({
        // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what this test is about
        then(resolve: (v: unknown) => void, reject: (e: unknown) => void) {
          resolve(facts);
          reject(new Error("late reject"));
          resolve(facts);
        },
      }),
      rejectsThenThrows: () => ({
        // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what this test is about
        then(_: unknown, reject: (e: unknown) => void) {
          reject(new Error("rejected"));
          throw new Error("and threw");
        },
      }),
    };
    for (const [what, make] of Object.entries(hostile)) {
      const store = { ...bound(base), readImageFacts: make } as unknown as ImageSharingStore;
      const sharing = createImageSharing({ store, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
      const boot = await sharing.authorizeBoot(observerOf(A), { imageId, region: "IAD" });
      const write = await sharing.updateImage(adminOf(A), { imageId, name: "renamed" });
      if (what === "bothCallbacks") {
        // The first settlement wins, as a promise's would.
        expect(boot.isOk()).toBe(true);
        expect(write.isOk()).toBe(true);
      } else {
        for (const result of [boot, write])
          expect(result._unsafeUnwrapErr()).toMatchObject({ type: "StorageFailure", reason: "unavailable" });
      }
    }
    await afterTicks();
    expect(escaped).toEqual([]);
  });
});

describe("R15: raw store errors become StorageFailure with the value as cause (issue 8, item 2)", () => {
  const rawErrors: Record<string, unknown> = {
    "a raw Error": new Error("connection refused"),
    "a string": "ECONNRESET",
    undefined: undefined,
    "a driver error object { code }": { code: "40001", severity: "ERROR" },
    null: null,
    "a look-alike without a message": { type: "ConcurrentModification" },
    "a StorageFailure with an unknown reason": { type: "StorageFailure", message: "m", reason: "gremlins", cause: "c" },
  };
  for (const [what, raw] of Object.entries(rawErrors)) {
    it(`R15: a store answering ResultAsync.fromPromise(query, (e) => e) with ${what} gives StorageFailure with that cause`, async () => {
      const { base, imageId } = await seeded();
      const failing = () => ResultAsync.fromPromise(Promise.reject(raw), (e) => e);
      const store = { ...bound(base), readImageFacts: failing, commit: failing } as unknown as ImageSharingStore;
      const sharing = createImageSharing({ store, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
      const error = await errOf(sharing.getImage(observerOf(A), { imageId }), "StorageFailure");
      expect(error).toMatchObject({ type: "StorageFailure", reason: "unavailable" });
      const expectedCause = what === "a StorageFailure with an unknown reason" ? "c" : raw;
      expect((error as { cause: unknown }).cause).toBe(expectedCause);
      expect(typeof error.message).toBe("string");
      // A write goes the same way.
      const created = await errOf(sharing.createImage(adminOf(A), { name: "n", region: "IAD" }), "StorageFailure");
      expect((created as { cause: unknown }).cause).toBe(expectedCause);
      await afterTicks();
      expect(escaped).toEqual([]);
    });
  }

  it("R15: a store error of the port's own shape is passed through as it is", async () => {
    const { base, imageId } = await seeded();
    const own = { type: "StorageFailure", message: "replica lag", reason: "unavailable", cause: "lag" } as const;
    const store = { ...bound(base), readImageFacts: () => errAsync(own) } as ImageSharingStore;
    const sharing = createImageSharing({ store, regions: ["IAD"] });
    expect(await errOf(sharing.getImage(observerOf(A), { imageId }))).toEqual(own);
  });

  const notResults: Record<string, unknown> = {
    "a plain object": { rows: [] },
    null: null,
    "a number": 42,
    "a promise of a plain object": Promise.resolve({ image: null, member: null }),
    "a promise of undefined": Promise.resolve(undefined),
  };
  for (const [what, answer] of Object.entries(notResults)) {
    it(`R15: an answer that is no Result (${what}) is StorageFailure reason "invalid-response"`, async () => {
      const { base, imageId } = await seeded();
      const store = {
        ...bound(base),
        readImageFacts: () => answer,
        getStorageUsage: () => answer,
      } as unknown as ImageSharingStore;
      const sharing = createImageSharing({ store, regions: ["IAD"] });
      expect(await errOf(sharing.getImage(observerOf(A), { imageId }))).toMatchObject({
        type: "StorageFailure",
        reason: "invalid-response",
      });
      expect(await errOf(sharing.getStorageUsage(observerOf(A)))).toMatchObject({
        type: "StorageFailure",
        reason: "invalid-response",
      });
    });
  }
});

describe("R15: own properties only — a polluted prototype adds nothing (issue 8, item 7)", () => {
  const proto = Object.prototype as Record<string, unknown>;

  it('R15: Object.prototype.consumerAccountId = "EVIL" does not make shareImage(p, { imageId }) share with EVIL', async () => {
    const { base, imageId } = await seeded();
    base.addAccounts([{ id: "EVIL" }])._unsafeUnwrap();
    const sharing = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
    let result: Awaited<ReturnType<typeof sharing.shareImage>> | undefined;
    let bound: Awaited<ReturnType<typeof sharing.shareImage>> | undefined;
    try {
      proto.consumerAccountId = "EVIL";
      proto.expiresAt = "2000-01-01T00:00:00.000Z";
      result = await sharing.shareImage(adminOf(A), { imageId } as never);
      bound = await sharing.as(adminOf(A)).shareImage({ imageId } as never);
    } finally {
      delete proto.consumerAccountId;
      delete proto.expiresAt;
    }
    for (const r of [result, bound]) {
      expect(r?._unsafeUnwrapErr()).toMatchObject({
        type: "ValidationError",
        issues: [{ path: ["consumerAccountId"] }],
      });
    }
    expect((await storedMembers(base, imageId)).map((m) => m.consumerAccountId)).toEqual([B]);
  });

  it("R15: Object.prototype.roles (or userId, accountId) adds nothing to a principal", async () => {
    const { base, imageId } = await seeded();
    const sharing = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
    const results: unknown[] = [];
    try {
      proto.roles = ["admin"];
      proto.userId = "mallory";
      results.push(await sharing.deleteImage({ userId: "u", accountId: A } as never, { imageId }));
      results.push(await sharing.deleteImage({ accountId: A, roles: ["admin"] } as never, { imageId }));
      results.push(await sharing.as({ userId: "u", accountId: A } as never).deleteImage({ imageId }));
    } finally {
      delete proto.roles;
      delete proto.userId;
    }
    expect((results[0] as { error: unknown }).error).toMatchObject({
      type: "ValidationError",
      issues: [{ path: ["principal", "roles"] }],
    });
    expect((results[1] as { error: unknown }).error).toMatchObject({
      type: "ValidationError",
      issues: [{ path: ["principal", "userId"] }],
    });
    expect((results[2] as { error: unknown }).error).toMatchObject({
      type: "ValidationError",
      issues: [{ path: ["principal", "roles"] }],
    });
    expect(await storedImage(base, imageId)).not.toBeNull();
  });

  it("R15: polluted optional fields (cursor, region, limit, after, expiresAt) change nothing: the defaults apply", async () => {
    const { base, imageId } = await seeded();
    const sharing = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
    const clean = await okOf(sharing.listImages(observerOf(A), {}));
    const outcomes: Record<string, unknown> = {};
    try {
      proto.cursor = "forged";
      proto.region = "DFW";
      proto.limit = 1;
      proto.after = "nope";
      proto.expiresAt = "2000-01-01T00:00:00.000Z";
      outcomes.list = await sharing.listImages(observerOf(A), {});
      outcomes.events = await sharing.listEvents(observerOf(A), {});
      outcomes.share = await sharing.shareImage(adminOf(A), { imageId, consumerAccountId: "100003" });
    } finally {
      for (const key of ["cursor", "region", "limit", "after", "expiresAt"]) delete proto[key];
    }
    expect(outcomes.list).toMatchObject({ value: clean });
    expect((outcomes.events as { isOk(): boolean }).isOk()).toBe(true);
    const member = (outcomes.share as { value: unknown }).value;
    expect(member).toMatchObject({ consumerAccountId: "100003", status: "pending" });
    expect(member).not.toHaveProperty("expiresAt");
  });

  it("R15: an omitted input (whose fields are all optional) takes nothing from a polluted prototype either", async () => {
    // zod fills an omitted input from the schema's `.prefault({})`, a plain object literal: its
    // optional fields then read through to Object.prototype (src/domain/inputs.ts; the in-memory
    // store's options likewise).
    const { base } = await seeded();
    const sharing = createImageSharing({ store: base, regions: ["IAD"], clock: tickingClock(), newId: counterIds() });
    const clean = await okOf(sharing.listImages(observerOf(A)));
    const outcomes: unknown[] = [];
    try {
      proto.cursor = "forged";
      proto.after = "nope";
      outcomes.push(await sharing.listImages(observerOf(A)));
      outcomes.push(await sharing.listPendingShares(observerOf(B)));
      outcomes.push(await sharing.listEvents(observerOf(A)));
    } finally {
      delete proto.cursor;
      delete proto.after;
    }
    expect(outcomes[0]).toMatchObject({ value: clean });
    for (const outcome of outcomes) expect((outcome as { isOk(): boolean }).isOk()).toBe(true);
  });

  it("R15: a polluted Array.prototype index adds no role to a sparse roles array", async () => {
    const { base, imageId } = await seeded();
    const sharing = createImageSharing({ store: base, regions: ["IAD"] });
    const arrayProto = Array.prototype as unknown as Record<number, unknown>;
    const roles: string[] = [];
    roles.length = 1; // a hole at index 0
    let result: unknown;
    try {
      arrayProto[0] = "admin";
      result = await sharing.getImage({ userId: "u", accountId: A, roles }, { imageId });
    } finally {
      delete arrayProto[0];
    }
    expect((result as { error: unknown }).error).toMatchObject({
      type: "ValidationError",
      issues: [{ path: ["principal", "roles", 0] }],
    });
  });
});

describe("R15: a hung store call ends in StorageFailure timeout (issue 8, item 9)", () => {
  const never = () => new Promise<never>(() => {});

  it('R15: a read that never settles is StorageFailure { reason: "timeout" } after timeoutMs; a read\'s outcome is not "unknown"', async () => {
    const { base, imageId } = await seeded();
    const store = { ...bound(base), readImageFacts: never } as unknown as ImageSharingStore;
    const sharing = createImageSharing({ store, regions: ["IAD"], timeoutMs: 30 });
    const started = Date.now();
    const error = await errOf(sharing.getImage(observerOf(A), { imageId }), "StorageFailure");
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(error).toMatchObject({ reason: "timeout", message: "storage did not answer within 30 ms" });
    expect(error).not.toHaveProperty("outcomeUnknown");
  });

  it("R15: for a write the outcome is unknown, and the error says so", async () => {
    const { base, imageId } = await seeded();
    const store = { ...bound(base), commit: never, commitPolicy: never } as unknown as ImageSharingStore;
    const sharing = createImageSharing({ store, regions: ["IAD"], timeoutMs: 30 });
    const errors = [
      await errOf(sharing.updateImage(adminOf(A), { imageId, name: "renamed" }), "StorageFailure"),
      await errOf(sharing.setSharingPolicy(adminOf(B), { blockFrom: ["100009"] }), "StorageFailure"),
    ];
    for (const error of errors) {
      expect(error).toMatchObject({ reason: "timeout", outcomeUnknown: true });
      expect(error.message).toMatch(/may or may not have been applied/);
    }
  });

  it("R15: other calls carry on while one hangs, and a late answer (even a rejection) is dropped without escaping", async () => {
    const { base, imageId } = await seeded();
    let releaseLate: (value: never) => void = () => {};
    let rejectLate: (cause: unknown) => void = () => {};
    const store: ImageSharingStore = {
      ...bound(base),
      listEvents: () =>
        new Promise((resolve, reject) => {
          releaseLate = resolve as never;
          rejectLate = reject;
        }),
    };
    const sharing = createImageSharing({ store, regions: ["IAD"], timeoutMs: 50 });
    const hung = sharing.listEvents(observerOf(A));
    // Meanwhile everything else answers at once.
    const started = Date.now();
    await okOf(sharing.getImage(observerOf(A), { imageId }));
    await okOf(sharing.updateImage(adminOf(A), { imageId, name: "while hung" }));
    expect(Date.now() - started).toBeLessThan(50);
    expect(await errOf(hung, "StorageFailure")).toMatchObject({ reason: "timeout" });
    rejectLate(new Error("too late"));
    void releaseLate;
    await afterTicks();
    expect(escaped).toEqual([]);
  });

  it("R15: timeoutMs Infinity waits as long as it takes", async () => {
    const { base, imageId } = await seeded();
    const slow: ImageSharingStore["readImageFacts"] = (query) =>
      new Promise((resolve) => setTimeout(() => resolve(base.readImageFacts(query) as never), 40));
    const sharing = createImageSharing({
      store: { ...bound(base), readImageFacts: slow },
      regions: ["IAD"],
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    await okOf(sharing.getImage(observerOf(A), { imageId }));
  });
});
