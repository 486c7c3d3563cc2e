/**
 * Multinomial logistic regression (softmax) over sparse features, trained with AdaGrad.
 *
 * Why softmax regression and not a one-vs-rest SVM (Pegasos): it gives a probability distribution
 * over all labels directly, which temperature scaling can calibrate and which abstention and
 * "secondary intent" thresholds need; on TF-IDF text features its accuracy is on a par with a linear SVM.
 *
 * Why AdaGrad: per-feature step sizes suit text, where a few features occur in every letter and most
 * in a handful — rare but telling words get large steps, frequent ones small steps. It is row-wise
 * AdaGrad (one accumulator per feature, shared by the classes): the adaptivity that matters is between
 * features, and it costs one square root per non-zero instead of one per non-zero and class. The
 * accumulators start at `initialAccumulator` (as in TensorFlow's Adagrad), so the first step is
 * proportional to the gradient and, documents being L2-normalised, its size in score space does not
 * depend on the document's length. Training is per example in a seeded shuffled order: deterministic.
 *
 * L2 regularisation is applied "on touch" (only to the rows of the current example), the standard way
 * to keep sparse updates O(non-zeros × classes); frequent features are thus regularised more often,
 * which is harmless. Examples that are already fitted (all |p − y| below `skipBelow`) are skipped, and
 * classes with a negligible gradient are left out of an update.
 *
 * Weights are feature-major (`weights[feature * classes + class]`): one non-zero touches one contiguous
 * run of memory. The inner loops are unrolled (see `linearScores`, `updateRows`) because on a vocabulary
 * that does not fit the CPU cache the time goes into memory latency, which unrolling overlaps.
 */
import type { CsrMatrix } from './sparse.vectors.ts';
import { createSeededRandom } from './seeded.random.ts';

export interface LinearTrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update. */
  l2: number;
  initialAccumulator: number;
  /** An example whose largest |p - y| is below this is not updated (it is fitted already). */
  skipBelow: number;
  /** A class whose |p - y| is below this is not updated for the example (invisible change at full cost). */
  classSkipBelow: number;
  seed: number;
  /** Loss weight per class (e.g. inverse frequency for balanced training); null for 1. */
  classWeights: Float32Array | null;
}

export const DEFAULT_LINEAR_OPTIONS: LinearTrainingOptions = {
  epochs: 5,
  learningRate: 0.5,
  l2: 1e-5,
  initialAccumulator: 0.1,
  skipBelow: 1e-3,
  classSkipBelow: 1e-4,
  seed: 1,
  classWeights: null,
};

export interface LinearWeights {
  dimension: number;
  classes: number;
  /** dimension × classes, feature-major. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface EpochStats {
  epoch: number;
  /** Mean cross-entropy over the epoch's examples, measured before each update. */
  loss: number;
  /** Examples that were updated (the rest were already fitted). */
  updated: number;
}

export function trainSoftmaxRegression(
  data: CsrMatrix,
  labels: Int32Array,
  rows: Int32Array,
  classes: number,
  options: LinearTrainingOptions,
  onEpoch?: (stats: EpochStats, model: LinearWeights) => boolean | void,
): LinearWeights {
  const dimension = data.columns;
  const weights = new Float32Array(dimension * classes);
  // One AdaGrad accumulator per feature (row-wise AdaGrad): the adaptivity that matters for text is
  // between rare and frequent features, not between classes, and it costs one square root per
  // non-zero instead of one per non-zero and class.
  const accumulators = new Float32Array(dimension).fill(options.initialAccumulator);
  const bias = new Float32Array(classes);
  const biasAccumulators = new Float64Array(classes).fill(options.initialAccumulator);
  const model: LinearWeights = { dimension, classes, weights, bias };
  const scores = new Float64Array(classes);
  const gradient = new Float64Array(classes);
  const active = new Int32Array(classes);
  const order = Int32Array.from(rows);
  const random = createSeededRandom(options.seed);
  const { rowStart, indices, values } = data;
  const { learningRate, l2, skipBelow, classSkipBelow, classWeights } = options;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    random.shuffle(order);
    let loss = 0;
    let updated = 0;
    for (let o = 0; o < order.length; o++) {
      const row = order[o] as number;
      const start = rowStart[row] as number;
      const end = rowStart[row + 1] as number;
      const label = labels[row] as number;
      linearScores(model, indices, values, start, end, scores);
      softmaxInPlace(scores, 1);
      loss -= Math.log(Math.max(scores[label] as number, 1e-12));
      const classWeight = classWeights ? (classWeights[label] as number) : 1;
      let largest = 0;
      let activeCount = 0;
      let squaredGradient = 0;
      for (let k = 0; k < classes; k++) {
        const g = ((scores[k] as number) - (k === label ? 1 : 0)) * classWeight;
        gradient[k] = g;
        const magnitude = Math.abs(g);
        if (magnitude > largest) largest = magnitude;
        if (magnitude >= classSkipBelow) {
          active[activeCount++] = k;
          squaredGradient += g * g;
        }
      }
      if (largest < skipBelow) continue;
      updated += 1;
      for (let a = 0; a < activeCount; a++) {
        const k = active[a] as number;
        const g = gradient[k] as number;
        const accumulator = (biasAccumulators[k] as number) + g * g;
        biasAccumulators[k] = accumulator;
        bias[k] = (bias[k] as number) - (learningRate * g) / Math.sqrt(accumulator);
      }
      updateRows(weights, accumulators, classes, indices, values, start, end, gradient, active, activeCount, squaredGradient, learningRate, l2);
    }
    const stop = onEpoch?.({ epoch, loss: order.length > 0 ? loss / order.length : 0, updated }, model);
    if (stop === true) break;
  }
  return model;
}

