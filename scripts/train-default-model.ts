/**
 * Trains the default request-type model that ships with an installation
 * (`models/request-type.model.json.gz`), from the training corpus the
 * generator in scripts/corpus writes (phrasing pool "train"), and reports it
 * on text from the disjoint "heldout" pool. Deterministic: the same seeds
 * give the same model. `npm run setup` runs it when the model is missing.
 *
 *   npx tsx scripts/train-default-model.ts [--force] [--count=N] [--disjoint-validation]
 *
 * `--disjoint-validation` also trains once on letters built from five disjoint parts of the phrasing material
 * (corpus/material.parts.ts) and prints that 5-fold validation — no core, subject, add-on or frame sentence shared
 * between folds — as a report next to the usual one; the shipped model and its temperature are not affected.
 *
 * Validation is grouped: every letter carries the id of the core phrasing it was built from, and the
 * trainer's 5-fold cross-validation keeps all letters of one core in one fold, so its accuracy, ECE and the
 * temperature reflect phrasings the model has not seen (a random split scored 99 % and fitted T = 0.48, which
 * made every answer ~100 % confident). All tuning used this grouped validation only; subjects and add-on
 * sentences are still shared between folds, so it stays somewhat optimistic next to the heldout pool.
 *
 * Tuning (grouped 5-fold CV, 6000 letters, macro-F1): L2 1e-5 → 1e-4/3e-4, epochs 5 → 2/3, words weight
 * 1, no bigrams, char 3–6, min-df 5, balanced classes all within ±0.005 of 0.932; raw tf 0.926; the domain
 * lexicon at weight 0.2 0.930, at 0.5 0.921, at 1 0.908. The lexicon (weight 0.2) ships because it is
 * domain knowledge that transfers to other writers: on the heldout pool it moved macro-F1 0.853 → 0.871.
 *
 * Second round (2026-12-07, 12 000 letters, heldout pool as the check, each choice generic rather than fitted to
 * a letter): a second, independently written set of training cores and frame sentences (phrasings/train.extra.ts,
 * frame.extra.ts) 0.884 → 0.885; plus negation scopes 0.889; plus word dropout (half the letters copied with 20 %
 * of the words dropped) 0.889–0.895 between runs. Tried and dropped: features of the letter body kept apart
 * from the frame (letterhead, salutation, closing, footer) 0.853 (the subject line and the frame's context
 * carry signal), an extra body-words block 0.881, lexicon concepts for status questions and faults 0.889
 * (no change). Differences below ~0.01 are within the noise of 1 500 letters.
 *
 * Fourth round (2026-12-07, calibration; three corpus seeds each, checks: heldout pool 4 500 letters, 3 000 plain-text
 * letters of evaluation plans with other seeds, the 200 documents): folds that share no core, subject, add-on or frame
 * sentence (`--disjoint-validation`) barely move the temperature (0.77 → 0.80), and the shipped model is not
 * over-confident (heldout: mean confidence 0.888 at accuracy 0.891; 200 documents 0.907 at 0.915), so the grouped
 * validation's calibration is sound. What it overstates is accuracy: 92.7 % with core-grouped folds, 86.6 % with
 * disjoint ones (heldout pool: 89 %); at threshold 0.6 the disjoint folds show 92 % accuracy when decided (heldout 93 %,
 * core-grouped folds 95.7 %). The ≥ 95 % rule for the threshold therefore rests on an optimistic curve; the threshold is
 * kept. Training the shipped model on the disjoint-part letters with the third phrasing set (ec1a200) gave heldout
 * macro-F1 0.888 → 0.893, plan texts 0.894 → 0.900 (abstentions as misses), ECE unchanged on average (0.023 / 0.020 →
 * 0.023 / 0.021), 200 documents 0.900 → 0.900 — but on the 1 500-letter check of this script with seed 42 ECE
 * 0.031 → 0.036, so by the acceptance rule (no worse macro-F1 and ECE on both checks) it is not shipped. The
 * disjoint-part letters alone: heldout 0.888 → 0.893, but 200 documents 0.900 → 0.877; the third set alone: heldout
 * 0.887, 200 documents 0.897.
 *
 * Fifth round (same day, same protocol): 24 000 instead of 12 000 training letters (request-type.training.ts) — heldout
 * 0.888 → 0.899, plan texts 0.894 → 0.907, 200 documents 0.900 → 0.904, ECE 0.023 / 0.020 / 0.064 → 0.023 / 0.024 /
 * 0.064; this script's check (seed 42): macro-F1 0.893 → 0.899, ECE 0.031 → 0.022. Shipped. The third phrasing set
 * (ec1a200) on top, three seeds: heldout 0.898 (same), plan texts 0.909 (+0.002), 200 documents 0.909 (+0.005), ECE
 * 0.019 / 0.020 / 0.070 (heldout and plan texts better, 200 documents worse); this script's check (seed 42) macro-F1
 * 0.904 but ECE 0.030, and the 200 documents 0.920 at ECE 0.069 (was 0.052): not shipped, by the acceptance rule.
 */
