import { describe, expect, it } from 'vitest';
import { DEFAULT_LINEAR_OPTIONS, linearScores, linearScoresOfRows, softmaxInPlace, trainSoftmaxRegression } from './linear.model.ts';
import type { CsrMatrix } from './sparse.vectors.ts';
import { createSeededRandom } from './seeded.random.ts';

/** Three classes, each marked by its own feature (0, 1, 2) plus shared noise features 3–39. */
function toyData(n: number, seed: number): { data: CsrMatrix; labels: Int32Array } {
  const random = createSeededRandom(seed);
  const rowStart = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    labels[i] = label;
    const row = [label, ...Array.from({ length: 12 }, () => 3 + random.below(37))].sort((a, b) => a - b);
    const unique = [...new Set(row)];
    const norm = Math.sqrt(unique.length);
    for (const index of unique) {
      indices.push(index);
      values.push(1 / norm);
    }
    rowStart[i + 1] = indices.length;
  }
  return { data: { rows: n, columns: 40, rowStart, indices: Int32Array.from(indices), values: Float32Array.from(values) }, labels };
}

describe('softmax regression', () => {
  it('learns a separable problem and is deterministic for a seed', () => {
    const { data, labels } = toyData(300, 1);
    const rows = Int32Array.from({ length: 300 }, (_, i) => i);
    const model = trainSoftmaxRegression(data, labels, rows, 3, DEFAULT_LINEAR_OPTIONS);
    const again = trainSoftmaxRegression(data, labels, rows, 3, DEFAULT_LINEAR_OPTIONS);
    expect(Array.from(again.weights)).toEqual(Array.from(model.weights));
    const test = toyData(90, 2);
    const logits = linearScoresOfRows(model, test.data, Int32Array.from({ length: 90 }, (_, i) => i));
    let correct = 0;
    for (let i = 0; i < 90; i++) {
      const row = Array.from(logits.subarray(i * 3, i * 3 + 3));
      if (row.indexOf(Math.max(...row)) === test.labels[i]) correct += 1;
    }
    expect(correct).toBe(90);
  });

  it('reports falling loss per epoch and can stop early', () => {
    const { data, labels } = toyData(300, 1);
    const losses: number[] = [];
    trainSoftmaxRegression(data, labels, Int32Array.from({ length: 300 }, (_, i) => i), 3, { ...DEFAULT_LINEAR_OPTIONS, epochs: 10 }, (stats) => {
      losses.push(stats.loss);
      return stats.epoch === 3;
    });
    expect(losses.length).toBe(3);
    expect(losses[2]).toBeLessThan(losses[0] as number);
  });

  it('scores with the unrolled loop exactly like the plain sum', () => {
    const random = createSeededRandom(9);
    const classes = 5;
    const model = { dimension: 100, classes, weights: Float32Array.from({ length: 500 }, () => random.next() - 0.5), bias: Float32Array.from([0.1, 0, -0.1, 0.2, 0]) };
    const indices = Int32Array.from({ length: 19 }, (_, i) => i * 5);
    const values = Float32Array.from({ length: 19 }, () => random.next());
    const out = new Float64Array(classes);
    linearScores(model, indices, values, 0, 19, out);
    for (let k = 0; k < classes; k++) {
      let expected = model.bias[k] as number;
      for (let p = 0; p < 19; p++) expected += (values[p] as number) * (model.weights[(indices[p] as number) * classes + k] as number);
      expect(out[k]).toBeCloseTo(expected, 5);
    }
  });

  it('softmax is stable for large scores and respects the temperature', () => {
    const scores = Float64Array.from([1000, 999, 0]);
    softmaxInPlace(scores, 1);
    expect(scores[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
    const hot = Float64Array.from([2, 0]);
    softmaxInPlace(hot, 2);
    expect(hot[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
  });
});
