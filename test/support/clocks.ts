// Deterministic time and ids for tests (the service takes `clock` and `newId` as options).

/** A clock that starts at `start` and moves `stepMs` forward every time it is read. */
export function tickingClock(start = "2026-01-01T00:00:00.000Z", stepMs = 1000): () => Date {
  let next = Date.parse(start);
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
}

/** A clock the test moves by hand (`set`, `advance`), for expiry (R18). Reading it does not move it. */
export type ControlledClock = (() => Date) & { set(iso: string): void; advance(ms: number): void; iso(): string };

/** A {@link ControlledClock} starting at `start`. */
export function controlledClock(start = "2026-01-01T00:00:00.000Z"): ControlledClock {
  let now = Date.parse(start);
  const clock = (() => new Date(now)) as ControlledClock;
  clock.set = (iso) => {
    now = Date.parse(iso);
  };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.iso = () => new Date(now).toISOString();
  return clock;
}

/** A clock stuck at one instant: every timestamp is equal, so order falls back to ids. */
export function frozenClock(at = "2026-01-01T00:00:00.000Z"): () => Date {
  return () => new Date(at);
}

/** Ids `prefix-0001`, `prefix-0002`, … (zero-padded so string order is creation order). */
export function counterIds(prefix = "id"): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}-${String(n).padStart(4, "0")}`;
  };
}
