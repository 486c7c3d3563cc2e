/**
 * Trains the default request-type model that ships with an installation
 * (`models/request-type.model.json.gz`), from the training corpus the
 * generator in scripts/corpus writes (phrasing pool "train"), and reports it
 * on text from the disjoint "heldout" pool. Deterministic: the same seeds
 * give the same model. `npm run setup` runs it when the model is missing.
 *
 *   npx tsx scripts/train-default-model.ts [--force] [--count N]
 */
import fs from 'node:fs';
import { evaluate } from '../src/modules/classification/evaluation.ts';
import { createClassifierService } from '../src/modules/classification/classifier.service.ts';
import { requestTypeModelName, shippedModelsDir } from '../src/modules/recognition/shipped-models.ts';
import { generateTrainingCorpus } from './generate-corpus.ts';

/** Below this calibrated confidence the request type is left to a person (status needs_review). */
export const defaultAbstainBelow = 0.5;

const force = process.argv.includes('--force');
const countArgument = process.argv.find((argument) => argument.startsWith('--count='));
const count = countArgument ? Number.parseInt(countArgument.split('=')[1] ?? '', 10) : 6000;

const classifier = createClassifierService({ modelsDir: shippedModelsDir });
if (!force && fs.existsSync(classifier.pathOf(requestTypeModelName))) {
  process.stderr.write(`default model exists: ${classifier.pathOf(requestTypeModelName)} (use --force to retrain)\n`);
  process.exit(0);
}

const started = performance.now();
const training = generateTrainingCorpus({ seed: 42, count, pool: 'train' });
const { model, report } = classifier.train(
  training.map((example) => ({ text: example.text, label: example.label })),
  { seed: 42, abstainBelow: defaultAbstainBelow, secondaryAbove: 0.25 },
);
const file = await classifier.save(requestTypeModelName, model);
const trainingMs = Math.round(performance.now() - started);

// Letters worded differently from anything in training: the honest estimate for unseen mail.
const heldout = generateTrainingCorpus({ seed: 4711, count: 1500, pool: 'heldout' });
const predictions = await classifier.predict(requestTypeModelName, heldout.map((example) => example.text));
const metrics = evaluate(
  heldout.map((example) => example.label),
  predictions.map((prediction) => prediction.label),
);
const forced = evaluate(
  heldout.map((example) => example.label),
  predictions.map((prediction) => prediction.candidate),
);
process.stdout.write(
  [
    `default request-type model: ${file}`,
    `  trained on ${training.length} generated letters in ${trainingMs} ms (${report.features} features, temperature ${report.temperature.toFixed(2)})`,
    report.heldOut
      ? `  held-out split of the train pool: accuracy ${(report.heldOut.accuracy * 100).toFixed(1)} %, macro-F1 ${report.heldOut.macroF1.toFixed(3)}, ECE ${report.heldOut.ece.toFixed(3)}`
      : '  (no held-out split)',
    `  unseen phrasings (heldout pool, ${heldout.length} letters): accuracy ${(metrics.accuracy * 100).toFixed(1)} %, macro-F1 ${metrics.macroF1.toFixed(3)}, coverage ${(metrics.coverage * 100).toFixed(1)} %, accuracy when decided ${(metrics.selectiveAccuracy * 100).toFixed(1)} %`,
    `  without abstention: accuracy ${(forced.accuracy * 100).toFixed(1)} %, macro-F1 ${forced.macroF1.toFixed(3)}`,
    '',
  ].join('\n'),
);
