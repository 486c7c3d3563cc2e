/**
 * Prediction with a loaded model: text → features → logits → calibrated probabilities → decision.
 *
 * The predictor builds the vectoriser (bucket → feature lookup table) once per model and reuses its
 * scratch buffers, so a prediction allocates little beyond its result: a 2-page letter takes well
 * under a millisecond, most of it normalising and hashing the text.
 */
import { decide, type Decision, type DecisionThresholds } from './calibration.ts';
import type { ClassifierModel } from './classifier.model.ts';
import { createVectoriser } from './features.ts';
import { linearScores, softmaxInPlace, type LinearWeights } from './linear.model.ts';

export interface Prediction extends Decision {
  /** Calibrated probability per label. */
  probabilities: Record<string, number>;
}

export type PredictOptions = Partial<DecisionThresholds>;

export interface Predictor {
  readonly model: ClassifierModel;
  predict(text: string, options?: PredictOptions): Prediction;
  predictMany(texts: readonly string[], options?: PredictOptions): Prediction[];
  /** Calibrated probabilities in the order of `model.labels`. */
  probabilities(text: string): Float64Array;
}

export function createPredictor(model: ClassifierModel): Predictor {
  const vectoriser = createVectoriser(model.featureConfig, model.vocabulary);
  const linear: LinearWeights = { dimension: model.vocabulary.buckets.length, classes: model.labels.length, weights: model.weights, bias: model.bias };

  const probabilities = (text: string): Float64Array => {
    const vector = vectoriser.vectorise(text);
    const scores = new Float64Array(linear.classes);
    linearScores(linear, vector.indices, vector.values, 0, vector.indices.length, scores);
    softmaxInPlace(scores, model.temperature);
    return scores;
  };

  const predict = (text: string, options: PredictOptions = {}): Prediction => {
    const thresholds: DecisionThresholds = {
      abstainBelow: options.abstainBelow ?? model.thresholds.abstainBelow,
      secondaryAbove: options.secondaryAbove ?? model.thresholds.secondaryAbove,
    };
    const calibrated = probabilities(text);
    const byLabel: Record<string, number> = {};
    model.labels.forEach((label, k) => (byLabel[label] = calibrated[k] as number));
    return { ...decide(calibrated, model.labels, thresholds), probabilities: byLabel };
  };

  return {
    model,
    predict,
    predictMany: (texts, options) => texts.map((text) => predict(text, options)),
    probabilities,
  };
}
