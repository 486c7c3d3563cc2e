/**
 * Calibration and the decisions built on calibrated probabilities.
 *
 * Temperature scaling (Guo et al., 2017): one scalar T divides all logits, fitted to minimise the
 * negative log-likelihood on held-out examples. It fixes the typical over- or under-confidence of a
 * trained linear model without changing which label wins, so accuracy is untouched while
 * "confidence 0.9" comes to mean "right about 9 times in 10".
 *
 * With a small held-out set that happens to be classified perfectly the NLL keeps falling as T → 0 and
 * every prediction would claim certainty. The fit therefore uses label-smoothed targets with
 * ε = 1 / (n + 2) (Laplace's rule: n correct answers do not prove an error rate of 0); for realistic n the
 * smoothing is negligible.
 *
 * Abstention and secondary labels are thresholds on the calibrated probabilities: below `abstainBelow`
 * the classifier answers `label: null` (a person decides), and other labels above `secondaryAbove`
 * are reported as `secondary` — a letter that cancels a contract and changes the bank details.
 */
import { softmaxInPlace } from './linear.model.ts';

const MIN_TEMPERATURE = 0.05;
const MAX_TEMPERATURE = 50;

/** Mean cross-entropy of softmax(logits / T) against (optionally smoothed) one-hot targets. */
export function negativeLogLikelihood(logits: Float64Array, labels: Int32Array, classes: number, temperature: number, smoothing = 0): number {
  const n = labels.length;
  if (n === 0) return 0;
  const other = classes > 1 ? smoothing / (classes - 1) : 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, (logits[offset + k] as number) / temperature);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp((logits[offset + k] as number) / temperature - max);
    const logSum = max + Math.log(sum);
    const label = labels[i] as number;
    for (let k = 0; k < classes; k++) {
      const target = k === label ? 1 - smoothing : other;
      if (target > 0) total -= target * ((logits[offset + k] as number) / temperature - logSum);
    }
  }
  return total / n;
}

/**
 * The temperature minimising the held-out NLL, by golden-section search on ln T (the NLL is convex in
 * 1/T, hence unimodal in ln T). Logits are row-major (n × classes). Returns 1 without examples.
 */
export function fitTemperature(logits: Float64Array, labels: Int32Array, classes: number, smoothing = 1 / (labels.length + 2)): number {
  if (labels.length === 0) return 1;
  const objective = (logT: number) => negativeLogLikelihood(logits, labels, classes, Math.exp(logT), smoothing);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(MIN_TEMPERATURE);
  let high = Math.log(MAX_TEMPERATURE);
  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftValue = objective(left);
  let rightValue = objective(right);
  for (let iteration = 0; iteration < 60 && high - low > 1e-5; iteration++) {
    if (leftValue <= rightValue) {
      high = right;
      right = left;
      rightValue = leftValue;
      left = high - ratio * (high - low);
      leftValue = objective(left);
    } else {
      low = left;
      left = right;
      leftValue = rightValue;
      right = low + ratio * (high - low);
      rightValue = objective(right);
    }
  }
  return Math.exp((low + high) / 2);
}

/**
 * Expected calibration error: examples binned by confidence into equal-width bins, the
 * support-weighted mean of |accuracy − mean confidence| per bin. 0 is perfectly calibrated.
 */
export function expectedCalibrationError(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, bins = 15): number {
  const n = confidences.length;
  if (n === 0) return 0;
  const count = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const confidence = confidences[i] as number;
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(confidence * bins) - 1));
    count[bin] = (count[bin] as number) + 1;
    confidenceSum[bin] = (confidenceSum[bin] as number) + confidence;
    if (correct[i]) correctSum[bin] = (correctSum[bin] as number) + 1;
  }
  let ece = 0;
  for (let bin = 0; bin < bins; bin++) {
    const c = count[bin] as number;
    if (c > 0) ece += (c / n) * Math.abs((correctSum[bin] as number) / c - (confidenceSum[bin] as number) / c);
  }
  return ece;
}

export interface DecisionThresholds {
  /** Below this calibrated confidence the answer is `label: null`. */
  abstainBelow: number;
  /** Other labels at or above this calibrated probability are listed as secondary. */
  secondaryAbove: number;
}

export interface Decision {
  /** The winning label, or null when the classifier abstains. */
  label: string | null;
  /** Calibrated probability of the best label (also when abstaining). */
  confidence: number;
  /** The best label even when abstaining — a suggestion for the person who decides. */
  candidate: string;
  /** Other labels with calibrated probability ≥ secondaryAbove, most probable first. */
  secondary: { label: string; confidence: number }[];
}

/** Calibrated probabilities from logits: softmax(logits / T), in place. */
export function calibrateInPlace(logits: Float64Array, temperature: number): Float64Array {
  softmaxInPlace(logits, temperature);
  return logits;
}

export function decide(probabilities: ArrayLike<number>, labels: readonly string[], thresholds: DecisionThresholds): Decision {
  let best = 0;
  for (let k = 1; k < labels.length; k++) if ((probabilities[k] as number) > (probabilities[best] as number)) best = k;
  const confidence = probabilities[best] as number;
  const secondary: { label: string; confidence: number }[] = [];
  for (let k = 0; k < labels.length; k++) {
    const probability = probabilities[k] as number;
    if (k !== best && probability >= thresholds.secondaryAbove) secondary.push({ label: labels[k] as string, confidence: probability });
  }
  secondary.sort((a, b) => b.confidence - a.confidence);
  const candidate = labels[best] as string;
  return { label: confidence >= thresholds.abstainBelow ? candidate : null, confidence, candidate, secondary };
}
