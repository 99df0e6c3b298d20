// Calls made while one turn of the event loop runs (a server answering many requests at once),
// collected for one statement, the way DataLoader batches: the first call schedules the flush
// for the end of the turn, every call until then joins.

/** A call waiting for its batch. */
export type Waiting<Q, A> = {
  readonly query: Q;
  readonly resolve: (answer: A) => void;
  readonly reject: (cause: unknown) => void;
};

/** Runs `flush` once the jobs queued now are done, and the jobs they queue (Node's `nextTick`; a microtask elsewhere). */
const afterCurrentJobs: (flush: () => void) => void =
  typeof process === "object" && typeof process?.nextTick === "function"
    ? (flush) => process.nextTick(flush)
    : (flush) => queueMicrotask(flush);

/**
 * Runs `flush` at the end of this turn of the event loop, after its I/O callbacks (`setImmediate`;
 * elsewhere, a microtask): the answers of many connections that arrive together resume their
 * callers in one turn, and their next calls share a statement. With a tick-level flush, callers
 * resumed by different sockets would each send their own, and stay apart for good.
 */
const atEndOfTurn: (flush: () => void) => void =
  typeof setImmediate === "function" ? (flush) => void setImmediate(flush) : afterCurrentJobs;

/**
 * A function whose calls of one turn reach `flush` together; `flush` must settle every one of
 * them. While earlier calls are still unanswered (a busy server), a batch waits for the end of
 * the turn to gather the calls that other answers resume; a call with none in flight (a lone
 * client) waits only for the jobs already queued, which costs it nothing measurable.
 */
export function perTurn<Q, A>(flush: (batch: Waiting<Q, A>[]) => void): (query: Q) => Promise<A> {
  let pending: Waiting<Q, A>[] | null = null;
  let unanswered = 0;
  return (query) =>
    new Promise<A>((resolve, reject) => {
      if (pending === null) {
        const batch: Waiting<Q, A>[] = [];
        pending = batch;
        (unanswered > 0 ? atEndOfTurn : afterCurrentJobs)(() => {
          pending = null;
          flush(batch);
        });
      }
      unanswered += 1;
      let settled = false;
      const settle = () => {
        if (!settled) unanswered -= 1;
        settled = true;
      };
      pending.push({
        query,
        resolve: (answer) => {
          settle();
          resolve(answer);
        },
        reject: (cause) => {
          settle();
          reject(cause);
        },
      });
    });
}

/** Settles a waiting call with what `work` answers, or its failure (a synchronous throw included). */
export function answerWith<Q, A>(waiting: Waiting<Q, A>, work: (query: Q) => Promise<A>): void {
  try {
    work(waiting.query).then(waiting.resolve, waiting.reject);
  } catch (cause) {
    waiting.reject(cause);
  }
}

/** How {@link batchedPerTurn} answers the calls of one turn. */
export type TurnBatching<Q, A> = {
  /** Splits the calls of a turn into groups that may share a statement. */
  readonly split: (batch: readonly Waiting<Q, A>[]) => readonly (readonly Waiting<Q, A>[])[];
  /** Answers one call alone (a group of one). */
  readonly single: (query: Q) => Promise<A>;
  /** Answers a group of several in one statement; settles every call, never rejects. */
  readonly many: (group: readonly Waiting<Q, A>[]) => Promise<void>;
};

/** A function whose calls of one turn are answered group by group: alone by `single`, together by `many`. */
export function batchedPerTurn<Q, A>({ split, single, many }: TurnBatching<Q, A>): (query: Q) => Promise<A> {
  return perTurn<Q, A>((batch) => {
    for (const group of split(batch)) {
      const lone = group.length === 1 ? group[0] : undefined;
      if (lone !== undefined) answerWith(lone, single);
      else void many(group);
    }
  });
}
