/**
 * Deterministic generator of a training corpus and a held-out evaluation set for the request-type classifier,
 * the field extractors and customer matching.
 *
 *   npx tsx scripts/generate-corpus.ts train --out FILE.jsonl [--seed N] [--count N]   (default 4000 lines)
 *   npx tsx scripts/generate-corpus.ts eval --out DIR [--seed N] [--count N]           (default 200 documents)
 *
 * Training lines are `{ "text", "label", "secondary" }` from the `train` phrasing pool. The evaluation set uses
 * the disjoint `heldout` pool and holds rendered documents (born-digital PDFs, scans, faxes), `labels.jsonl` and
 * `customers.csv` (contract master-data format). Eval needs poppler-utils (pdftoppm) and libtiff-tools (tiffcp).
 *
 * The generator lives in scripts/corpus/:
 *   taxonomy.ts            request types, pools, registers, priors     phrasings/*.ts     the cores, per class
 *   frame.phrases.ts       salutations, closings, fillers              template.ts        placeholders, true fields
 *   names.ts, identity.ts, facts.ts, notation.ts                       senders, facts, ways of writing values
 *   noise.ts               typos, missing umlauts, OCR errors          letter.builder.ts  one letter around a core
 *   letter.text.ts, training.ts                                        training corpus
 *   customers.ts, evaluation.plan.ts, evaluation.render.ts, evaluation.ts   evaluation set
 *   quotas.ts, cli.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './corpus/cli.ts';

export { CUSTOMER_CSV_HEADER, type CustomerRecord } from './corpus/customers.ts';
export { DEFAULT_CUSTOMER_COUNT, DEFAULT_EVALUATION_COUNT, generateEvaluationSet, type EvaluationLabel, type EvaluationOptions, type EvaluationSet } from './corpus/evaluation.ts';
export { planEvaluationSet, type EvaluationPlan, type Scenario } from './corpus/evaluation.plan.ts';
export { PHRASINGS } from './corpus/phrasings/index.ts';
export { POOLS, PRIORS, REQUEST_TYPES, isRequestType, type Pool, type RequestType } from './corpus/taxonomy.ts';
export { DEFAULT_TRAINING_COUNT, generateTrainingCorpus, toJsonl, type TrainingExample, type TrainingOptions } from './corpus/training.ts';

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  runCli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
