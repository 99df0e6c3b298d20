import { describe, expect, it } from "vitest";
import { perTurn, type Waiting } from "../../src/postgres/turn-batch.js";

// The per-turn collector behind the Postgres store's batched reads and commits.

/** A collector that records its batches and leaves them unanswered until told. */
function recorder() {
  const batches: Waiting<number, number>[][] = [];
  const call = perTurn<number, number>((batch) => {
    batches.push(batch);
  });
  const answerAll = () => {
    for (const batch of batches) for (const waiting of batch) waiting.resolve(waiting.query);
  };
  return { call, batches, answerAll };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("perTurn: the calls of one turn in one batch", () => {
  it("calls made together are one batch, each answered with its own answer", async () => {
    const { call, batches, answerAll } = recorder();
    const answers = Promise.all([call(1), call(2), call(3)]);
    await nextTurn();
    expect(batches.map((b) => b.map((w) => w.query))).toEqual([[1, 2, 3]]);
    answerAll();
    expect(await answers).toEqual([1, 2, 3]);
  });

  it("a lone call with nothing in flight is flushed before the turn's other callbacks run (it waits for nothing)", async () => {
    const { call, batches, answerAll } = recorder();
    let flushedBeforeImmediate: boolean | undefined;
    setImmediate(() => {
      flushedBeforeImmediate = batches.length === 1;
    });
    const answer = call(7);
    await nextTurn();
    await nextTurn();
    expect(flushedBeforeImmediate).toBe(true);
    answerAll();
    expect(await answer).toBe(7);
  });

  it("while calls are unanswered, calls made by different callbacks of one turn share a batch", async () => {
    const { call, batches, answerAll } = recorder();
    const first = call(0);
    await nextTurn();
    expect(batches).toHaveLength(1);
    // Two I/O-like callbacks of one turn (both immediates run in the same check phase).
    const later: Promise<number>[] = [];
    await new Promise<void>((resolve) => {
      setImmediate(() => later.push(call(1)));
      setImmediate(() => {
        later.push(call(2));
        resolve();
      });
    });
    await nextTurn();
    expect(batches.map((b) => b.map((w) => w.query))).toEqual([[0], [1, 2]]);
    answerAll();
    expect(await Promise.all([first, ...later])).toEqual([0, 1, 2]);
  });
});
