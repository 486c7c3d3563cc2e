/**
 * Separation benchmark: generates scanner batches with known boundaries
 * (scripts/fixtures/batches.ts), renders their pages exactly as the pipeline
 * does, classifies every page and cuts the batch, then compares with the truth.
 *
 *   npm run bench:separation [-- --count 20 --seed 7 --out .tmp/bench-separation]
 *
 * Prints separation accuracy (documents whose pages are exactly right / all
 * documents), per separator kind, and blank-page precision/recall.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { generateBatches, type BatchTruth } from './fixtures/batches.ts';
import { segmentBatch } from '../src/modules/imaging/batch.segmenter.ts';
import { createBarcodeReader } from '../src/modules/imaging/barcode.reader.ts';
import { defaultLimits } from '../src/modules/imaging/imaging.types.ts';
import { createPageRenderer } from '../src/modules/imaging/page.renderer.ts';
import { createSeparatorDetector, type PageRole } from '../src/modules/imaging/separator.detector.ts';
import { createSourceInspector } from '../src/modules/imaging/source.inspector.ts';

const args = process.argv.slice(2);
const option = (flag: string, fallback: string) => {
  const index = args.indexOf(flag);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const count = Number(option('--count', '20'));
const seed = Number(option('--seed', '7'));
const outDir = option('--out', '.tmp/bench-separation');

let truths: BatchTruth[];
const truthFile = path.join(outDir, 'truth.json');
const cached = await fs.readFile(truthFile, 'utf8').then((text) => JSON.parse(text) as BatchTruth[]).catch(() => null);
if (cached && cached.length === count && option('--seed', '') === '') {
  truths = cached;
  console.log(`reusing ${count} batches in ${outDir}`);
} else {
  const started = Date.now();
  truths = await generateBatches({ outDir, count, seed });
  console.log(`generated ${count} batches in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const inspector = createSourceInspector({ limits: defaultLimits });
const renderer = createPageRenderer({ limits: defaultLimits });
const detector = createSeparatorDetector({ barcodes: createBarcodeReader() });

let documentsRight = 0;
let documentsTotal = 0;
const byKind = new Map<string, { right: number; total: number }>();
let blankTruePositive = 0;
let blankFalsePositive = 0;
let blankFalseNegative = 0;
let separatorsFound = 0;
let separatorsTotal = 0;
let pagesTotal = 0;
let classifyMs = 0;
let contentClassifyMs = 0;
let contentPages = 0;

for (const truth of truths) {
  const bytes = await fs.readFile(path.join(outDir, truth.file));
  const inspection = await inspector.inspect(bytes, truth.file);
  const session = await renderer.open(bytes, inspection);
  const roles: PageRole[] = [];
  try {
    for (let pageNo = 1; pageNo <= inspection.pageCount; pageNo += 1) {
      const page = await session.renderPage(pageNo);
      const started = performance.now();
      const classification = await detector.classify(page.image, page.dpi);
      const elapsed = performance.now() - started;
      classifyMs += elapsed;
      roles.push(classification.role);
      const expected = truth.pages[pageNo - 1];
      if (expected?.role === 'content' || expected?.role === 'faint') {
        contentPages += 1;
        contentClassifyMs += elapsed;
      }
      if (expected?.role === 'separator') {
        separatorsTotal += 1;
        if (classification.role === 'separator') separatorsFound += 1;
      }
      if (classification.role === 'blank' && expected?.role === 'blank') blankTruePositive += 1;
      else if (classification.role === 'blank') blankFalsePositive += 1;
      else if (expected?.role === 'blank') blankFalseNegative += 1;
      if (expected && expected.role !== classification.role && !(expected.role === 'faint' && classification.role === 'content')) {
        console.log(`  ${truth.file} page ${pageNo}: expected ${expected.role}${expected.separator ? ` (${expected.separator})` : ''}, got ${classification.role} ${JSON.stringify(classification.detail)}`);
      }
    }
  } finally {
    await session.close();
  }
  pagesTotal += roles.length;
  const segments = segmentBatch(roles);
  const kinds = new Set(truth.pages.filter((page) => page.separator).map((page) => page.separator as string));
  const kind = kinds.size === 1 ? [...kinds][0] ?? 'mixed' : 'mixed';
  const stats = byKind.get(kind) ?? { right: 0, total: 0 };
  truth.documents.forEach((document, index) => {
    const right = JSON.stringify(segments[index]?.pages ?? []) === JSON.stringify(document.pages) && segments.length === truth.documents.length;
    documentsTotal += 1;
    stats.total += 1;
    if (right) {
      documentsRight += 1;
      stats.right += 1;
    }
  });
  byKind.set(kind, stats);
}

const percent = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
console.log(`\n${truths.length} batches, ${pagesTotal} pages, ${documentsTotal} documents`);
console.log(`separation accuracy (documents exactly right): ${documentsRight}/${documentsTotal} = ${percent(documentsRight, documentsTotal)}`);
for (const [kind, stats] of [...byKind.entries()].sort()) console.log(`  ${kind.padEnd(20)} ${stats.right}/${stats.total} = ${percent(stats.right, stats.total)}`);
console.log(`separator sheets found: ${separatorsFound}/${separatorsTotal}`);
console.log(`blank pages: precision ${percent(blankTruePositive, blankTruePositive + blankFalsePositive)}, recall ${percent(blankTruePositive, blankTruePositive + blankFalseNegative)} (${blankTruePositive} found, ${blankFalsePositive} false, ${blankFalseNegative} missed)`);
console.log(`classification time: ${(classifyMs / pagesTotal).toFixed(0)} ms per page on average, ${(contentClassifyMs / Math.max(1, contentPages)).toFixed(0)} ms per letter page`);
