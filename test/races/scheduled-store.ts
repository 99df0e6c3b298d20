import { type ImageSharingStore, STORE_METHODS } from "cloud-image-sharing";
import type fc from "fast-check";
import { ResultAsync } from "neverthrow";

// Every store call becomes a scheduling point: the call itself starts only when fast-check's
// scheduler releases it, so the scheduler decides the order in which the reads and commits of
// concurrent operations reach the store. Each store call stays atomic, as the port demands.

/** A short label for a counterexample: the method and its arguments (a commit by its events). */
function labelOf(method: string, args: unknown[]): string {
  if (method !== "commit") return `${method}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
  const { events } = args[0] as { events: { type: string; consumerAccountId?: string; actorUserId: string }[] };
  return `commit(${events.map((e) => `${e.type}${e.consumerAccountId === undefined ? "" : `:${e.consumerAccountId}`} by ${e.actorUserId}`).join(", ")})`;
}

/** A store whose calls wait for the scheduler while `live` is true (set-up runs unscheduled). */
export type ScheduledStore = { readonly store: ImageSharingStore; live: boolean };

/**
 * Wraps `inner` so that, while `live`, every call waits for `scheduler` before it starts.
 * `afterCommit` runs right after every commit (to check invariants at every intermediate state).
 */
export function scheduledStore(inner: ImageSharingStore, scheduler: fc.Scheduler, afterCommit: () => Promise<void>): ScheduledStore {
  const handle: ScheduledStore = { store: inner, live: false };
  const wrapped: Record<string, unknown> = {};
  for (const method of STORE_METHODS) {
    const call = (inner[method] as (...args: unknown[]) => ResultAsync<unknown, never>).bind(inner);
    wrapped[method] = (...args: unknown[]) => {
      const run = () => {
        const result = call(...args);
        return method === "commit" ? result.andThen((value) => ResultAsync.fromSafePromise(afterCommit().then(() => value))) : result;
      };
      if (!handle.live) return run();
      const released = scheduler.schedule(Promise.resolve(method), labelOf(method, args));
      return new ResultAsync(released.then(run));
    };
  }
  return Object.assign(handle, { store: wrapped as unknown as ImageSharingStore });
}
