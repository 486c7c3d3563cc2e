/**
 * Our text classifier against the textbook baseline on a public labelled text set, by stratified k-fold
 * cross-validation:
 *
 *   npm run bench:classifier-public -- --data FILE [--folds 5] [--seed 1] [--c 1]
 *
 * FILE is a CSV of `label<sep>text` rows — the 10kGNAD format (`;` separator, `'` as quote character, a doubled
 * `''` inside quotes, no header) is recognised, other separators/quotes via `--sep` / `--quote` — or JSON lines
 * `{ "text", "label" }` (`.jsonl`). Per fold it trains and predicts
 *  1. our classifier through the very code path of `poststelle classifier train/predict` (`trainFromFile` /
 *     `predictFromFile`: default features, grouped hold-out calibration, refit), without abstention, and
 *  2. TF-IDF (word uni+bigrams, sublinear tf, L2) + linear SVM (squared hinge, C = 1, one-vs-rest, dual coordinate
 *     descent) — scripts/bench/tfidf.svm.ts,
 * and prints accuracy and macro-F1 per fold, mean ± sd, and ours / baseline.
 *
 * Data (not in the repository; licence CC BY-NC-SA 4.0): the "Ten Thousand German News Articles Dataset",
 * https://tblock.github.io/10kGNAD/ — `test.csv` (1 028 articles, 9 classes) and `train.csv` (9 245) from
 * https://github.com/tblock/10kGNAD. Texts with identical content stay in one fold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { predictFromFile, trainFromFile } from '../src/cli/commands/classifier.command.ts';
import { duplicateGroups, groupedFolds } from '../src/modules/classification/dataset.split.ts';
import { evaluate } from '../src/modules/classification/evaluation.ts';
import { trainTfidfSvm } from './bench/tfidf.svm.ts';

interface Example {
  text: string;
  label: string;
}

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** RFC-4180-style CSV with a configurable separator and quote character; a doubled quote inside quotes is one quote. */
export function parseDelimited(content: string, separator: string, quote: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i] as string;
    if (quoted) {
      if (ch === quote) {
        if (content[i + 1] === quote) {
          field += quote;
          i += 1;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === quote && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (ch === separator) {
      row.push(field);
      field = '';
      atFieldStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i += 1;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
    } else {
      field += ch;
      atFieldStart = false;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readExamples(file: string): Example[] {
  const content = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.jsonl')) {
    return content
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Example);
  }
  const separator = option('sep') ?? ';';
  const quote = option('quote') ?? "'";
  return parseDelimited(content, separator, quote).map((fields, index) => {
    if (fields.length < 2) throw new Error(`${file}: row ${index + 1} has ${fields.length} field(s), expected label${separator}text`);
    return { label: (fields[0] as string).trim(), text: fields.slice(1).join(separator) };
  });
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values: readonly number[]) => {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / Math.max(1, values.length - 1));
};

async function main(): Promise<void> {
  const data = option('data');
  if (!data) throw new Error('usage: bench-classifier-public --data FILE [--folds 5] [--seed 1] [--c 1]');
  const folds = Number.parseInt(option('folds') ?? '5', 10);
  const seed = Number.parseInt(option('seed') ?? '1', 10);
  const c = Number.parseFloat(option('c') ?? '1');
  const examples = readExamples(data);
  const labels = [...new Set(examples.map((example) => example.label))].sort();
  const y = Int32Array.from(examples, (example) => labels.indexOf(example.label));
  const foldOf = groupedFolds(y, duplicateGroups(examples.map((example) => example.text)), folds, seed);
  process.stdout.write(`${data}: ${examples.length} texts, ${labels.length} labels, stratified ${folds}-fold CV (seed ${seed}), ${os.cpus()[0]?.model ?? 'cpu'}\n`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-classifier-public-'));
  const results = { ours: { accuracy: [] as number[], macroF1: [] as number[], ms: 0 }, baseline: { accuracy: [] as number[], macroF1: [] as number[], ms: 0 } };
  try {
    for (let fold = 0; fold < folds; fold++) {
      const train = examples.filter((_, i) => foldOf[i] !== fold);
      const test = examples.filter((_, i) => foldOf[i] === fold);
      const actual = test.map((example) => example.label);

      const trainFile = path.join(scratch, 'train.jsonl');
      const testFile = path.join(scratch, 'test.jsonl');
      fs.writeFileSync(trainFile, train.map((example) => JSON.stringify({ text: example.text, label: example.label })).join('\n') + '\n');
      fs.writeFileSync(testFile, test.map((example) => JSON.stringify({ text: example.text })).join('\n') + '\n');
      let started = performance.now();
      await trainFromFile({ input: trainFile, model: 'public-bench', modelsDir: scratch });
      const predicted = await predictFromFile({ input: testFile, model: 'public-bench', modelsDir: scratch, abstainBelow: 0 });
      results.ours.ms += performance.now() - started;
      const ours = evaluate(actual, predicted.predictions.map((prediction) => prediction.candidate), labels);

      started = performance.now();
      const svm = trainTfidfSvm(
        train.map((example) => example.text),
        train.map((example) => example.label),
        { c, seed },
      );
      const baseline = evaluate(actual, test.map((example) => svm.predict(example.text)), labels);
      results.baseline.ms += performance.now() - started;

      results.ours.accuracy.push(ours.accuracy);
      results.ours.macroF1.push(ours.macroF1);
      results.baseline.accuracy.push(baseline.accuracy);
      results.baseline.macroF1.push(baseline.macroF1);
      process.stdout.write(
        `fold ${fold + 1}/${folds} (${test.length} test): ours accuracy ${(ours.accuracy * 100).toFixed(1)} % macro-F1 ${ours.macroF1.toFixed(3)} | ` +
          `TF-IDF+SVM accuracy ${(baseline.accuracy * 100).toFixed(1)} % macro-F1 ${baseline.macroF1.toFixed(3)}\n`,
      );
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const line = (name: string, r: { accuracy: number[]; macroF1: number[]; ms: number }) =>
    `${name.padEnd(12)} accuracy ${(mean(r.accuracy) * 100).toFixed(1)} ± ${(sd(r.accuracy) * 100).toFixed(1)} %, macro-F1 ${mean(r.macroF1).toFixed(3)} ± ${sd(r.macroF1).toFixed(3)} (train + predict ${(r.ms / 1000).toFixed(1)} s in all)\n`;
  process.stdout.write(line('ours', results.ours));
  process.stdout.write(line(`TF-IDF+SVM (C=${c})`, results.baseline));
  process.stdout.write(
    `ours / baseline: accuracy ${(mean(results.ours.accuracy) / mean(results.baseline.accuracy)).toFixed(3)}, macro-F1 ${(mean(results.ours.macroF1) / mean(results.baseline.macroF1)).toFixed(3)}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
