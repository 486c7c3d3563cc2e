/**
 * npm run bench:ocr — the same pages through the Poststelle pipeline and
 * through the raw tesseract CLI, in one run, on this machine.
 *
 * Raw baseline: `tesseract FILE out -l deu` on every page or image (tesseract
 * reads PNG/JPEG/multi-page TIFF itself; PDF pages rasterised with
 * `pdftoppm -r 300 -gray` first, timed too), one process per core with
 * OMP_THREAD_LIMIT=1. Our pipeline does more per page (aspect-correct fax
 * pages, word boxes + confidences, a searchable PDF, PostgreSQL, jobs, search
 * index), with the same number of tesseract processes.
 *
 * Prints pages per core-hour for both and the ratio (target ≥ 0.9).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAppContext } from '../src/modules/app/app.context.ts';
import { loadConfig } from '../src/modules/config/config.ts';
import { createScratchDatabase } from '../src/modules/database/scratch-database.ts';
import { createSemaphore } from '../src/modules/shared/semaphore.ts';
import { createLogger } from '../src/modules/shared/logger.ts';
import { runProcess } from '../src/modules/shared/process.ts';
import { generateFixtures, type FixtureManifest } from './generate-fixtures.ts';

const cores = os.availableParallelism();
const argCount = Number.parseInt(process.argv.find((arg) => arg.startsWith('--count='))?.split('=')[1] ?? '40', 10);
const dataDir = path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data');
const benchDir = path.resolve('.tmp/bench-ocr');

type Entry = FixtureManifest['documents'][number];

function foldedWords(text: string): Set<string> {
  return new Set(text.toLowerCase().normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 4));
}

/** Share of the letter's words (≥ 4 letters) that the OCR text contains: a rough word recall. */
function wordRecall(expected: string, actual: string): number {
  const want = foldedWords(expected);
  const got = foldedWords(actual);
  if (want.size === 0) return 1;
  let found = 0;
  for (const word of want) if (got.has(word)) found += 1;
  return found / want.size;
}

/**
 * The raw tesseract CLI on the same files. tesseract cannot read PDFs, so
 * their pages are rasterised first the fastest way poppler offers
 * (`pdftoppm -r 300 -gray` to PGM; its PNG encoder alone takes seconds per
 * scanned page); images and fax TIFFs go to tesseract as they are. Both
 * phases are timed and counted; `rasterSeconds` shows the first one.
 */
async function rawTesseract(entries: Entry[], lettersDir: string): Promise<{ seconds: number; rasterSeconds: number; pages: number; texts: Map<string, string> }> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-bench-raw-'));
  const slots = createSemaphore(cores);
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  const inputs = new Map<string, string[]>();
  const rasterStarted = performance.now();
  await Promise.all(
    entries.map(async (entry, index) => {
      const source = path.join(lettersDir, entry.file);
      if (!entry.file.toLowerCase().endsWith('.pdf')) {
        inputs.set(entry.file, [source]);
        return;
      }
      const prefix = path.join(work, `doc${index}`);
      await slots.run(() => runProcess('pdftoppm', ['-r', '300', '-gray', source, prefix], { timeoutMs: 600_000 }));
      inputs.set(entry.file, (await fs.readdir(work)).filter((name) => name.startsWith(`doc${index}-`)).sort().map((name) => path.join(work, name)));
    }),
  );
  const rasterSeconds = (performance.now() - rasterStarted) / 1000;

  const texts = new Map<string, string>();
  let pages = 0;
  const started = performance.now();
  await Promise.all(
    entries.map(async (entry, index) => {
      const parts: string[] = [];
      for (const [pageIndex, input] of (inputs.get(entry.file) ?? []).entries()) {
        const outBase = path.join(work, `out${index}-${pageIndex}`);
        await slots.run(() => runProcess('tesseract', [input, outBase, '-l', 'deu'], { timeoutMs: 600_000, env }));
        parts.push(await fs.readFile(`${outBase}.txt`, 'utf8'));
      }
      pages += entry.pages;
      texts.set(entry.file, parts.join('\n'));
    }),
  );
  const seconds = rasterSeconds + (performance.now() - started) / 1000;
  await fs.rm(work, { recursive: true, force: true });
  return { seconds, rasterSeconds, pages, texts };
}

