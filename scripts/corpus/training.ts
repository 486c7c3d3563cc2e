/**
 * The training corpus: letters from the `train` phrasing pool with random senders, frames and noise, as JSONL
 * lines `{ "text", "label", "secondary", "group" }`.
 *
 * `group` names the core phrasing a letter was built from (`<label>/<pool>/<index>`). All letters of one core
 * share their intent sentence, so a validation split that keeps a group on one side measures generalisation to
 * UNSEEN phrasings; a random split of letters only measures recognition of phrasings seen in training.
 *
 * With `parts` the letters are built from disjoint parts of the material (material.parts.ts) and `group` names
 * the part (`part/<k>`): a validation with one part per fold then shares no core, subject, add-on or frame
 * sentence between folds.
 */
import { Rng } from '../fixtures/prng.ts';
import { drawContractNumber, drawCustomerNumber, drawFacts } from './facts.ts';
import { drawIdentity, drawLawFirm } from './identity.ts';
import { buildLetter, needsCompany, pickCore } from './letter.builder.ts';
import { inPart, type MaterialPart } from './material.parts.ts';
import { PHRASINGS } from './phrasings/index.ts';
import { letterToText } from './letter.text.ts';
import { drawNoiseProfile, ocrNoise } from './noise.ts';
import { labelSequence } from './quotas.ts';
import type { Pool, RequestType } from './taxonomy.ts';
import { placeholdersOf } from './template.ts';

export const DEFAULT_TRAINING_COUNT = 4000;
export const DEFAULT_SEED = 42;

export interface TrainingExample {
  text: string;
  label: RequestType;
  secondary: RequestType[];
  /** Core phrasing id (`<label>/<pool>/<index>`): letters of one group must stay on one side of a validation split. */
  group: string;
}

export interface TrainingOptions {
  seed?: number;
  count?: number;
  /** Phrasing pool; `heldout` gives a text-only evaluation corpus with unseen wordings. */
  pool?: Pool;
  /** Multiplies all noise rates (typos, OCR errors); 0 gives clean text. Default 1. */
  noise?: number;
  /** Build letter i from part i mod `parts` of the material only (material.parts.ts); `group` is then the part. */
  parts?: number;
}

/** One random letter of the given type as text. */
export function trainingExample(rng: Rng, label: RequestType, pool: Pool, noise: number, part?: MaterialPart): TrainingExample {
  const core = pickCore(rng, label, pool, (candidate) => inPart(part, candidate.text));
  const group = part ? `part/${part.index}` : `${label}/${pool}/${PHRASINGS[label][pool].cores.indexOf(core)}`;
  const customer = drawIdentity(rng, { business: needsCompany(core) || (core.register === 'formal' && rng.chance(0.08)) });
  const citesNumber = placeholdersOf(core.text).has('cn') || rng.chance(label === 'other' ? 0.15 : 0.85);
  const facts = drawFacts(rng, customer, {
    customerNumber: citesNumber ? drawCustomerNumber(rng) : null,
    contractNumber: drawContractNumber(rng),
    lawFirm: core.register === 'lawyer' ? drawLawFirm(rng) : null,
  });
  const profile = drawNoiseProfile(rng, noise);
  const letter = buildLetter(rng, { requestType: label, pool, core, facts, writer: { ...profile, ocrRate: 0 }, ...(part ? { part } : {}) });
  const text = ocrNoise(letterToText(letter, rng), profile.ocrRate, rng);
  return { text, label, secondary: letter.secondary, group };
}

export function generateTrainingCorpus(options: TrainingOptions = {}): TrainingExample[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.count ?? DEFAULT_TRAINING_COUNT;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
  const rng = new Rng(seed);
  const pool = options.pool ?? 'train';
  const noise = options.noise ?? 1;
  const parts = options.parts;
  if (parts !== undefined && (!Number.isInteger(parts) || parts < 2)) throw new Error(`parts must be an integer ≥ 2, got ${parts}`);
  return labelSequence(rng, count).map((label, i) => trainingExample(new Rng(rng.seed()), label, pool, noise, parts ? { index: i % parts, of: parts } : undefined));
}

export function toJsonl(examples: readonly TrainingExample[]): string {
  return examples.map((e) => JSON.stringify({ text: e.text, label: e.label, secondary: e.secondary, group: e.group })).join('\n') + '\n';
}