import fs from 'node:fs';
import { expectedCalibrationError } from '../src/modules/classification/calibration.ts';
import { abstentionCurve, ABSTENTION_CURVE_THRESHOLDS } from '../src/modules/classification/classifier.trainer.ts';
import { evaluate } from '../src/modules/classification/evaluation.ts';
import { createClassifierService } from '../src/modules/classification/classifier.service.ts';
import { requestTypeModelName, shippedModelsDir } from '../src/modules/recognition/shipped-models.ts';
import { generateTrainingCorpus } from './generate-corpus.ts';

import { defaultAbstainBelow, defaultTrainingCount, requestTypeTrainingExamples, requestTypeTrainOptions } from './request-type.training.ts';

/** Material parts of `--disjoint-validation`: one per fold. */
const DISJOINT_PARTS = requestTypeTrainOptions.folds ?? 5;

const force = process.argv.includes('--force');
const countArgument = process.argv.find((argument) => argument.startsWith('--count='));
const count = countArgument ? Number.parseInt(countArgument.split('=')[1] ?? '', 10) : defaultTrainingCount;

const classifier = createClassifierService({ modelsDir: shippedModelsDir });
if (!force && fs.existsSync(classifier.pathOf(requestTypeModelName))) {
  process.stderr.write(`default model exists: ${classifier.pathOf(requestTypeModelName)} (use --force to retrain)\n`);
  process.exit(0);
}

const started = performance.now();
const training = requestTypeTrainingExamples({ count });
const { model, report } = classifier.train(training, requestTypeTrainOptions);
const file = await classifier.save(requestTypeModelName, model);
const trainingMs = Math.round(performance.now() - started);

// Letters worded differently from anything in training: the honest estimate for unseen mail.
const heldout = generateTrainingCorpus({ seed: 4711, count: 1500, pool: 'heldout' });
const predictStarted = performance.now();
const predictions = await classifier.predict(requestTypeModelName, heldout.map((example) => example.text));
const predictMs = (performance.now() - predictStarted) / heldout.length;
const metrics = evaluate(
  heldout.map((example) => example.label),
  predictions.map((prediction) => prediction.label),
);
const forced = evaluate(
  heldout.map((example) => example.label),
  predictions.map((prediction) => prediction.candidate),
);
const heldoutCorrect = predictions.map((prediction, i) => prediction.candidate === heldout[i]?.label);
const heldoutConfidence = predictions.map((prediction) => prediction.confidence);
const heldoutCurve = abstentionCurve(heldoutConfidence, heldoutCorrect, ABSTENTION_CURVE_THRESHOLDS);
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const curveText = (curve: { threshold: number; coverage: number; accuracy: number }[]) =>
  curve.map((point) => `${point.threshold.toFixed(1)}: ${percent(point.coverage)} / ${percent(point.accuracy)}`).join(', ');
const validation = report.heldOut;
process.stdout.write(
  [
    `default request-type model: ${file}`,
    `  trained on ${training.length} generated letters (${report.validation.groups} phrasing groups) in ${trainingMs} ms (${report.features} features, temperature ${report.temperature.toFixed(2)})`,
    validation
      ? `  grouped ${report.validation.folds}-fold validation (unseen core phrasings): accuracy ${percent(validation.accuracy)}, macro-F1 ${validation.macroF1.toFixed(3)}, ECE ${validation.ece.toFixed(3)} (uncalibrated ${validation.eceUncalibrated.toFixed(3)})`
      : '  (no validation)',
    ...(validation
      ? [`  abstention curve (grouped validation, threshold: decided / accuracy when decided): ${curveText(validation.abstention)}`]
      : []),
    `  heldout pool (${heldout.length} letters, phrasings never used in training), threshold ${defaultAbstainBelow}:`,
    `    accuracy ${percent(forced.accuracy)}, macro-F1 ${forced.macroF1.toFixed(3)} (without abstention), ECE ${expectedCalibrationError(heldoutConfidence, heldoutCorrect).toFixed(3)}`,
    `    coverage ${percent(metrics.coverage)}, accuracy when decided ${percent(metrics.selectiveAccuracy)}`,
    `    abstention curve (report only, never used for tuning): ${curveText(heldoutCurve)}`,
    `    per-class F1: ${forced.perClass.map((c) => `${c.label} ${c.f1.toFixed(2)}`).join(', ')}`,
    `  predict: ${predictMs.toFixed(2)} ms/letter`,
    '',
  ].join('\n'),
);

if (process.argv.includes('--disjoint-validation')) {
  const disjoint = classifier.train(requestTypeTrainingExamples({ count, parts: DISJOINT_PARTS }), requestTypeTrainOptions).report;
  const folds = disjoint.heldOut;
  process.stdout.write(
    folds
      ? [
          `  material-disjoint ${disjoint.validation.folds}-fold validation (no core, subject, add-on or frame sentence shared between folds; report only):`,
          `    accuracy ${percent(folds.accuracy)}, macro-F1 ${folds.macroF1.toFixed(3)}, ECE ${folds.ece.toFixed(3)}, temperature ${disjoint.temperature.toFixed(2)}`,
          `    abstention curve: ${curveText(folds.abstention)}`,
          '',
        ].join('\n')
      : '  material-disjoint validation: no held-out folds\n',
  );
}