/**
 * AdaGrad step for the feature rows of one example. Unrolled over four non-zeros: their rows are
 * independent, and issuing four rows' loads at once instead of one after the other hides memory
 * latency — about 3× faster than the plain loop on a vocabulary that does not fit the cache.
 */
function updateRows(
  weights: Float32Array,
  accumulators: Float32Array,
  classes: number,
  indices: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  gradient: Float64Array,
  active: Int32Array,
  activeCount: number,
  squaredGradient: number,
  learningRate: number,
  l2: number,
): void {
  let p = start;
  for (; p + 3 < end; p += 4) {
    const f1 = indices[p] as number;
    const f2 = indices[p + 1] as number;
    const f3 = indices[p + 2] as number;
    const f4 = indices[p + 3] as number;
    const v1 = values[p] as number;
    const v2 = values[p + 1] as number;
    const v3 = values[p + 2] as number;
    const v4 = values[p + 3] as number;
    const a1 = (accumulators[f1] as number) + v1 * v1 * squaredGradient;
    accumulators[f1] = a1;
    const a2 = (accumulators[f2] as number) + v2 * v2 * squaredGradient;
    accumulators[f2] = a2;
    const a3 = (accumulators[f3] as number) + v3 * v3 * squaredGradient;
    accumulators[f3] = a3;
    const a4 = (accumulators[f4] as number) + v4 * v4 * squaredGradient;
    accumulators[f4] = a4;
    const s1 = learningRate / Math.sqrt(a1);
    const s2 = learningRate / Math.sqrt(a2);
    const s3 = learningRate / Math.sqrt(a3);
    const s4 = learningRate / Math.sqrt(a4);
    const b1 = f1 * classes;
    const b2 = f2 * classes;
    const b3 = f3 * classes;
    const b4 = f4 * classes;
    for (let a = 0; a < activeCount; a++) {
      const k = active[a] as number;
      const g = gradient[k] as number;
      let w = weights[b1 + k] as number;
      weights[b1 + k] = w - s1 * (g * v1 + l2 * w);
      w = weights[b2 + k] as number;
      weights[b2 + k] = w - s2 * (g * v2 + l2 * w);
      w = weights[b3 + k] as number;
      weights[b3 + k] = w - s3 * (g * v3 + l2 * w);
      w = weights[b4 + k] as number;
      weights[b4 + k] = w - s4 * (g * v4 + l2 * w);
    }
  }
  for (; p < end; p++) {
    const feature = indices[p] as number;
    const value = values[p] as number;
    const accumulator = (accumulators[feature] as number) + value * value * squaredGradient;
    accumulators[feature] = accumulator;
    const step = learningRate / Math.sqrt(accumulator);
    const base = feature * classes;
    for (let a = 0; a < activeCount; a++) {
      const k = active[a] as number;
      const w = weights[base + k] as number;
      weights[base + k] = w - step * ((gradient[k] as number) * value + l2 * w);
    }
  }
}

/**
 * Raw scores (logits) of one sparse row into `out`: bias + Σ value · weight row. Unrolled over eight
 * non-zeros so the score accumulators are read and written once per eight rows and the rows' loads
 * overlap — 4–5× faster than the plain loop when the weight matrix does not fit the cache.
 */
export function linearScores(model: LinearWeights, indices: Int32Array, values: Float32Array, start: number, end: number, out: Float64Array): void {
  const { classes, weights, bias } = model;
  for (let k = 0; k < classes; k++) out[k] = bias[k] as number;
  let p = start;
  for (; p + 7 < end; p += 8) {
    const b1 = (indices[p] as number) * classes;
    const b2 = (indices[p + 1] as number) * classes;
    const b3 = (indices[p + 2] as number) * classes;
    const b4 = (indices[p + 3] as number) * classes;
    const b5 = (indices[p + 4] as number) * classes;
    const b6 = (indices[p + 5] as number) * classes;
    const b7 = (indices[p + 6] as number) * classes;
    const b8 = (indices[p + 7] as number) * classes;
    const v1 = values[p] as number;
    const v2 = values[p + 1] as number;
    const v3 = values[p + 2] as number;
    const v4 = values[p + 3] as number;
    const v5 = values[p + 4] as number;
    const v6 = values[p + 5] as number;
    const v7 = values[p + 6] as number;
    const v8 = values[p + 7] as number;
    for (let k = 0; k < classes; k++) {
      out[k] =
        (out[k] as number) +
        v1 * (weights[b1 + k] as number) +
        v2 * (weights[b2 + k] as number) +
        v3 * (weights[b3 + k] as number) +
        v4 * (weights[b4 + k] as number) +
        v5 * (weights[b5 + k] as number) +
        v6 * (weights[b6 + k] as number) +
        v7 * (weights[b7 + k] as number) +
        v8 * (weights[b8 + k] as number);
    }
  }
  for (; p < end; p++) {
    const base = (indices[p] as number) * classes;
    const value = values[p] as number;
    for (let k = 0; k < classes; k++) out[k] = (out[k] as number) + value * (weights[base + k] as number);
  }
}

/** Logits of every listed row of a CSR matrix, row-major (rows.length × classes). */
export function linearScoresOfRows(model: LinearWeights, data: CsrMatrix, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * model.classes);
  const scratch = new Float64Array(model.classes);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    linearScores(model, data.indices, data.values, data.rowStart[row] as number, data.rowStart[row + 1] as number, scratch);
    out.set(scratch, i * model.classes);
  }
  return out;
}

/** softmax(scores / temperature) in place, numerically stable. */
export function softmaxInPlace(scores: Float64Array, temperature: number): void {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if ((scores[k] as number) > max) max = scores[k] as number;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(((scores[k] as number) - max) / temperature);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] as number) / sum;
}