async function pipeline(entries: Entry[], lettersDir: string): Promise<{ seconds: number; pages: number; texts: Map<string, string>; statuses: Record<string, number> }> {
  const database = await createScratchDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'bench' });
  const databaseUrl = database.url;
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-bench-pipeline-'));
  const config = loadConfig({ dataDir: workDir }, { ...process.env, DATABASE_URL: databaseUrl, POSTSTELLE_BLOB_URL: undefined });
  const app = await createAppContext(config, { logger: createLogger('error') });
  try {
    await app.pipeline.startWorkers();
    const runId = await app.intake.startRun(config.tenantId);
    const started = performance.now();
    const ids: string[] = [];
    const fileById = new Map<string, string>();
    for (const entry of entries) {
      const outcome = await app.intake.ingest({
        bytes: await fs.readFile(path.join(lettersDir, entry.file)),
        source: entry.file,
        originalName: path.basename(entry.file),
        channel: 'auto',
        receivedAt: new Date(),
        tenantId: config.tenantId,
        runId,
      });
      ids.push(outcome.documentId);
      fileById.set(outcome.documentId, entry.file);
    }
    const texts = new Map<string, string>();
    const statuses: Record<string, number> = {};
    let pages = 0;
    await app.documents.waitUntilFinal(ids, (row) => {
      texts.set(fileById.get(row.id) ?? row.id, row.text ?? '');
      statuses[row.status] = (statuses[row.status] ?? 0) + 1;
      pages += row.page_count ?? 0;
    });
    const seconds = (performance.now() - started) / 1000;
    return { seconds, pages, texts, statuses };
  } finally {
    await app.close();
    await database.drop().catch(() => undefined);
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const lettersDir = path.join(benchDir, 'letters');
  const manifest = await generateFixtures({ outDir: lettersDir, seed: 4242, count: argCount });
  // Only pages that need OCR: born-digital PDFs would be skipped by us and are not an OCR benchmark.
  const entries = manifest.documents.filter((entry) => entry.kind !== 'bad' && entry.kind !== 'digital-pdf');
  const totalPages = entries.reduce((sum, entry) => sum + entry.pages, 0);
  process.stdout.write(`bench:ocr — ${entries.length} documents, ${totalPages} pages (scans + faxes), ${cores} cores, ${os.cpus()[0]?.model ?? ''}\n`);

  const raw = await rawTesseract(entries, lettersDir);
  const ours = await pipeline(entries, lettersDir);

  const perCoreHour = (pages: number, seconds: number) => (pages * 3600) / (seconds * cores);
  const rawRate = perCoreHour(raw.pages, raw.seconds);
  const ourRate = perCoreHour(ours.pages, ours.seconds);
  const recall = (texts: Map<string, string>) => entries.reduce((sum, entry) => sum + wordRecall(entry.text, texts.get(entry.file) ?? ''), 0) / entries.length;

  const rows = [
    ['raw tesseract CLI', raw.pages, raw.seconds, rawRate, recall(raw.texts)],
    ['poststelle pipeline', ours.pages, ours.seconds, ourRate, recall(ours.texts)],
  ] as const;
  process.stdout.write('\n| run | pages | wall s | pages/core-hour | word recall |\n|---|---:|---:|---:|---:|\n');
  for (const [name, pages, seconds, rate, wordRecallValue] of rows) {
    process.stdout.write(`| ${name} | ${pages} | ${seconds.toFixed(1)} | ${Math.round(rate)} | ${(wordRecallValue * 100).toFixed(1)} % |\n`);
  }
  process.stdout.write(`\npipeline statuses: ${JSON.stringify(ours.statuses)}\n`);
  process.stdout.write(`raw baseline: of its ${raw.seconds.toFixed(1)} s, rasterising the PDFs (pdftoppm to PGM) took ${raw.rasterSeconds.toFixed(1)} s\n`);
  process.stdout.write(`ratio pipeline / raw tesseract (pages per core-hour): ${(ourRate / rawRate).toFixed(2)}\n`);
}

await main();
process.exit(0);
