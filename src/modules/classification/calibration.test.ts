import { describe, expect, it } from 'vitest';
import { decide, expectedCalibrationError, fitTemperature, negativeLogLikelihood } from './calibration.ts';
import { softmaxInPlace } from './linear.model.ts';
import { createSeededRandom } from './seeded.random.ts';

describe('expected calibration error', () => {
  it('is 0 when confidence matches accuracy in every bin', () => {
    // Bin (0.6, 0.667]: confidences 0.65 ×4 with 2.6 correct is impossible; use 0.75 ×4 with 3 correct.
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false], 10)).toBeCloseTo(0, 10);
  });

  it('is the support-weighted gap between confidence and accuracy (hand-computed)', () => {
    // 10 bins. Bin (0.9, 1]: 0.95, 0.95 with 1 correct → |0.5 − 0.95| = 0.45, weight 2/4.
    // Bin (0.5, 0.6]: 0.55, 0.55 with 2 correct → |1 − 0.55| = 0.45, weight 2/4. ECE = 0.45.
    expect(expectedCalibrationError([0.95, 0.95, 0.55, 0.55], [true, false, true, true], 10)).toBeCloseTo(0.45, 10);
    expect(expectedCalibrationError([], [])).toBe(0);
  });
});

describe('temperature scaling', () => {
  it('recovers the temperature that generated the labels', () => {
    const random = createSeededRandom(3);
    const classes = 4;
    const n = 4000;
    const trueTemperature = 2.5;
    const logits = new Float64Array(n * classes);
    const labels = new Int32Array(n);
    const probabilities = new Float64Array(classes);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < classes; k++) logits[i * classes + k] = (random.next() - 0.5) * 12;
      probabilities.set(logits.subarray(i * classes, (i + 1) * classes));
      softmaxInPlace(probabilities, trueTemperature);
      // Sample the label from the true (tempered) distribution.
      let u = random.next();
      let label = classes - 1;
      for (let k = 0; k < classes; k++) {
        u -= probabilities[k] as number;
        if (u < 0) {
          label = k;
          break;
        }
      }
      labels[i] = label;
    }
    const fitted = fitTemperature(logits, labels, classes, 0);
    expect(fitted).toBeGreaterThan(2.2);
    expect(fitted).toBeLessThan(2.8);
    expect(negativeLogLikelihood(logits, labels, classes, fitted)).toBeLessThan(negativeLogLikelihood(logits, labels, classes, 1));
  });

  it('does not claim certainty from a small, perfectly classified held-out set', () => {
    // 10 examples, all correct with a wide margin: without smoothing T would run to its lower bound.
    const logits = new Float64Array(20);
    const labels = new Int32Array(10);
    for (let i = 0; i < 10; i++) {
      labels[i] = i % 2;
      logits[i * 2 + (i % 2)] = 3;
    }
    const temperature = fitTemperature(logits, labels, 2);
    const probabilities = Float64Array.from([3, 0]);
    softmaxInPlace(probabilities, temperature);
    // Laplace: 10 of 10 correct → about 11/12 ≈ 0.92.
    expect(probabilities[0]).toBeGreaterThan(0.85);
    expect(probabilities[0]).toBeLessThan(0.97);
    expect(fitTemperature(new Float64Array(0), new Int32Array(0), 2)).toBe(1);
  });
});

describe('decide', () => {
  const labels = ['kuendigung', 'bankverbindung', 'umzug'];

  it('answers the best label with its probability and lists strong runners-up as secondary', () => {
    const decision = decide([0.55, 0.35, 0.1], labels, { abstainBelow: 0.5, secondaryAbove: 0.25 });
    expect(decision).toEqual({ label: 'kuendigung', confidence: 0.55, candidate: 'kuendigung', secondary: [{ label: 'bankverbindung', confidence: 0.35 }] });
  });

  it('abstains below the threshold but still names the candidate', () => {
    const decision = decide([0.45, 0.3, 0.25], labels, { abstainBelow: 0.5, secondaryAbove: 0.25 });
    expect(decision.label).toBeNull();
    expect(decision.confidence).toBe(0.45);
    expect(decision.candidate).toBe('kuendigung');
    expect(decision.secondary.map((entry) => entry.label)).toEqual(['bankverbindung', 'umzug']);
  });
});
