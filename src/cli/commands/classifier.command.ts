/**
 * `poststelle classifier train|predict`: the trainable text classifier on JSON-lines files.
 *
 *   classifier train   --input FILE.jsonl --model NAME [--json]   lines {"text", "label"} (any label set)
 *   classifier predict --input FILE.jsonl --model NAME [--json]   lines {"text"}; one JSON line
 *                                                                 {"label", "confidence", …} per input line
 *
 * Models are files in <dataDir>/models; no database is needed. The work is done by the exported
 * functions (`trainFromFile`, `predictFromFile`) so it can be tested without spawning the CLI.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Predictor } from '../../modules/classification/classifier.predictor.ts';
import { createClassifierService } from '../../modules/classification/classifier.service.ts';
import type { ClassMetrics } from '../../modules/classification/evaluation.ts';
import { shippedModelsDir } from '../../modules/recognition/shipped-models.ts';
import { isPoststelleError } from '../../modules/shared/errors.ts';
import { UsageError } from '../cli.errors.ts';
import { configFrom, type GlobalOptions } from '../cli.options.ts';

export interface JsonlRecord {
  text: string;
  label: string | null;
  /** 1-based line number in the file. */
  line: number;
}

/** Reads a JSON-lines file of {"text", "label"?}; blank lines are skipped. Bad input is a UsageError. */
export async function readJsonlRecords(file: string, options: { requireLabel: boolean }): Promise<JsonlRecord[]> {
  let content: string;
  try {
    content = await fsp.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new UsageError(`--input: cannot read ${file} (${code})`);
    throw error;
  }
  const records: JsonlRecord[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new UsageError(`${file}:${line}: not valid JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${file}:${line}: expected a JSON object`);
    const { text, label } = parsed as { text?: unknown; label?: unknown };
    if (typeof text !== 'string') throw new UsageError(`${file}:${line}: "text" must be a string`);
    let normalisedLabel: string | null = null;
    if (typeof label === 'string' && label !== '') normalisedLabel = label;
    // Numeric or boolean class ids are common in public datasets; they become label strings.
    else if (typeof label === 'number' || typeof label === 'boolean') normalisedLabel = String(label);
    else if (options.requireLabel) throw new UsageError(`${file}:${line}: "label" must be a non-empty string`);
    records.push({ text, label: normalisedLabel, line });
  });
  if (records.length === 0) throw new UsageError(`--input: ${file} has no records`);
  return records;
}

export function modelsDirOf(dataDir: string): string {
  return path.join(dataDir, 'models');
}

/**
 * A model trained in this data dir wins; otherwise a model shipped with the
 * installation (the default `request-type` model written by set-up).
 */
export function predictionModelsDir(dataDir: string, model: string): string {
  const own = modelsDirOf(dataDir);
  if (fs.existsSync(path.join(own, `${model}.model.json.gz`))) return own;
  if (fs.existsSync(path.join(shippedModelsDir, `${model}.model.json.gz`))) return shippedModelsDir;
  return own;
}

export interface TrainFromFileOptions {
  input: string;
  model: string;
  modelsDir: string;
  abstainBelow?: number;
  secondaryAbove?: number;
  onProgress?: (message: string) => void;
}

export interface TrainSummary {
  model: string;
  path: string;
  examples: number;
  labels: string[];
  labelCounts: Record<string, number>;
  features: number;
  /** Held-out figures (null when the data was too small to hold anything out). */
  heldOutExamples: number;
  accuracy: number | null;
  macroF1: number | null;
  ece: number | null;
  eceUncalibrated: number | null;
  temperature: number;
  trainingAccuracy: number;
  trainingMs: number;
  examplesPerSecond: number;
  perClass: ClassMetrics[] | null;
}

