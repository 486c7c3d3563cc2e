/**
 * Field extraction only, fast: runs the field extractor over the texts of a labelled folder
 * (`labels.jsonl` as the corpus generator writes it, each line with `text`) and prints per-field
 * precision / recall and, with `--misses`, every wrong or missing value. With `--texts FILE.jsonl`
 * (lines `{ "file", "text", "receivedAt" }`, e.g. the texts the pipeline read by OCR) those texts are
 * used instead of the printed ones. For iterating on extraction without the OCR pipeline; the full
 * numbers come from `npx poststelle eval DIR`.
 *
 *   tsx scripts/eval-fields.ts .tmp/bench-recognition [--texts ocr.jsonl] [--misses [field,field]] [--kind fax]
 */
import fs from 'node:fs';
import path from 'node:path';
import { normaliseFieldValue } from '../src/modules/evaluation/recognition.metrics.ts';
import { createFieldExtractor } from '../src/modules/extraction/field.extractor.ts';

interface Label {
  file: string;
  kind?: string;
  text?: string;
  receivedAt?: string;
  fields: Record<string, string | undefined>;
}

const args = process.argv.slice(2);
const dir = args[0];
if (!dir) {
  process.stderr.write('usage: tsx scripts/eval-fields.ts DIR [--texts FILE.jsonl] [--misses [fields]] [--kind KIND]\n');
  process.exit(1);
}
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const next = args[at + 1];
  return next && !next.startsWith('--') ? next : '';
};
const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

const labels = readJsonl<Label>(path.join(dir, 'labels.jsonl'));
const textsFile = option('--texts');
const texts = new Map<string, { text: string; receivedAt?: string }>();
if (textsFile) for (const row of readJsonl<{ file: string; text: string; receivedAt?: string }>(textsFile)) texts.set(row.file, row);
const missesOption = option('--misses');
const missFields = missesOption === undefined ? null : new Set(missesOption ? missesOption.split(',') : []);
const kind = option('--kind');

const extractor = createFieldExtractor();
// As the evaluation counts them: every field some label has, in every document (a value where the label has none is a false positive).
const fieldNames = [...new Set(labels.flatMap((label) => Object.keys(label.fields)))].sort();
const counts = new Map<string, { tp: number; fp: number; fn: number }>();
const misses: string[] = [];
let documents = 0;
for (const label of labels) {
  if (kind && !label.kind?.includes(kind)) continue;
  const own = texts.get(label.file);
  const text = own?.text ?? label.text;
  if (text === undefined) continue;
  documents += 1;
  const receivedAt = new Date(label.receivedAt ?? own?.receivedAt ?? Date.now());
  const result = extractor.extract({ text, receivedAt });
  const got = result.fields as Record<string, string | undefined>;
  for (const field of fieldNames) {
    const want = normaliseFieldValue(field, label.fields[field]);
    const have = normaliseFieldValue(field, got[field]);
    const c = counts.get(field) ?? { tp: 0, fp: 0, fn: 0 };
    counts.set(field, c);
    if (want && have && want === have) c.tp += 1;
    else {
      if (have) c.fp += 1;
      if (want) c.fn += 1;
      if ((want || have) && missFields && (missFields.size === 0 || missFields.has(field))) {
        misses.push(`${label.file} ${field}: want ${JSON.stringify(label.fields[field] ?? null)} got ${JSON.stringify(got[field] ?? null)}`);
      }
    }
  }
}
if (misses.length > 0) process.stdout.write(`${misses.join('\n')}\n\n`);
process.stdout.write(`${documents} documents${textsFile ? ` (texts from ${textsFile})` : ''}\nfield            precision / recall (TP FP FN)\n`);
for (const [field, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
  const p = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  process.stdout.write(`  ${field.padEnd(16)} ${p.toFixed(3)} / ${r.toFixed(3)} (${c.tp} ${c.fp} ${c.fn})\n`);
}
