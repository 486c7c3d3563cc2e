/** Splitting a number of documents over categories by their shares, exactly and deterministically. */
import type { Rng } from '../fixtures/prng.ts';
import { PRIORS, REQUEST_TYPES, type RequestType } from './taxonomy.ts';

/** Counts proportional to `shares` (largest remainder), at least `minimum` each when `count` allows; sums to `count`. */
export function apportion(count: number, shares: readonly number[], minimum = 0): number[] {
  const floor = count >= shares.length * minimum ? minimum : 0;
  const rest = count - floor * shares.length;
  const total = shares.reduce((a, b) => a + b, 0);
  const raw = shares.map((s) => (s / total) * rest);
  const out = raw.map((r) => Math.floor(r));
  let missing = rest - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i] = (out[i] as number) + 1;
    missing--;
  }
  return out.map((n) => n + floor);
}

/** `items` repeated by their apportioned counts, in random order. */
export function shuffledQuota<T>(rng: Rng, items: readonly T[], shares: readonly number[], count: number, minimum = 0): T[] {
  const counts = apportion(count, shares, minimum);
  return rng.shuffle(items.flatMap((item, i) => Array.from({ length: counts[i] ?? 0 }, () => item)));
}

/** The request type of each of `count` documents by the priors (every type at least once if possible), in random order. */
export function labelSequence(rng: Rng, count: number): RequestType[] {
  return shuffledQuota(rng, REQUEST_TYPES, REQUEST_TYPES.map((t) => PRIORS[t]), count, 1);
}