export async function trainFromFile(options: TrainFromFileOptions): Promise<TrainSummary> {
  const service = createClassifierService({ modelsDir: options.modelsDir });
  assertModelName(service, options.model);
  const records = await readJsonlRecords(options.input, { requireLabel: true });
  const labels = new Set(records.map((record) => record.label));
  if (labels.size < 2) throw new UsageError(`--input: training needs at least 2 different labels, found ${labels.size}`);
  const { model, report } = service.train(
    records.map((record) => ({ text: record.text, label: record.label as string })),
    { abstainBelow: options.abstainBelow, secondaryAbove: options.secondaryAbove, onProgress: options.onProgress },
  );
  const file = await service.save(options.model, model);
  return {
    model: options.model,
    path: file,
    examples: report.examples,
    labels: report.labels,
    labelCounts: report.labelCounts,
    features: report.features,
    heldOutExamples: report.heldOut?.examples ?? 0,
    accuracy: report.heldOut?.accuracy ?? null,
    macroF1: report.heldOut?.macroF1 ?? null,
    ece: report.heldOut?.ece ?? null,
    eceUncalibrated: report.heldOut?.eceUncalibrated ?? null,
    temperature: report.temperature,
    trainingAccuracy: report.trainingAccuracy,
    trainingMs: report.timings.totalMs,
    examplesPerSecond: report.examplesPerSecond,
    perClass: report.heldOut?.perClass ?? null,
  };
}

export interface PredictionLine {
  /** Best label, or null when the classifier abstains (confidence below the threshold). */
  label: string | null;
  /** Calibrated probability of the best label. */
  confidence: number;
  /** The best label even when abstaining. */
  candidate: string;
  /** Other labels with calibrated probability ≥ the secondary threshold. */
  secondary: { label: string; confidence: number }[];
}

export interface PredictFromFileOptions {
  input: string;
  model: string;
  modelsDir: string;
  abstainBelow?: number;
  secondaryAbove?: number;
}

export interface PredictResult {
  predictions: PredictionLine[];
  /** Accuracy against the input's labels when every line has one, else null. */
  accuracy: number | null;
  msPerDocument: number;
}

