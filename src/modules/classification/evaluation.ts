/**
 * Classification metrics as pure functions over (actual, predicted) label lists.
 *
 * A prediction of `null` is an abstention: it counts as not correct for accuracy and recall, but is
 * attributed to no class, so it does not lower any class's precision (the classifier did not claim
 * anything). `coverage` and `selectiveAccuracy` describe the abstaining classifier from the other side.
 * Classes without support and without predictions get precision = recall = F1 = 0 (as scikit-learn);
 * macro-F1 averages over every label in `labels`.
 */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of examples whose actual label is this one. */
  support: number;
}

export interface ConfusionMatrix {
  labels: string[];
  /** matrix[actual][predicted], in the order of `labels`. */
  matrix: number[][];
  /** Abstentions per actual label. */
  abstained: number[];
}

export interface EvaluationReport {
  examples: number;
  accuracy: number;
  macroF1: number;
  /** Share of examples that got a label (1 without abstentions). */
  coverage: number;
  /** Accuracy on the examples that got a label. */
  selectiveAccuracy: number;
  perClass: ClassMetrics[];
  confusion: ConfusionMatrix;
}

type Predicted = string | null;

function assertSameLength(actual: readonly string[], predicted: readonly Predicted[]): void {
  if (actual.length !== predicted.length) throw new Error(`evaluation: ${actual.length} actual labels but ${predicted.length} predictions`);
}

/** The sorted union of actual and (non-null) predicted labels. */
export function labelSet(actual: readonly string[], predicted: readonly Predicted[]): string[] {
  const labels = new Set<string>(actual);
  for (const label of predicted) if (label !== null) labels.add(label);
  return [...labels].sort();
}

export function accuracy(actual: readonly string[], predicted: readonly Predicted[]): number {
  assertSameLength(actual, predicted);
  if (actual.length === 0) return 0;
  let correct = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) correct += 1;
  return correct / actual.length;
}

export function confusionMatrix(actual: readonly string[], predicted: readonly Predicted[], labels: readonly string[] = labelSet(actual, predicted)): ConfusionMatrix {
  assertSameLength(actual, predicted);
  const position = new Map(labels.map((label, index) => [label, index]));
  const matrix = labels.map(() => labels.map(() => 0));
  const abstained = labels.map(() => 0);
  for (let i = 0; i < actual.length; i++) {
    const row = position.get(actual[i] as string);
    if (row === undefined) throw new Error(`evaluation: actual label ${actual[i]} is not in the label list`);
    const guess = predicted[i] ?? null;
    if (guess === null) {
      abstained[row] = (abstained[row] as number) + 1;
      continue;
    }
    const column = position.get(guess);
    if (column === undefined) throw new Error(`evaluation: predicted label ${guess} is not in the label list`);
    const cells = matrix[row] as number[];
    cells[column] = (cells[column] as number) + 1;
  }
  return { labels: [...labels], matrix, abstained };
}

export function perClassMetrics(confusion: ConfusionMatrix): ClassMetrics[] {
  const { labels, matrix, abstained } = confusion;
  return labels.map((label, k) => {
    const row = matrix[k] as number[];
    const truePositives = row[k] as number;
    const support = row.reduce((sum, value) => sum + value, 0) + (abstained[k] as number);
    const predictedAsThis = matrix.reduce((sum, cells) => sum + (cells[k] as number), 0);
    const precision = predictedAsThis === 0 ? 0 : truePositives / predictedAsThis;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
}

export function macroF1(actual: readonly string[], predicted: readonly Predicted[], labels?: readonly string[]): number {
  const metrics = perClassMetrics(confusionMatrix(actual, predicted, labels));
  return metrics.length === 0 ? 0 : metrics.reduce((sum, metric) => sum + metric.f1, 0) / metrics.length;
}

export function evaluate(actual: readonly string[], predicted: readonly Predicted[], labels?: readonly string[]): EvaluationReport {
  const confusion = confusionMatrix(actual, predicted, labels);
  const perClass = perClassMetrics(confusion);
  const answered = predicted.filter((label) => label !== null).length;
  let correct = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) correct += 1;
  return {
    examples: actual.length,
    accuracy: actual.length === 0 ? 0 : correct / actual.length,
    macroF1: perClass.length === 0 ? 0 : perClass.reduce((sum, metric) => sum + metric.f1, 0) / perClass.length,
    coverage: actual.length === 0 ? 0 : answered / actual.length,
    selectiveAccuracy: answered === 0 ? 0 : correct / answered,
    perClass,
    confusion,
  };
}
