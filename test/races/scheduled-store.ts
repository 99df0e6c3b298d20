import { type ImageSharingStore, STORE_METHODS } from "cloud-image-sharing";
import type fc from "fast-check";

// Every store call becomes a scheduling point: the call itself starts only when fast-check's
// scheduler releases it, so the scheduler decides the order in which the reads and commits of
// concurrent operations reach the store. Each store call stays atomic, as the port demands.

/** A short label for a counterexample: the method and its arguments (a commit by its events). */
function labelOf(method: string, args: unknown[]): string {
  if (method === "commitPolicy")
    return `commitPolicy(${(args[0] as { policy: { accountId: string } }).policy.accountId})`;
  if (method !== "commit") return `${method}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
  const { events } = args[0] as { events: { type: string; consumerAccountId?: string; actorUserId?: string }[] };
  return `commit(${events.map((e) => `${e.type}${e.consumerAccountId === undefined ? "" : `:${e.consumerAccountId}`} by ${e.actorUserId ?? "policy"}`).join(", ")})`;
}

/** One write that reached the store: who made it (the first event's acting user) and whether it applied. */
export type CommitRecord = { readonly actor: string | undefined; readonly ok: boolean };

/** A store whose calls wait for the scheduler while `live` is true (set-up runs unscheduled). */
export type ScheduledStore = {
  readonly store: ImageSharingStore;
  live: boolean;
  /** Every write while live, in the order the store applied or refused it. */
  readonly commits: CommitRecord[];
};

/**
 * Wraps `inner` so that, while `live`, every call waits for `scheduler` before it starts.
 * `afterCommit` runs right after every write (to check invariants at every intermediate state).
 */
export function scheduledStore(
  inner: ImageSharingStore,
  scheduler: fc.Scheduler,
  afterCommit: () => Promise<void>,
): ScheduledStore {
  const handle: ScheduledStore = { store: inner, live: false, commits: [] };
  const wrapped: Record<string, unknown> = {};
  for (const method of STORE_METHODS) {
    const call = (inner[method] as (...args: unknown[]) => unknown).bind(inner);
    const write = method === "commit" || method === "commitPolicy";
    wrapped[method] = (...args: unknown[]) => {
      if (!handle.live) return call(...args);
      const run = async () => {
        const result = (await call(...args)) as { isOk(): boolean };
        if (write) {
          const first =
            method === "commit"
              ? (args[0] as { events: { actorUserId?: string }[] }).events[0]
              : (args[0] as { event: { actorUserId?: string } }).event;
          handle.commits.push({ actor: first?.actorUserId, ok: result.isOk() });
          await afterCommit();
        }
        return result;
      };
      return scheduler.schedule(Promise.resolve(method), labelOf(method, args)).then(run);
    };
  }
  return Object.assign(handle, { store: wrapped as unknown as ImageSharingStore });
}
