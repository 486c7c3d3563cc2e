/**
 * The runs that throughput benchmarks compare, each on the same files in one
 * process tree: the Poststelle pipeline, the raw tesseract CLI and ocrmypdf.
 * Used by bench-ocr.ts (scans and faxes) and bench-pipeline.ts (a mixed day).
 */
import fs from 'node:fs/promises';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { createAppContext } from '../../src/modules/app/app.context.ts';
import { loadConfig } from '../../src/modules/config/config.ts';
import { createScratchDatabase } from '../../src/modules/database/scratch-database.ts';
import { createLogger } from '../../src/modules/shared/logger.ts';
import { runProcess } from '../../src/modules/shared/process.ts';
import { createSemaphore } from '../../src/modules/shared/semaphore.ts';

export const cores = os.availableParallelism();

export interface BenchFile {
  /** Path relative to `dir`. */
  file: string;
  pages: number;
  /** Ground truth for a rough word recall; empty when unknown. */
  text: string;
}

export interface RunResult {
  seconds: number;
  /** CPU seconds of this process and its child processes (ended or still running), e.g. tesseract; PostgreSQL's own are not included. */
  cpuSeconds: number;
  pages: number;
  texts: Map<string, string>;
  /** Peak resident set size of the processes doing the work, MiB (when measured). */
  peakRssMiB?: number;
  notes?: string;
}

function foldedWords(text: string): Set<string> {
  return new Set(text.toLowerCase().normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 4));
}

/** Share of the ground truth's words (≥ 4 letters) that the text contains: a rough word recall. */
export function wordRecall(expected: string, actual: string): number {
  const want = foldedWords(expected);
  const got = foldedWords(actual);
  if (want.size === 0) return 1;
  let found = 0;
  for (const word of want) if (got.has(word)) found += 1;
  return found / want.size;
}

export function meanRecall(files: readonly BenchFile[], texts: Map<string, string>): number {
  const withTruth = files.filter((file) => file.text.trim() !== '');
  if (withTruth.length === 0) return Number.NaN;
  return withTruth.reduce((sum, file) => sum + wordRecall(file.text, texts.get(file.file) ?? ''), 0) / withTruth.length;
}

export function pagesPerCoreHour(pages: number, seconds: number): number {
  return (pages * 3600) / (seconds * cores);
}

const clockTicksPerSecond = 100; // Linux USER_HZ

/**
 * CPU time used so far by this process and its finished children (utime,
 * stime, cutime, cstime of /proc/self/stat): unlike wall time it hardly moves
 * when other work shares the machine, so it gives a second, steadier ratio.
 */
export async function processTreeCpuSeconds(): Promise<number> {
  const stat = await fs.readFile('/proc/self/stat', 'utf8').catch(() => null);
  if (stat === null) return Number.NaN;
  return (cpuTicksOf(stat) + (await liveDescendantTicks(process.pid))) / clockTicksPerSecond;
}

/** utime + stime + cutime + cstime of one /proc/PID/stat line (fields after the parenthesised name, which may hold spaces). */
function cpuTicksOf(stat: string, which: 'all' | 'own' | 'ended children' = 'all'): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const indexes = which === 'own' ? [11, 12] : which === 'ended children' ? [13, 14] : [11, 12, 13, 14];
  return indexes.reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
}

/**
 * CPU of descendants still running (e.g. the OCR step's long-lived tesseract
 * processes): a child's time reaches cutime/cstime only when it has ended and
 * been waited for, so without this they would not count at all.
 */
async function liveDescendantTicks(rootPid: number): Promise<number> {
  const stats = await processTicks();
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of stats) children.set(parent, [...(children.get(parent) ?? []), pid]);
  let ticks = 0;
  const pending = [...(children.get(rootPid) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    const entry = stats.get(pid);
    ticks += (entry?.own ?? 0) + (entry?.endedChildren ?? 0);
    pending.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

interface ProcessTicks {
  name: string;
  parent: number;
  own: number;
  endedChildren: number;
}

/** CPU ticks so far of every live process (own and reaped children's), by pid, with its program name and parent. */
async function processTicks(): Promise<Map<number, ProcessTicks>> {
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const out = new Map<number, ProcessTicks>();
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (pid) => {
        const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
        if (stat === null) return;
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        out.set(Number(pid), { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), parent, own: cpuTicksOf(stat, 'own'), endedChildren: cpuTicksOf(stat, 'ended children') });
      }),
  );
  return out;
}

