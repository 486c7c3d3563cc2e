/**
 * A small seeded PRNG: training must be reproducible (same data + seed → same model,
 * byte for byte), which Math.random cannot give.
 */

export interface SeededRandom {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  below(n: number): number;
  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T;
}

/** mulberry32: tiny, fast, good enough for shuffling and splitting. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number): number => Math.floor(next() * n);
  return {
    next,
    below,
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = below(i + 1);
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
  };
}
