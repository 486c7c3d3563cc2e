/**
 * Multinomial logistic regression (softmax) over sparse features, trained with AdaGrad.
 *
 * Why softmax regression and not a one-vs-rest SVM (Pegasos): it gives a probability distribution
 * over all labels directly, which temperature scaling can calibrate and which abstention and
 * "secondary intent" thresholds need; on TF-IDF text features its accuracy is on a par with a linear SVM.
 *
 * Why AdaGrad: per-coordinate step sizes suit text, where a few features occur in every letter and
 * most in a handful — rare but telling words get large steps, frequent ones small steps. The accumulators
 * start at `initialAccumulator` (as in TensorFlow's Adagrad), so the first step of a coordinate is
 * proportional to its gradient and the step in score space is independent of how many features a
 * document has (its vector is L2-normalised). Training is per example in a seeded shuffled order, so it is
 * deterministic.
 *
 * L2 regularisation is applied "on touch" (only to the rows of the current example), the standard way
 * to keep sparse updates O(non-zeros × classes); frequent features are thus regularised more often,
 * which is harmless. Examples that are already fitted (all gradients below `skipBelow`) are skipped,
 * which makes later epochs much cheaper.
 *
 * Weights are feature-major (`weights[feature * classes + class]`) so one document touches contiguous
 * memory per feature.
 */
import type { CsrMatrix } from './sparse.vectors.ts';
import { createSeededRandom } from './seeded.random.ts';

export interface LinearTrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update. */
  l2: number;
  initialAccumulator: number;
  /** An example whose largest |p - y| is below this is not updated. */
  skipBelow: number;
  seed: number;
  /** Loss weight per class (e.g. inverse frequency for balanced training); null for 1. */
  classWeights: Float32Array | null;
}

export const DEFAULT_LINEAR_OPTIONS: LinearTrainingOptions = {
  epochs: 12,
  learningRate: 0.5,
  l2: 1e-5,
  initialAccumulator: 0.1,
  skipBelow: 1e-3,
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
  onEpoch?: (stats: EpochStats) => void,
): LinearWeights {
  const dimension = data.columns;
  const weights = new Float32Array(dimension * classes);
  const accumulators = new Float32Array(dimension * classes).fill(options.initialAccumulator);
  const bias = new Float64Array(classes);
  const biasAccumulators = new Float64Array(classes).fill(options.initialAccumulator);
  const scores = new Float64Array(classes);
  const gradient = new Float64Array(classes);
  const order = Int32Array.from(rows);
  const random = createSeededRandom(options.seed);
  const { rowStart, indices, values } = data;
  const { learningRate, l2, skipBelow, classWeights } = options;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    random.shuffle(order);
    let loss = 0;
    let updated = 0;
    for (let o = 0; o < order.length; o++) {
      const row = order[o] as number;
      const start = rowStart[row] as number;
      const end = rowStart[row + 1] as number;
      const label = labels[row] as number;
      for (let k = 0; k < classes; k++) scores[k] = bias[k] as number;
      for (let p = start; p < end; p++) {
        const base = (indices[p] as number) * classes;
        const value = values[p] as number;
        for (let k = 0; k < classes; k++) scores[k] = (scores[k] as number) + value * (weights[base + k] as number);
      }
      softmaxInPlace(scores, 1);
      const probabilityOfLabel = scores[label] as number;
      loss -= Math.log(Math.max(probabilityOfLabel, 1e-12));
      const classWeight = classWeights ? (classWeights[label] as number) : 1;
      let largest = 0;
      for (let k = 0; k < classes; k++) {
        const g = ((scores[k] as number) - (k === label ? 1 : 0)) * classWeight;
        gradient[k] = g;
        if (Math.abs(g) > largest) largest = Math.abs(g);
      }
      if (largest < skipBelow) continue;
      updated += 1;
      for (let k = 0; k < classes; k++) {
        const g = gradient[k] as number;
        const accumulator = (biasAccumulators[k] as number) + g * g;
        biasAccumulators[k] = accumulator;
        bias[k] = (bias[k] as number) - (learningRate * g) / Math.sqrt(accumulator);
      }
      for (let p = start; p < end; p++) {
        const base = (indices[p] as number) * classes;
        const value = values[p] as number;
        for (let k = 0; k < classes; k++) {
          const position = base + k;
          const weight = weights[position] as number;
          const g = (gradient[k] as number) * value + l2 * weight;
          const accumulator = (accumulators[position] as number) + g * g;
          accumulators[position] = accumulator;
          weights[position] = weight - (learningRate * g) / Math.sqrt(accumulator);
        }
      }
    }
    onEpoch?.({ epoch, loss: order.length > 0 ? loss / order.length : 0, updated });
  }
  return { dimension, classes, weights, bias: Float32Array.from(bias) };
}

/** Raw scores (logits) of one sparse row into `out`. */
export function linearScores(model: LinearWeights, indices: Int32Array, values: Float32Array, start: number, end: number, out: Float64Array): void {
  const { classes, weights, bias } = model;
  for (let k = 0; k < classes; k++) out[k] = bias[k] as number;
  for (let p = start; p < end; p++) {
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
