/**
 * npm run bench:ocr — the same scanned and faxed pages through the Poststelle
 * pipeline and through the raw tesseract CLI, in one run, on this machine.
 *
 * Raw baseline: `tesseract FILE out -l deu` on every page or image (PDF pages
 * rasterised with `pdftoppm -r 300 -gray` first, timed too), one process per
 * core with OMP_THREAD_LIMIT=1. Our pipeline does more per page
 * (aspect-correct fax pages, word boxes + confidences, a searchable PDF,
 * PostgreSQL, jobs, search index, recognition) with the same number of
 * tesseract processes. Prints pages per core-hour for both and the ratio
 * (target ≥ 0.9). `--count=N` letters (default 40; born-digital ones are left
 * out: they are no OCR benchmark).
 */
import os from 'node:os';
import path from 'node:path';
import { generateFixtures } from './generate-fixtures.ts';
import { cores, meanRecall, pagesPerCoreHour, pagesPerCpuHour, runPipeline, runRawTesseract, type BenchFile } from './bench/throughput.runs.ts';

const count = Number.parseInt(process.argv.find((arg) => arg.startsWith('--count='))?.split('=')[1] ?? '40', 10);
const dataDir = path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data');
const lettersDir = path.resolve('.tmp/bench-ocr/letters');

const manifest = await generateFixtures({ outDir: lettersDir, seed: 4242, count });
const files: BenchFile[] = manifest.documents
  .filter((entry) => entry.kind !== 'bad' && entry.kind !== 'digital-pdf')
  .map((entry) => ({ file: entry.file, pages: entry.pages, text: entry.text }));
const totalPages = files.reduce((sum, entry) => sum + entry.pages, 0);
process.stdout.write(`bench:ocr — ${files.length} documents, ${totalPages} pages (scans + faxes), ${cores} cores, ${os.cpus()[0]?.model ?? ''}\n`);

const raw = await runRawTesseract(files, lettersDir);
const ours = await runPipeline(files, lettersDir, { dataDir });
const rawRate = pagesPerCoreHour(raw.pages, raw.seconds);
const ourRate = pagesPerCoreHour(ours.pages, ours.seconds);

process.stdout.write('\n| run | pages | wall s | pages/core-hour | CPU s | pages/CPU-hour | word recall |\n|---|---:|---:|---:|---:|---:|---:|\n');
for (const [name, run, rate] of [['raw tesseract CLI', raw, rawRate], ['poststelle pipeline', ours, ourRate]] as const) {
  process.stdout.write(
    `| ${name} | ${run.pages} | ${run.seconds.toFixed(1)} | ${Math.round(rate)} | ${run.cpuSeconds.toFixed(1)} | ${Math.round(pagesPerCpuHour(run.pages, run.cpuSeconds))} | ${(meanRecall(files, run.texts) * 100).toFixed(1)} % |\n`,
  );
}
process.stdout.write(`\npipeline statuses: ${JSON.stringify(ours.statuses)}\n`);
process.stdout.write(`raw baseline: of its ${raw.seconds.toFixed(1)} s, rasterising the PDFs (pdftoppm to PGM) took ${raw.rasterSeconds.toFixed(1)} s\n`);
process.stdout.write(`ratio pipeline / raw tesseract (pages per core-hour): ${(ourRate / rawRate).toFixed(2)}\n`);
// CPU time barely moves with other load on the machine; it leaves out PostgreSQL's share of the pipeline.
const cpuRatio = pagesPerCpuHour(ours.pages, ours.cpuSeconds) / pagesPerCpuHour(raw.pages, raw.cpuSeconds);
process.stdout.write(`ratio by CPU time (this process tree, without PostgreSQL): ${cpuRatio.toFixed(2)}\n`);
process.exit(0);
