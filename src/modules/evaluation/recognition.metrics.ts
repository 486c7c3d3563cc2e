import { evaluate, type EvaluationReport } from '../classification/evaluation.ts';

/** One labelled document of an evaluation folder (`labels.jsonl`) next to what Poststelle made of it. */
export interface LabelledOutcome {
  file: string;
  truth: { requestType: string; customerNumber: string | null; fields: Record<string, string | null | undefined> };
  predicted: {
    requestType: string | null;
    matchStatus: string;
    customerNumber: string | null;
    suggestedCustomerNumber: string | null;
    fields: Record<string, unknown>;
    status: string;
  };
}

export interface FieldMetrics {
  field: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

export interface RecognitionMetrics {
  documents: number;
  requestType: EvaluationReport;
  matching: {
    /** Letters whose sender is a customer in the master data. */
    customerLetters: number;
    autoAssigned: number;
    correctAuto: number;
    /** Auto-assigned to the wrong account, or auto-assigned although the sender is no customer: the worst error. */
    wrongAuto: number;
    wrongAutoRate: number;
    /** Correct auto-assignments / all auto-assignments. */
    precision: number;
    /** Correct auto-assignments / customer letters. */
    recall: number;
    /** Correct auto-assignment or correct first suggestion / customer letters. */
    recallWithSuggestions: number;
  };
  fields: FieldMetrics[];
  statuses: Record<string, number>;
}

/** Values compare as a person would: case, spaces and punctuation in numbers do not matter. */
export function normaliseFieldValue(field: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (!text) return null;
  if (['customerNumber', 'contractNumber', 'iban', 'phone', 'postalCode', 'newPostalCode'].includes(field)) return text.replace(/[\s./-]/g, '').toUpperCase();
  return text
    .toLowerCase()
    .normalize('NFC')
    .replace(/ß/g, 'ss')
    .replace(/str\.\s*(?=\d|$)/g, 'strasse ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function computeRecognitionMetrics(outcomes: readonly LabelledOutcome[], labels?: readonly string[]): RecognitionMetrics {
  const requestType = evaluate(
    outcomes.map((outcome) => outcome.truth.requestType),
    outcomes.map((outcome) => outcome.predicted.requestType),
    labels,
  );

  let customerLetters = 0;
  let autoAssigned = 0;
  let correctAuto = 0;
  let wrongAuto = 0;
  let correctWithSuggestion = 0;
  for (const { truth, predicted } of outcomes) {
    if (truth.customerNumber) customerLetters += 1;
    if (predicted.matchStatus === 'auto') {
      autoAssigned += 1;
      if (truth.customerNumber && predicted.customerNumber === truth.customerNumber) correctAuto += 1;
      else wrongAuto += 1;
    }
    if (truth.customerNumber && (predicted.customerNumber === truth.customerNumber || predicted.suggestedCustomerNumber === truth.customerNumber)) correctWithSuggestion += 1;
  }

  const fieldNames = [...new Set(outcomes.flatMap((outcome) => Object.keys(outcome.truth.fields)))].sort();
  const fields: FieldMetrics[] = fieldNames.map((field) => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const { truth, predicted } of outcomes) {
      const want = normaliseFieldValue(field, truth.fields[field]);
      const got = normaliseFieldValue(field, predicted.fields[field]);
      if (want && got) {
        if (want === got) truePositives += 1;
        else {
          falsePositives += 1;
          falseNegatives += 1;
        }
      } else if (got) falsePositives += 1;
      else if (want) falseNegatives += 1;
    }
    return {
      field,
      truePositives,
      falsePositives,
      falseNegatives,
      precision: truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
      recall: truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
    };
  });

  const statuses: Record<string, number> = {};
  for (const outcome of outcomes) statuses[outcome.predicted.status] = (statuses[outcome.predicted.status] ?? 0) + 1;

  return {
    documents: outcomes.length,
    requestType,
    matching: {
      customerLetters,
      autoAssigned,
      correctAuto,
      wrongAuto,
      wrongAutoRate: outcomes.length === 0 ? 0 : wrongAuto / outcomes.length,
      precision: autoAssigned === 0 ? 1 : correctAuto / autoAssigned,
      recall: customerLetters === 0 ? 1 : correctAuto / customerLetters,
      recallWithSuggestions: customerLetters === 0 ? 1 : correctWithSuggestion / customerLetters,
    },
    fields,
    statuses,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function formatRecognitionMetrics(metrics: RecognitionMetrics): string {
  const lines: string[] = [];
  const { requestType, matching } = metrics;
  lines.push(`documents: ${metrics.documents}   statuses: ${JSON.stringify(metrics.statuses)}`);
  lines.push('');
  lines.push(`request type: accuracy ${percent(requestType.accuracy)}, macro-F1 ${requestType.macroF1.toFixed(3)}, coverage ${percent(requestType.coverage)}, accuracy when decided ${percent(requestType.selectiveAccuracy)}`);
  lines.push('');
  const labels = requestType.confusion.labels;
  const width = Math.max(10, ...labels.map((label) => label.length));
  const short = labels.map((label) => label.slice(0, 6).padStart(6));
  lines.push(`confusion (rows: truth, columns: predicted, last: abstained)`);
  lines.push(`${''.padEnd(width)} ${short.join(' ')}  abstn`);
  requestType.confusion.matrix.forEach((row, index) => {
    lines.push(`${(labels[index] ?? '').padEnd(width)} ${row.map((count) => String(count).padStart(6)).join(' ')} ${String(requestType.confusion.abstained[index] ?? 0).padStart(6)}`);
  });
  lines.push('');
  lines.push('per class: precision / recall / F1 (support)');
  for (const metric of requestType.perClass) lines.push(`  ${metric.label.padEnd(width)} ${metric.precision.toFixed(3)} / ${metric.recall.toFixed(3)} / ${metric.f1.toFixed(3)} (${metric.support})`);
  lines.push('');
  lines.push(
    `matching: ${matching.customerLetters} customer letters, ${matching.autoAssigned} auto-assigned, precision ${percent(matching.precision)}, recall ${percent(matching.recall)} (with suggestions ${percent(matching.recallWithSuggestions)}), wrong auto-assignments ${matching.wrongAuto} = ${percent(matching.wrongAutoRate)} of documents`,
  );
  lines.push('');
  lines.push('fields: precision / recall (TP FP FN)');
  for (const field of metrics.fields) lines.push(`  ${field.field.padEnd(16)} ${field.precision.toFixed(3)} / ${field.recall.toFixed(3)} (${field.truePositives} ${field.falsePositives} ${field.falseNegatives})`);
  return lines.join('\n');
}
