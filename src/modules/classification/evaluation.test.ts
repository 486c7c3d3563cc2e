import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, evaluate, labelSet, macroF1, perClassMetrics } from './evaluation.ts';

// Hand-computed example, 3 classes, 8 examples:
//   actual    a a a b b c c c
//   predicted a a b b c c c a
// confusion (rows actual a,b,c; columns predicted a,b,c):
//   a: 2 1 0   b: 0 1 1   c: 1 0 2
// precision a 2/3, b 1/2, c 2/3; recall a 2/3, b 1/2, c 2/3; F1 = precision = recall per class.
const actual = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c'];
const predicted = ['a', 'a', 'b', 'b', 'c', 'c', 'c', 'a'];

describe('evaluation metrics', () => {
  it('computes accuracy', () => {
    expect(accuracy(actual, predicted)).toBeCloseTo(5 / 8, 10);
    expect(accuracy([], [])).toBe(0);
  });

  it('builds the confusion matrix with rows = actual, columns = predicted', () => {
    const confusion = confusionMatrix(actual, predicted);
    expect(confusion.labels).toEqual(['a', 'b', 'c']);
    expect(confusion.matrix).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 2],
    ]);
    expect(confusion.abstained).toEqual([0, 0, 0]);
  });

  it('computes per-class precision, recall, F1 and support', () => {
    const metrics = perClassMetrics(confusionMatrix(actual, predicted));
    expect(metrics.map((metric) => metric.label)).toEqual(['a', 'b', 'c']);
    expect(metrics[0]?.precision).toBeCloseTo(2 / 3, 10);
    expect(metrics[0]?.recall).toBeCloseTo(2 / 3, 10);
    expect(metrics[1]?.f1).toBeCloseTo(1 / 2, 10);
    expect(metrics[2]?.f1).toBeCloseTo(2 / 3, 10);
    expect(metrics.map((metric) => metric.support)).toEqual([3, 2, 3]);
    expect(macroF1(actual, predicted)).toBeCloseTo((2 / 3 + 1 / 2 + 2 / 3) / 3, 10);
  });

  it('handles unequal precision and recall', () => {
    // actual a a b b, predicted a a a b: a precision 2/3 recall 1 → F1 0.8; b precision 1 recall 1/2 → F1 2/3.
    const metrics = perClassMetrics(confusionMatrix(['a', 'a', 'b', 'b'], ['a', 'a', 'a', 'b']));
    expect(metrics[0]?.f1).toBeCloseTo(0.8, 10);
    expect(metrics[1]?.f1).toBeCloseTo(2 / 3, 10);
  });

  it('counts abstentions as not correct without charging any class precision', () => {
    const report = evaluate(['a', 'a', 'b', 'b'], ['a', null, 'b', null]);
    expect(report.accuracy).toBe(0.5);
    expect(report.coverage).toBe(0.5);
    expect(report.selectiveAccuracy).toBe(1);
    expect(report.perClass[0]?.precision).toBe(1);
    expect(report.perClass[0]?.recall).toBe(0.5);
    expect(report.confusion.abstained).toEqual([1, 1]);
  });

  it('gives a class without support and predictions F1 0 when it is in the label list', () => {
    const report = evaluate(['a', 'b'], ['a', 'b'], ['a', 'b', 'c']);
    expect(report.perClass[2]).toEqual({ label: 'c', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(report.macroF1).toBeCloseTo(2 / 3, 10);
  });

  it('collects labels from both sides and rejects mismatched input', () => {
    expect(labelSet(['b'], ['a', null])).toEqual(['a', 'b']);
    expect(() => accuracy(['a'], [])).toThrow(/1 actual labels but 0 predictions/);
    expect(() => confusionMatrix(['a'], ['z'], ['a'])).toThrow(/not in the label list/);
  });
});
