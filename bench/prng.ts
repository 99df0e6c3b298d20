/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same world on every
 * machine and every run, so two benchmark runs measure the same data. Never `Math.random`.
 */
export type Prng = {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [0, bound). */
  below(bound: number): number;
};

/**
 * A mulberry32 generator: 32 bits of state, period 2^32, fast and good enough to spread
 * synthetic records (not for cryptography).
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (bound) => Math.floor(next() * bound) };
}