/**
 * CPU seconds each program used between two snapshots (e.g. node, the tesseract servers, postgres), and
 * what the programs that ended in between used, under the program that started them (the launcher's
 * poppler and gs runs; tesseract servers that node recycled).
 */
function cpuByProgram(before: Map<number, ProcessTicks>, after: Map<number, ProcessTicks>): string {
  const byName = new Map<string, number>();
  const add = (name: string, ticks: number) => byName.set(name, (byName.get(name) ?? 0) + ticks);
  for (const [pid, { name, own, endedChildren }] of after) {
    add(name, own - (before.get(pid)?.own ?? 0));
    add(`${name}'s ended programs`, endedChildren - (before.get(pid)?.endedChildren ?? 0));
  }
  return [...byName]
    .filter(([, ticks]) => ticks >= clockTicksPerSecond)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ticks]) => `${name} ${(ticks / clockTicksPerSecond).toFixed(1)}`)
    .join(', ');
}

/** Busy and total jiffies of the whole machine (all cores, all processes, incl. PostgreSQL) from /proc/stat. */
async function machineTicks(): Promise<{ busy: number; total: number }> {
  const stat = await fs.readFile('/proc/stat', 'utf8').catch(() => '');
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

export function pagesPerCpuHour(pages: number, cpuSeconds: number): number {
  return (pages * 3600) / cpuSeconds;
}

const ocrEnv = () => ({ ...process.env, OMP_THREAD_LIMIT: '1' });

/**
 * The raw tesseract CLI: `tesseract FILE out -l deu` per page or image
 * (tesseract reads PNG/JPEG/multi-page TIFF itself; PDF pages are rasterised
 * with `pdftoppm -r 300 -gray` to PGM first, timed too), one process per core.
 */
export async function runRawTesseract(files: readonly BenchFile[], dir: string): Promise<RunResult & { rasterSeconds: number }> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-bench-raw-'));
  const slots = createSemaphore(cores);
  const inputs = new Map<string, string[]>();
  const cpuBefore = await processTreeCpuSeconds();
  const rasterStarted = performance.now();
  await Promise.all(
    files.map(async (entry, index) => {
      const source = path.join(dir, entry.file);
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
    files.map(async (entry, index) => {
      const parts: string[] = [];
      for (const [pageIndex, input] of (inputs.get(entry.file) ?? []).entries()) {
        const outBase = path.join(work, `out${index}-${pageIndex}`);
        await slots.run(() => runProcess('tesseract', [input, outBase, '-l', 'deu'], { timeoutMs: 600_000, env: ocrEnv() }));
        parts.push(await fs.readFile(`${outBase}.txt`, 'utf8'));
      }
      pages += entry.pages;
      texts.set(entry.file, parts.join('\n'));
    }),
  );
  const seconds = rasterSeconds + (performance.now() - started) / 1000;
  const cpuSeconds = (await processTreeCpuSeconds()) - cpuBefore;
  await fs.rm(work, { recursive: true, force: true });
  return { seconds, cpuSeconds, rasterSeconds, pages, texts };
}

/**
 * ocrmypdf as it is used in practice: one document per process, one process
 * per core (`--jobs 1`), a plain searchable PDF (`--output-type pdf`, no
 * PDF/A conversion, `--optimize 0`), `--skip-text` for born-digital pages.
 */
export async function runOcrmypdf(files: readonly BenchFile[], dir: string): Promise<RunResult> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-bench-ocrmypdf-'));
  const slots = createSemaphore(cores);
  const texts = new Map<string, string>();
  let pages = 0;
  const failures: string[] = [];
  const cpuBefore = await processTreeCpuSeconds();
  const started = performance.now();
  await Promise.all(
    files.map((entry, index) =>
      slots.run(async () => {
        const output = path.join(work, `out${index}.pdf`);
        const sidecar = path.join(work, `out${index}.txt`);
        const args = ['-l', 'deu', '--jobs', '1', '--output-type', 'pdf', '--optimize', '0', '--skip-text', '--sidecar', sidecar, '--quiet'];
        // Images without a usable resolution (fax TIFFs carry theirs; PNG scans may not).
        if (!entry.file.toLowerCase().endsWith('.pdf')) args.push('--image-dpi', '300');
        const result = await runProcess('ocrmypdf', [...args, path.join(dir, entry.file), output], { timeoutMs: 900_000, env: ocrEnv() });
        if (result.exitCode !== 0) {
          failures.push(`${entry.file}: exit ${result.exitCode}`);
          return;
        }
        pages += entry.pages;
        texts.set(entry.file, await fs.readFile(sidecar, 'utf8').catch(() => ''));
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (await processTreeCpuSeconds()) - cpuBefore;
  await fs.rm(work, { recursive: true, force: true });
  return { seconds, cpuSeconds, pages, texts, notes: failures.length > 0 ? `${failures.length} failed: ${failures.slice(0, 3).join('; ')}` : undefined };
}

/**
 * The whole Poststelle pipeline (store → split → OCR → searchable PDF → index
 * → recognise → finalise) on a scratch database, workers in this process.
 * Peak RSS of this process is sampled every 250 ms.
 */
export async function runPipeline(files: readonly BenchFile[], dir: string, options: { dataDir: string }): Promise<RunResult & { statuses: Record<string, number> }> {
  const database = await createScratchDatabase({ dataDir: options.dataDir, databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'bench' });
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-bench-pipeline-'));
  const config = loadConfig({ dataDir: workDir }, { ...process.env, DATABASE_URL: database.url, POSTSTELLE_BLOB_URL: undefined });
  const app = await createAppContext(config, { logger: createLogger('error') });
  let peakRss = process.memoryUsage.rss();
  // What the peak was made of: V8's heap, buffers outside it (page images, PDFs), and the rest (native: libvips, malloc).
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) {
      peakRss = rss;
      atPeak = process.memoryUsage();
    }
  }, 250);
  try {
    await app.pipeline.startWorkers();
    const runId = await app.intake.startRun(config.tenantId);
    const cpuBefore = await processTreeCpuSeconds();
    const machineBefore = await machineTicks();
    const processesBefore = await processTicks();
    const started = performance.now();
    const ids: string[] = [];
    const fileById = new Map<string, string>();
    for (const entry of files) {
      const outcome = await app.intake.ingest({
        bytes: await fs.readFile(path.join(dir, entry.file)),
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
    const cpuSeconds = (await processTreeCpuSeconds()) - cpuBefore;
    const machineAfter = await machineTicks();
    const programs = cpuByProgram(processesBefore, await processTicks());
    const machineBusy = (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total);
    // Where the time went: each step's summed duration (a step's wall time, waiting for an OCR slot included).
    const steps = await sql<{ step: string; jobs: number; seconds: number }>`
      select step, count(*)::int as jobs, round(sum(duration_ms) / 1000.0, 1)::float8 as seconds
      from document_steps group by step order by sum(duration_ms) desc`.execute(app.db);
    const stepSummary = steps.rows.map((row) => `${row.step} ${row.seconds} s/${row.jobs}`).join(', ');
    const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
    const composition = `at the peak: V8 heap ${mib(atPeak.heapUsed)} of ${mib(atPeak.heapTotal)} MiB, buffers ${mib(atPeak.external)} MiB (array buffers ${mib(atPeak.arrayBuffers)}), other native ${mib(atPeak.rss - atPeak.heapTotal - atPeak.external)} MiB; at the end RSS ${mib(process.memoryUsage.rss())} MiB`;
    const usage = `machine busy ${(machineBusy * 100).toFixed(0)} % of ${cores} cores (all processes incl. PostgreSQL); CPU s by program ${programs}; step time ${stepSummary}`;
    return { seconds, cpuSeconds, pages, texts, statuses, peakRssMiB: mib(peakRss), notes: `${composition}; ${usage}` };
  } finally {
    clearInterval(sampler);
    await app.close();
    await database.drop().catch(() => undefined);
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
