/**
 * The trained classifier as data, and its file format.
 *
 * A model is everything prediction needs — labels, feature configuration, vocabulary (kept hash
 * buckets + IDF), weight matrix, bias and calibration temperature — plus what a person needs to judge
 * it (metrics, training summary, date). It is stored as gzip'd JSON, `<name>.model.json.gz`, so it can be
 * inspected with `zcat | jq`; the large numeric arrays are base64 strings of little-endian typed arrays
 * (a JSON number list would be ~3× bigger and slower to parse). Only buckets that occurred in training
 * are stored, as deltas (small numbers compress better), and the weight matrix only has rows for them, so the file grows with
 * the training vocabulary, not with the 2^20 hash space.
 *
 * Writes go to a temporary file that is renamed into place, so a reader never sees half a model.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { createError } from '../shared/errors.ts';
import type { DecisionThresholds } from './calibration.ts';
import type { ClassMetrics } from './evaluation.ts';
import type { FeatureConfig, Vocabulary } from './features.ts';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

export const MODEL_FORMAT = 'poststelle.linear-classifier';
export const MODEL_VERSION = 1;
export const MODEL_FILE_SUFFIX = '.model.json.gz';

export interface ModelMetrics {
  /** Accuracy of the final model on all its training examples (optimistic by nature). */
  trainingAccuracy: number;
  /** Held-out figures come from the model fitted on the training split; null without a held-out set. */
  heldOutExamples: number;
  heldOutAccuracy: number | null;
  macroF1: number | null;
  /** Expected calibration error on the held-out set after / before temperature scaling. */
  ece: number | null;
  eceUncalibrated: number | null;
  perClass: ClassMetrics[] | null;
}

export interface TrainingSummary {
  examples: number;
  labelCounts: Record<string, number>;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  balanceClasses: boolean;
  heldOutFraction: number;
  /** Folds of the stratified group k-fold validation, when it was used instead of one split. */
  folds?: number;
  /** Whether the final weights were refitted on all examples after calibration. */
  refit: boolean;
  durationMs: number;
}

export interface ClassifierModel {
  version: number;
  labels: string[];
  featureConfig: FeatureConfig;
  vocabulary: Vocabulary;
  /** vocabulary size × labels, feature-major. */
  weights: Float32Array;
  bias: Float32Array;
  temperature: number;
  thresholds: DecisionThresholds;
  metrics: ModelMetrics;
  training: TrainingSummary;
  trainedAt: string;
}

interface StoredModel {
  format: typeof MODEL_FORMAT;
  version: number;
  labels: string[];
  featureConfig: FeatureConfig;
  /** base64 of Int32 little-endian deltas of the kept bucket numbers, in feature-index order. */
  featureIndex: string;
  /** base64 of Float32 little-endian IDF per feature. */
  idf: string;
  /** base64 of Float32 little-endian weights, features × labels. */
  weights: string;
  bias: number[];
  temperature: number;
  thresholds: DecisionThresholds;
  metrics: ModelMetrics;
  training: TrainingSummary;
  trainedAt: string;
}

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function isValidModelName(name: string): boolean {
  return MODEL_NAME.test(name) && !name.includes('..');
}

export function modelPath(modelsDir: string, name: string): string {
  if (!isValidModelName(name)) {
    throw createError({ code: 'invalid_model_name', statusCode: 400, message: `invalid model name "${name}": letters, digits, ".", "_" and "-" only` });
  }
  return path.join(modelsDir, `${name}${MODEL_FILE_SUFFIX}`);
}

const bigEndian = os.endianness() === 'BE';

function toBase64(array: Int32Array | Float32Array): string {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return (bigEndian ? Buffer.from(bytes).swap32() : bytes).toString('base64');
}

function fromBase64(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new Error('model file: numeric array has a length that is not a multiple of 4 bytes');
  if (bigEndian) bytes.swap32();
  // Copy into an ArrayBuffer of its own: Buffer's pool offset need not be 4-byte aligned.
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export async function serialiseModel(model: ClassifierModel): Promise<Buffer> {
  const buckets = model.vocabulary.buckets;
  const deltas = new Int32Array(buckets.length);
  for (let i = 0; i < buckets.length; i++) deltas[i] = (buckets[i] as number) - (i === 0 ? 0 : (buckets[i - 1] as number));
  const stored: StoredModel = {
    format: MODEL_FORMAT,
    version: model.version,
    labels: model.labels,
    featureConfig: model.featureConfig,
    featureIndex: toBase64(deltas),
    idf: toBase64(model.vocabulary.idf),
    weights: toBase64(model.weights),
    bias: Array.from(model.bias),
    temperature: model.temperature,
    thresholds: model.thresholds,
    metrics: model.metrics,
    training: model.training,
    trainedAt: model.trainedAt,
  };
  return gzip(Buffer.from(JSON.stringify(stored)), { level: 6 });
}

export async function deserialiseModel(bytes: Buffer): Promise<ClassifierModel> {
  const stored = JSON.parse((await gunzip(bytes)).toString('utf8')) as Partial<StoredModel>;
  if (stored.format !== MODEL_FORMAT) throw new Error(`not a Poststelle classifier model (format ${String(stored.format)})`);
  if (stored.version !== MODEL_VERSION) throw new Error(`unsupported classifier model version ${String(stored.version)} (expected ${MODEL_VERSION})`);
  const { labels, featureConfig, featureIndex, idf, weights, bias, temperature, thresholds, metrics, training, trainedAt } = stored;
  if (!labels || !featureConfig || featureIndex === undefined || idf === undefined || weights === undefined || !bias || temperature === undefined || !thresholds || !metrics || !training || !trainedAt) {
    throw new Error('classifier model file is incomplete');
  }
  const buckets = new Int32Array(fromBase64(featureIndex));
  for (let i = 1; i < buckets.length; i++) buckets[i] = (buckets[i] as number) + (buckets[i - 1] as number);
  const model: ClassifierModel = {
    version: stored.version,
    labels,
    featureConfig,
    vocabulary: { buckets, idf: new Float32Array(fromBase64(idf)) },
    weights: new Float32Array(fromBase64(weights)),
    bias: Float32Array.from(bias),
    temperature,
    thresholds,
    metrics,
    training,
    trainedAt,
  };
  if (model.vocabulary.idf.length !== buckets.length || model.weights.length !== buckets.length * labels.length || model.bias.length !== labels.length) {
    throw new Error('classifier model file is inconsistent: array sizes do not match the vocabulary and labels');
  }
  return model;
}

/** Writes `<modelsDir>/<name>.model.json.gz` atomically; returns the path. */
export async function saveModel(modelsDir: string, name: string, model: ClassifierModel): Promise<string> {
  const file = modelPath(modelsDir, name);
  await fs.mkdir(modelsDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, await serialiseModel(model));
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return file;
}

/** Reads a saved model; a missing one is a `model_not_found` error (404). */
export async function loadModel(modelsDir: string, name: string): Promise<ClassifierModel> {
  const file = modelPath(modelsDir, name);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw createError({ code: 'model_not_found', statusCode: 404, message: `no classifier model "${name}" in ${modelsDir}`, cause: error });
    }
    throw error;
  }
  return deserialiseModel(bytes);
}

/** Names of the saved models in a directory (none if it does not exist). */
export async function listModels(modelsDir: string): Promise<string[]> {
  const entries = await fs.readdir(modelsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return entries
    .filter((entry) => entry.endsWith(MODEL_FILE_SUFFIX))
    .map((entry) => entry.slice(0, -MODEL_FILE_SUFFIX.length))
    .sort();
}
