/**
 * npm run bench:pipeline — a mixed mailroom day in miniature through the whole
 * Poststelle pipeline and, in the same run, the same files through the raw
 * tesseract CLI and through ocrmypdf.
 *
 *   npx tsx scripts/bench-pipeline.ts [--pages=500] [--seed=777] [--skip=ocrmypdf,raw,pipeline]
 *
 * The set: generated German letters as 300-dpi scans (PNG, JPEG, image-only
 * PDF), fax TIFFs (G3/G4, normal and fine), born-digital PDFs, and e-mails
 * with attachments (about a tenth of the documents). Raw tesseract OCRs every
 * page it is given (it has no notion of a text layer); ocrmypdf runs with
 * `--skip-text`; neither reads e-mails, so they get the other files. Each
 * tool: one process per core, OMP_THREAD_LIMIT=1.
 *
 * Prints pages per core-hour for each, our ratios, the cores needed for the
 * reference customer's 90 000 pages in an 8-hour shift, and the peak RSS of
 * the process running the pipeline workers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateEmailSet } from './fixtures/emails.ts';
import { generateFixtures } from './generate-fixtures.ts';
import { cores, meanRecall, pagesPerCoreHour, pagesPerCpuHour, runOcrmypdf, runPipeline, runRawTesseract, type BenchFile, type RunResult } from './bench/throughput.runs.ts';

const argument = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const targetPages = Number.parseInt(argument('pages', '500'), 10);
const seed = Number.parseInt(argument('seed', '777'), 10);
const skip = new Set(argument('skip', '').split(',').filter(Boolean));
const dataDir = path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data');
const benchDir = path.resolve('.tmp/bench-pipeline');
const shiftPages = 90_000;
const shiftHours = 8;

async function mixedSet(): Promise<{ letters: BenchFile[]; emails: BenchFile[]; dir: string }> {
  const dir = path.join(benchDir, `set-${seed}-${targetPages}`);
  // ~1.35 pages per generated letter; a tenth of the documents are e-mails.
  const letterCount = Math.max(8, Math.ceil((targetPages * 0.92) / 1.35));
  const manifest = await generateFixtures({ outDir: path.join(dir, 'letters'), seed, count: letterCount });
  const letters = manifest.documents
    .filter((entry) => entry.kind !== 'bad')
    .map((entry) => ({ file: path.join('letters', entry.file), pages: entry.pages, text: entry.text }));
  const emailDir = path.join(dir, 'emails');
  await fs.mkdir(emailDir, { recursive: true });
  const emails: BenchFile[] = [];
  const rounds = Math.max(1, Math.round(letters.length / 10 / 6));
  for (const email of await generateEmailSet({ seed, rounds })) {
    await fs.writeFile(path.join(emailDir, email.fileName), email.bytes);
    // Pages are counted by what the pipeline makes of them (body + attachments).
    emails.push({ file: path.join('emails', email.fileName), pages: 0, text: '' });
  }
  return { letters, emails, dir };
}

function row(name: string, run: RunResult | null, files: readonly BenchFile[], note = ''): string {
  if (!run) return `| ${name} | – | – | – | – | – | – | skipped |`;
  const rate = pagesPerCoreHour(run.pages, run.seconds);
  const recall = meanRecall(files, run.texts);
  return `| ${name} | ${run.pages} | ${run.seconds.toFixed(1)} | ${Math.round(rate)} | ${run.cpuSeconds.toFixed(1)} | ${Math.round(pagesPerCpuHour(run.pages, run.cpuSeconds))} | ${Number.isNaN(recall) ? '–' : `${(recall * 100).toFixed(1)} %`} | ${[note, run.notes ?? ''].filter(Boolean).join('; ')} |`;
}

/** ocrmypdf is only needed here, not by Poststelle: installed from Debian on first use (root), else skipped. */
function ensureOcrmypdf(): boolean {
  if (spawnSync('sh', ['-c', 'command -v ocrmypdf'], { stdio: 'ignore' }).status === 0) return true;
  if (process.getuid?.() !== 0) return false;
  process.stderr.write('installing ocrmypdf (apt-get) for the comparison\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'ocrmypdf'], { stdio: 'inherit', env });
  return true;
}
if (!skip.has('ocrmypdf') && !ensureOcrmypdf()) {
  process.stderr.write('ocrmypdf is not installed and cannot be installed here: its run is skipped\n');
  skip.add('ocrmypdf');
}

const { letters, emails, dir } = await mixedSet();
const letterPages = letters.reduce((sum, entry) => sum + entry.pages, 0);
const kinds = new Map<string, number>();
for (const entry of letters) {
  const kind = /\d+-([a-z0-9-]+)\.\w+$/.exec(entry.file)?.[1] ?? 'other';
  kinds.set(kind, (kinds.get(kind) ?? 0) + entry.pages);
}
process.stdout.write(
  `bench:pipeline — ${letters.length} letters (${letterPages} pages: ${[...kinds].map(([kind, pages]) => `${kind} ${pages}`).join(', ')}) + ${emails.length} e-mails; ${cores} cores, ${os.cpus()[0]?.model ?? ''}\n`,
);

// A long run on a shared machine may be cut short: each run's row is printed as soon as it is known.
const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');
process.stdout.write(`load average at start: ${load()}\n`);
const ours = skip.has('pipeline') ? null : await runPipeline([...letters, ...emails], dir, { dataDir });
if (ours) process.stdout.write(`done ${row('poststelle pipeline', ours, letters, `statuses ${JSON.stringify(ours.statuses)}; peak RSS ${ours.peakRssMiB} MiB`)} load ${load()}\n`);
const raw = skip.has('raw') ? null : await runRawTesseract(letters, dir);
if (raw) process.stdout.write(`done ${row('raw tesseract CLI', raw, letters)} load ${load()}\n`);
const ocrmypdf = skip.has('ocrmypdf') ? null : await runOcrmypdf(letters, dir);
if (ocrmypdf) process.stdout.write(`done ${row('ocrmypdf', ocrmypdf, letters)} load ${load()}\n`);

process.stdout.write('\n| run | pages | wall s | pages/core-hour | CPU s | pages/CPU-hour | word recall | notes |\n|---|---:|---:|---:|---:|---:|---:|---|\n');
process.stdout.write(`${row('poststelle pipeline', ours, letters, ours ? `incl. ${emails.length} e-mails; statuses ${JSON.stringify(ours.statuses)}` : '')}\n`);
process.stdout.write(`${row('raw tesseract CLI', raw, letters, raw ? `of which ${raw.rasterSeconds.toFixed(1)} s pdftoppm` : '')}\n`);
process.stdout.write(`${row('ocrmypdf 14 (--skip-text, --output-type pdf)', ocrmypdf, letters)}\n`);
process.stdout.write('\n');
// --skip=pipeline: only the baselines (e.g. run beside a pipeline-only run of the same set); ratios then come from both outputs.
const ourRate = ours ? pagesPerCoreHour(ours.pages, ours.seconds) : Number.NaN;
const ourCpuRate = ours ? pagesPerCpuHour(ours.pages, ours.cpuSeconds) : Number.NaN;
for (const [name, run, target] of [['raw tesseract', raw, '0.9'], ['ocrmypdf', ocrmypdf, '2']] as const) {
  if (!run || !ours) continue;
  const wallRatio = ourRate / pagesPerCoreHour(run.pages, run.seconds);
  const cpuRatio = ourCpuRate / pagesPerCpuHour(run.pages, run.cpuSeconds);
  process.stdout.write(`ratio pipeline / ${name}: ${wallRatio.toFixed(2)} by wall time, ${cpuRatio.toFixed(2)} by CPU time (target ≥ ${target})\n`);
}
if (ours) {
  process.stdout.write(`cores for ${shiftPages} pages in ${shiftHours} h at the pipeline's rate: ${(shiftPages / (ourRate * shiftHours)).toFixed(1)}\n`);
  process.stdout.write(`peak RSS of the pipeline process (intake + workers): ${ours.peakRssMiB} MiB (target ≤ 500)\n`);
}
process.stdout.write(`load average at the end: ${load()} (1, 5, 15 min; ${cores} cores)\n`);
process.exit(0);
