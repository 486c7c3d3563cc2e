import { describe, expect, it } from 'vitest';
import { cosineSimilarity, createRowSorter } from './sparse.vectors.ts';
import { createSeededRandom } from './seeded.random.ts';

describe('row sorter', () => {
  it('sorts by index and sums duplicates, for any dimension', () => {
    for (const dimension of [10, 5000, 1 << 20, 1 << 23]) {
      const random = createSeededRandom(dimension);
      const indices = Int32Array.from({ length: 3000 }, () => random.below(dimension));
      const values = Float32Array.from({ length: 3000 }, () => random.next());
      const expected = new Map<number, number>();
      indices.forEach((index, i) => expected.set(index, (expected.get(index) ?? 0) + (values[i] as number)));
      // Sort a window in the middle, leaving the rest untouched.
      const before = indices[0];
      const end = createRowSorter(dimension).sortAndMerge(indices, values, 1, 3000);
      expect(indices[0]).toBe(before);
      const window = Array.from(indices.subarray(1, end));
      expect(window).toEqual([...window].sort((a, b) => a - b));
      expect(new Set(window).size).toBe(window.length);
    }
  });

  it('merges duplicates with their summed values', () => {
    const indices = Int32Array.from([5, 3, 5, 1, 3]);
    const values = Float32Array.from([1, 2, 3, 4, 5]);
    const end = createRowSorter(8).sortAndMerge(indices, values, 0, 5);
    expect(Array.from(indices.subarray(0, end))).toEqual([1, 3, 5]);
    expect(Array.from(values.subarray(0, end))).toEqual([4, 7, 4]);
  });
});

describe('cosine similarity', () => {
  it('is 1 for parallel, 0 for disjoint and 0 for empty vectors', () => {
    const a = { indices: Int32Array.from([1, 2]), values: Float32Array.from([1, 1]) };
    const b = { indices: Int32Array.from([2, 1]), values: Float32Array.from([3, 3]) };
    const c = { indices: Int32Array.from([7]), values: Float32Array.from([1]) };
    const empty = { indices: new Int32Array(0), values: new Float32Array(0) };
    expect(cosineSimilarity(a, b)).toBeCloseTo(1, 6);
    expect(cosineSimilarity(a, c)).toBe(0);
    expect(cosineSimilarity(a, empty)).toBe(0);
  });
});