export async function predictFromFile(options: PredictFromFileOptions): Promise<PredictResult> {
  const service = createClassifierService({ modelsDir: options.modelsDir });
  assertModelName(service, options.model);
  const records = await readJsonlRecords(options.input, { requireLabel: false });
  let predictor: Predictor;
  try {
    predictor = await service.predictor(options.model);
  } catch (error) {
    if (isPoststelleError(error) && error.code === 'model_not_found') throw new UsageError(`--model: no model "${options.model}" in ${options.modelsDir} (train it first)`);
    throw error;
  }
  const started = performance.now();
  const predictions = records.map((record) => {
    const prediction = predictor.predict(record.text, { abstainBelow: options.abstainBelow, secondaryAbove: options.secondaryAbove });
    return {
      label: prediction.label,
      confidence: round(prediction.confidence),
      candidate: prediction.candidate,
      secondary: prediction.secondary.map((entry) => ({ label: entry.label, confidence: round(entry.confidence) })),
    };
  });
  const msPerDocument = (performance.now() - started) / records.length;
  const labelled = records.every((record) => record.label !== null);
  const correct = records.filter((record, index) => record.label === predictions[index]?.label).length;
  return { predictions, accuracy: labelled ? correct / records.length : null, msPerDocument };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function assertModelName(service: ReturnType<typeof createClassifierService>, name: string): void {
  try {
    service.pathOf(name);
  } catch {
    throw new UsageError(`--model: invalid model name "${name}" (letters, digits, ".", "_" and "-")`);
  }
}

function formatMetric(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(4);
}

export function formatTrainSummary(summary: TrainSummary): string {
  const labelList = summary.labels.length > 8 ? `${summary.labels.slice(0, 8).join(', ')}, …` : summary.labels.join(', ');
  const lines = [
    `model "${summary.model}" saved to ${summary.path}`,
    `examples   ${summary.examples} in ${summary.labels.length} labels (${labelList})`,
    summary.heldOutExamples > 0
      ? `held-out   ${summary.heldOutExamples} examples: accuracy ${formatMetric(summary.accuracy)}, macro-F1 ${formatMetric(summary.macroF1)}, ECE ${formatMetric(summary.ece)} (uncalibrated ${formatMetric(summary.eceUncalibrated)}, temperature ${summary.temperature.toFixed(3)})`
      : 'held-out   none (too few examples per label); no metrics, temperature 1',
    `training   ${summary.trainingMs} ms (${summary.examplesPerSecond} examples/s), ${summary.features} features, training accuracy ${summary.trainingAccuracy.toFixed(4)}`,
  ];
  if (summary.perClass) {
    const width = Math.max(5, ...summary.perClass.map((metric) => metric.label.length));
    lines.push('', `${'label'.padEnd(width)}  precision  recall  F1      support`);
    for (const metric of summary.perClass) {
      lines.push(`${metric.label.padEnd(width)}  ${metric.precision.toFixed(4)}     ${metric.recall.toFixed(4)}  ${metric.f1.toFixed(4)}  ${metric.support}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function parseProbability(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new UsageError(`${flag}: expected a probability between 0 and 1, got ${value}`);
  return number;
}

interface ClassifierOptions {
  input: string;
  model: string;
  json?: boolean;
  abstainBelow?: string;
  secondaryAbove?: string;
}

export function registerClassifierCommand(program: Command): void {
  const classifier = program.command('classifier').description('train and apply text classifiers (JSON lines in, JSON lines out; no database needed)');

  classifier
    .command('train')
    .description('train a model from lines {"text", "label"}; prints held-out accuracy, macro-F1 and calibration error')
    .requiredOption('--input <file>', 'JSON-lines training file')
    .requiredOption('--model <name>', 'model name (saved as <data-dir>/models/<name>.model.json.gz)')
    .option('--abstain-below <p>', "stored default: answer label null below this calibrated confidence (default 0: never)")
    .option('--secondary-above <p>', 'stored default: list other labels at or above this probability (default 0.25)')
    .option('--json', 'print one JSON object')
    .action(async (options: ClassifierOptions, command: Command) => {
      const config = configFrom(command);
      const verbose = command.optsWithGlobals<GlobalOptions>().verbose === true;
      const summary = await trainFromFile({
        input: options.input,
        model: options.model,
        modelsDir: modelsDirOf(config.dataDir),
        abstainBelow: parseProbability(options.abstainBelow, '--abstain-below'),
        secondaryAbove: parseProbability(options.secondaryAbove, '--secondary-above'),
        onProgress: verbose ? (message) => process.stderr.write(`classifier: ${message}\n`) : undefined,
      });
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatTrainSummary(summary));
    });

  classifier
    .command('predict')
    .description('classify lines {"text"}; prints one JSON line {"label", "confidence", "candidate", "secondary"} per input line')
    .requiredOption('--input <file>', 'JSON-lines file')
    .requiredOption('--model <name>', 'model name')
    .option('--abstain-below <p>', "answer label null below this calibrated confidence (default: the model's)")
    .option('--secondary-above <p>', "list other labels at or above this probability (default: the model's)")
    .option('--json', 'JSON lines (the output is always JSON lines; accepted for symmetry)')
    .action(async (options: ClassifierOptions, command: Command) => {
      const config = configFrom(command);
      const result = await predictFromFile({
        input: options.input,
        model: options.model,
        modelsDir: predictionModelsDir(config.dataDir, options.model),
        abstainBelow: parseProbability(options.abstainBelow, '--abstain-below'),
        secondaryAbove: parseProbability(options.secondaryAbove, '--secondary-above'),
      });
      process.stdout.write(result.predictions.map((prediction) => `${JSON.stringify(prediction)}\n`).join(''));
      if (result.accuracy !== null && command.optsWithGlobals<GlobalOptions>().verbose === true) {
        process.stderr.write(`classifier: accuracy against the input labels ${result.accuracy.toFixed(4)} (${result.predictions.length} lines, ${result.msPerDocument.toFixed(3)} ms per document)\n`);
      }
    });
}
