// Calls made while one turn of the event loop runs (a server answering many requests at once),
// collected for one statement, the way DataLoader batches: the first call schedules the flush
// for when the jobs queued now are done (and the jobs they queue), every call until then joins.

/** A call waiting for its batch. */
export type Waiting<Q, A> = {
  readonly query: Q;
  readonly resolve: (answer: A) => void;
  readonly reject: (cause: unknown) => void;
};

/** Runs `flush` once the jobs queued now are done (Node's `nextTick`; a microtask elsewhere). */
const afterCurrentJobs: (flush: () => void) => void =
  typeof process === "object" && typeof process?.nextTick === "function"
    ? (flush) => process.nextTick(flush)
    : (flush) => queueMicrotask(flush);

/** A function whose calls of one turn reach `flush` together; `flush` must settle every one of them. */
export function perTurn<Q, A>(flush: (batch: Waiting<Q, A>[]) => void): (query: Q) => Promise<A> {
  let pending: Waiting<Q, A>[] | null = null;
  return (query) =>
    new Promise<A>((resolve, reject) => {
      if (pending === null) {
        const batch: Waiting<Q, A>[] = [];
        pending = batch;
        afterCurrentJobs(() => {
          pending = null;
          flush(batch);
        });
      }
      pending.push({ query, resolve, reject });
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
