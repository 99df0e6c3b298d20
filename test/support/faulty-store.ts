import { type ImageSharingStore, STORE_METHODS } from "cloud-image-sharing";
import fc from "fast-check";
import { err } from "neverthrow";

// A store that misbehaves on demand, the way real stores and drivers do (R15): the n-th store
// call of an operation throws, rejects, answers garbage or a raw driver error, or hangs — before
// or after its change was applied. The plan is data (shrinkable, replayable by fast-check).

/** How one store call misbehaves. */
export type FaultKind = "throw" | "reject" | "raw-error" | "garbage" | "hang-before" | "hang-after";

/** Which store call of the next operation fails (0 = its first), and how. */
export type Fault = { readonly call: number; readonly kind: FaultKind };

/** Faults, with the odd kinds less likely than the common ones. */
export const faultArb: fc.Arbitrary<Fault> = fc.record({
  call: fc.nat({ max: 2 }),
  kind: fc.constantFrom<FaultKind>("throw", "reject", "raw-error", "garbage", "hang-before", "hang-after"),
});

/** The methods that change the store. */
const WRITES: ReadonlySet<string> = new Set(["commit", "commitPolicy"]);

/** What the wrapper injected during the armed operation, if anything. */
export type Injected = { readonly kind: FaultKind; readonly method: string; readonly write: boolean };

/** A store wrapper with a fault armed for the next operation. */
export type FaultyStore = {
  readonly store: ImageSharingStore;
  /** Arms `fault` (or nothing) for the calls that follow, and forgets what was injected before. */
  arm(fault: Fault | undefined): void;
  /** Disarms (observation calls must see the real store). */
  disarm(): void;
  /** The fault injected since the last `arm`, if any. */
  readonly injected: Injected | undefined;
};

/** Wraps `inner` so that an armed fault fires at the given store call. */
export function faultyStore(inner: ImageSharingStore): FaultyStore {
  let armed: Fault | undefined;
  let calls = 0;
  let injected: Injected | undefined;
  const wrapped: Record<string, unknown> = {};
  for (const method of STORE_METHODS) {
    const call = (inner[method] as (...args: unknown[]) => unknown).bind(inner);
    wrapped[method] = (...args: unknown[]) => {
      const fault = armed;
      if (fault === undefined || calls++ !== fault.call) return call(...args);
      armed = undefined;
      injected = { kind: fault.kind, method, write: WRITES.has(method) };
      switch (fault.kind) {
        case "throw":
          throw new Error(`injected: ${method} threw`);
        case "reject":
          return Promise.reject(new Error(`injected: ${method} rejected`));
        case "raw-error":
          // The neverthrow adapter idiom `ResultAsync.fromPromise(query, (e) => e)` hands the raw driver error over.
          return Promise.resolve(err(Object.assign(new Error("ECONNRESET"), { code: "ECONNRESET" })));
        case "garbage":
          return Promise.resolve({ rows: [], rowCount: 0 });
        case "hang-before":
          return new Promise(() => {});
        case "hang-after": {
          // The change is applied (if any), but the answer never comes back.
          const answer = call(...args);
          void Promise.resolve(answer).catch(() => {});
          return new Promise(() => {});
        }
      }
    };
  }
  return {
    store: wrapped as unknown as ImageSharingStore,
    arm(fault) {
      armed = fault;
      calls = 0;
      injected = undefined;
    },
    disarm() {
      armed = undefined;
    },
    get injected() {
      return injected;
    },
  };
}

/** The `StorageFailure` details the service must answer for an injected fault (SPEC section 4, R15). */
export function expectedFailure(injected: Injected): Record<string, unknown> {
  switch (injected.kind) {
    case "garbage":
      return { type: "StorageFailure", reason: "invalid-response" };
    case "hang-before":
    case "hang-after":
      return { type: "StorageFailure", reason: "timeout", ...(injected.write ? { outcomeUnknown: true } : {}) };
    default:
      return { type: "StorageFailure", reason: "unavailable" };
  }
}
