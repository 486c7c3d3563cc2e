/**
 * Chaos test: real `poststelle worker`, `poststelle serve` and `poststelle ingest` processes on a
 * scratch data dir and database, killed with SIGKILL at seeded random moments and restarted, while
 * N generated documents go through the pipeline. Afterwards every input must be exactly one
 * document with a final status: 0 lost, 0 duplicated, no stuck job.
 *
 *   npm run test:chaos -- [--documents 1000] [--rounds 4] [--seed 7] [--keep] [--early-kills]
 *
 * Exit code 1 when an invariant is broken. `runChaos` is also used by src/modules/pipeline/chaos.test.ts
 * at a small size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createScratchDatabase } from '../src/modules/database/scratch-database.ts';
import { Rng } from './fixtures/prng.ts';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fixturesDir = path.join(repoRoot, 'test/fixtures/generated');
const finalStatuses = ['routed', 'needs_review', 'quarantined', 'duplicate', 'failed'];

export interface ChaosOptions {
  documents: number;
  rounds: number;
  seed: number;
  /** Share of scanned images (need OCR, expensive); the rest are born-digital PDFs. */
  scanShare?: number;
  /** Longest wait between kills, in ms. */
  maxKillGapMs?: number;
  /** How long to wait for everything to settle after the last kill. */
  settleTimeoutMs?: number;
  /**
   * Spread the kill rounds over the whole run (CLI default): round 1 still comes early (it hits the
   * running ingest), round k ≥ 2 waits until (k − 1)/rounds of the inputs have a final status, then a
   * random 0–3 s more. Without it every round comes a few seconds after the previous one.
   */
  spreadKills?: boolean;
  keep?: boolean;
  log?: (line: string) => void;
}

interface PlannedInput {
  file: string;
  /** Expected quarantine code for a bad input. */
  expectedError: string | null;
  exactCopyOf: string | null;
}

export interface ChaosSummary {
  inputs: number;
  documents: number;
  byStatus: Record<string, number>;
  lost: number;
  duplicated: number;
  notFinal: number;
  wrongDuplicates: number;
  badInputsWrong: number;
  quarantinedByCrashes: number;
  stuckJobs: number;
  pendingJobs: number;
  killRounds: number;
  kills: number;
  ingestRuns: number;
  problems: string[];
}

/** Born-digital PDFs, small scans, exact copies and broken files, each distinct by a few bytes. */
async function planInputs(dir: string, options: ChaosOptions, rng: Rng): Promise<PlannedInput[]> {
  const names = await fs.readdir(fixturesDir);
  const digital = names.filter((name) => name.endsWith('-digital-pdf.pdf'));
  const scans = names.filter((name) => name.endsWith('-scan-png.png'));
  const bad: { name: string; code: string }[] = [
    { name: 'bad-empty.pdf', code: 'empty_file' },
    { name: 'bad-truncated.pdf', code: 'corrupt_pdf' },
    { name: 'bad-encrypted.pdf', code: 'encrypted_pdf' },
    { name: 'bad-random-bytes.tif', code: 'unsupported_format' },
    { name: 'bad-jpeg-named.pdf', code: 'extension_mismatch' },
  ];
  if (digital.length === 0 || scans.length === 0) throw new Error(`no fixtures in ${fixturesDir}: run npm run fixtures`);
  const planned: PlannedInput[] = [];
  const badCount = Math.max(bad.length, Math.round(options.documents * 0.03));
  const copyCount = Math.max(2, Math.round(options.documents * 0.03));
  const fresh = options.documents - badCount - copyCount;
  for (let index = 0; index < fresh; index += 1) {
    const scan = rng.chance(options.scanShare ?? 0.02);
    const base = scan ? rng.pick(scans) : rng.pick(digital);
    const bytes = await fs.readFile(path.join(fixturesDir, base));
    // A comment after %%EOF (PDF) or bytes after IEND (PNG): other sha256, same document.
    const marker = Buffer.from(`\n%chaos ${options.seed}-${index}-${crypto.randomBytes(4).toString('hex')}\n`, 'latin1');
    const file = `doc-${String(index).padStart(5, '0')}${path.extname(base)}`;
    await fs.writeFile(path.join(dir, file), Buffer.concat([bytes, marker]));
    planned.push({ file, expectedError: null, exactCopyOf: null });
  }
  for (let index = 0; index < copyCount; index += 1) {
    const original = rng.pick(planned.filter((input) => input.exactCopyOf === null && input.expectedError === null));
    const file = `copy-${String(index).padStart(5, '0')}${path.extname(original.file)}`;
    await fs.copyFile(path.join(dir, original.file), path.join(dir, file));
    planned.push({ file, expectedError: null, exactCopyOf: original.file });
  }
  for (let index = 0; index < badCount; index += 1) {
    // The encrypted file cannot be varied by a byte (that breaks it differently): it comes once.
    const variable = bad.filter((candidate) => candidate.code !== 'encrypted_pdf');
    const kind = index < bad.length ? bad[index]! : variable[index % variable.length]!;
    let bytes = await fs.readFile(path.join(fixturesDir, kind.name));
    // Every broken file distinct too (empty files stay empty: each is its own document).
    if (bytes.length > 0 && kind.code !== 'encrypted_pdf') bytes = Buffer.concat([bytes, Buffer.from(`\n%bad ${index}\n`, 'latin1')]);
    const file = `bad-${String(index).padStart(5, '0')}-${kind.name}`;
    await fs.writeFile(path.join(dir, file), bytes);
    planned.push({ file, expectedError: kind.code, exactCopyOf: null });
  }
  return planned;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Managed {
  name: string;
  args: string[];
  child: ChildProcess | null;
  exitCode: number | null;
  starts: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rng = new Rng(options.seed);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-chaos-'));
  const dataDir = path.join(workDir, 'data');
  const inputDir = path.join(workDir, 'inputs');
  const logDir = path.join(workDir, 'logs');
  await Promise.all([fs.mkdir(dataDir), fs.mkdir(inputDir), fs.mkdir(logDir)]);
  const database = await createScratchDatabase({ dataDir: path.resolve(process.env.POSTSTELLE_TEST_DATA_DIR ?? path.join(repoRoot, 'data')), databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'chaos' });
  const client = new pg.Client(database.url);
  const processes: Managed[] = [];
  try {
    const inputs = await planInputs(inputDir, options, rng);
    log(`chaos: ${inputs.length} inputs in ${inputDir}, seed ${options.seed}`);
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      POSTSTELLE_DATA_DIR: dataDir,
      POSTSTELLE_BLOB_URL: '',
      POSTSTELLE_LOG_LEVEL: 'warn',
      POSTSTELLE_OCR_CONCURRENCY: '1',
    };
    const port = await freePort();
    const bin = path.join(repoRoot, 'bin/poststelle.js');
    const worker: Managed = { name: 'worker', args: ['worker'], child: null, exitCode: null, starts: 0 };
    const serve: Managed = { name: 'serve', args: ['serve', '--port', String(port)], child: null, exitCode: null, starts: 0 };
    const ingest: Managed = { name: 'ingest', args: ['ingest', inputDir, '--json'], child: null, exitCode: null, starts: 0 };
    processes.push(worker, serve, ingest);
    const start = async (managed: Managed) => {
      managed.starts += 1;
      managed.exitCode = null;
      const out = await fs.open(path.join(logDir, `${managed.name}-${managed.starts}.log`), 'w');
      const child = spawn(process.execPath, [bin, ...managed.args], { cwd: repoRoot, env, stdio: ['ignore', out.fd, out.fd] });
      managed.child = child;
      child.on('exit', (code, signal) => {
        managed.exitCode = code ?? (signal ? 128 : -1);
        if (managed.child === child) managed.child = null;
        void out.close();
      });
    };
    const kill = (managed: Managed) => {
      const child = managed.child;
      if (!child) return false;
      child.kill('SIGKILL');
      return true;
    };

    // The schema first (the worker migrates), then the rest.
    await start(worker);
    await client.connect();
    for (let waited = 0; ; waited += 250) {
      const ready = await client.query(`select 1 from information_schema.tables where table_name = 'documents'`).catch(() => ({ rowCount: 0 }));
      if (ready.rowCount) break;
      if (waited > 120_000) throw new Error('worker did not migrate the database within 2 minutes');
      await sleep(250);
    }
    await start(serve);
    await start(ingest);

    let kills = 0;
    const maxGap = options.maxKillGapMs ?? 8_000;
    const finalCount = async () => {
      const result = await client.query<{ count: number }>(`select count(*)::int as count from documents where status = any($1)`, [finalStatuses]);
      return result.rows[0]?.count ?? 0;
    };
    for (let round = 1; round <= options.rounds; round += 1) {
      if (options.spreadKills && round > 1) {
        const target = Math.floor((inputs.length * (round - 1)) / options.rounds);
        for (let waited = 0; ; waited += 1_000) {
          const done = await finalCount();
          if (done >= target) break;
          if (waited % 30_000 === 0) log(`  round ${round} waits for ${target} final documents (${done} so far)`);
          // Whatever died meanwhile (it should not) is restarted so progress continues.
          for (const managed of [worker, serve]) if (managed.child === null) await start(managed);
          await sleep(1_000);
        }
        await sleep(rng.int(0, 3_000));
      } else {
        await sleep(rng.int(Math.min(1_500, maxGap), maxGap));
      }
      // Round 1 always hits ingest (while it is running) to exercise the resume; then any subset, never none.
      let victims = [worker, serve, ingest].filter((managed) => managed.child !== null && rng.chance(0.6));
      if (round === 1 && ingest.child && !victims.includes(ingest)) victims.push(ingest);
      if (victims.length === 0) victims = [rng.pick([worker, serve])];
      for (const victim of victims) if (kill(victim)) kills += 1;
      log(`round ${round}: SIGKILL ${victims.map((victim) => victim.name).join(', ')}`);
      await sleep(rng.int(200, 1_500));
      for (const victim of victims) {
        // A killed ingest is simply run again: the new run adopts what the killed one registered.
        if (victim !== ingest || ingest.exitCode !== 0) await start(victim);
      }
    }
    // Ingest until one run finishes cleanly.
    while (ingest.exitCode !== 0) {
      if (ingest.child === null && ingest.exitCode !== null) await start(ingest);
      await sleep(500);
    }
    log(`ingest finished after ${ingest.starts} run(s); settling`);

    const settleDeadline = Date.now() + (options.settleTimeoutMs ?? Math.max(20 * 60_000, inputs.length * 2_000));
    let lastReport = 0;
    for (;;) {
      const pending = await client.query<{ documents: string; jobs: string }>(
        `select (select count(*) from documents where status not in ('routed','needs_review','quarantined','duplicate','failed')) as documents,
                (select count(*) from pgboss.job where name like 'pipeline\\_%' and state < 'completed') as jobs`,
      );
      const row = pending.rows[0]!;
      if (Number(row.documents) === 0 && Number(row.jobs) === 0) break;
      if (Date.now() > settleDeadline) {
        log(`settle timeout: ${row.documents} documents not final, ${row.jobs} jobs pending`);
        break;
      }
      if (Date.now() - lastReport > 15_000) {
        log(`  waiting: ${row.documents} documents not final, ${row.jobs} jobs pending`);
        lastReport = Date.now();
      }
      for (const managed of [worker, serve]) if (managed.child === null) await start(managed);
      await sleep(1_000);
    }

    const summary = await check(client, inputs, inputDir);
    summary.killRounds = options.rounds;
    summary.kills = kills;
    summary.ingestRuns = ingest.starts;
    if (options.keep) log(`kept: ${workDir} (database ${database.url})`);
    return summary;
  } finally {
    for (const managed of processes) managed.child?.kill('SIGTERM');
    await sleep(1_500);
    for (const managed of processes) managed.child?.kill('SIGKILL');
    await client.end().catch(() => undefined);
    if (!options.keep) {
      await database.drop().catch(() => undefined);
      await fs.rm(workDir, { recursive: true, force: true });
    }
  }
}

async function check(client: pg.Client, inputs: PlannedInput[], inputDir: string): Promise<ChaosSummary> {
  const rows = (
    await client.query<{ id: string; source: string; status: string; sha256: string; duplicate_of: string | null; duplicate_similarity: number | null; error_code: string | null }>(
      `select id, source, status, sha256, duplicate_of, duplicate_similarity, error_code from documents where batch_index = 0`,
    )
  ).rows;
  const problems: string[] = [];
  const bySource = new Map<string, typeof rows>();
  for (const row of rows) bySource.set(row.source, [...(bySource.get(row.source) ?? []), row]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  let lost = 0;
  let duplicated = 0;
  let wrongDuplicates = 0;
  let badInputsWrong = 0;
  for (const input of inputs) {
    const found = bySource.get(path.join(inputDir, input.file)) ?? [];
    if (found.length === 0) {
      lost += 1;
      problems.push(`lost: ${input.file}`);
      continue;
    }
    if (found.length > 1) {
      duplicated += 1;
      problems.push(`duplicated: ${input.file} → ${found.length} documents (${found.map((row) => row.status).join(', ')})`);
    }
    const document = found[0]!;
    if (input.expectedError && (document.status !== 'quarantined' || document.error_code !== input.expectedError)) {
      badInputsWrong += 1;
      problems.push(`bad input ${input.file}: ${document.status} ${document.error_code ?? ''}, expected quarantined ${input.expectedError}`);
    }
  }
  // Exact copies: one original per content, every other receipt a duplicate pointing at it.
  const byContent = new Map<string, typeof rows>();
  for (const row of rows) byContent.set(row.sha256, [...(byContent.get(row.sha256) ?? []), row]);
  for (const [sha256, group] of byContent) {
    if (sha256 === crypto.createHash('sha256').update('').digest('hex')) continue; // empty files never deduplicate
    // A near-duplicate (similarity set) of another letter is still the original of its exact copies.
    const originals = group.filter((row) => row.duplicate_of === null || row.duplicate_similarity !== null);
    const copies = group.filter((row) => row.duplicate_of !== null && row.duplicate_similarity === null);
    if (originals.length !== 1 || copies.some((row) => row.duplicate_of !== originals[0]?.id || byId.get(row.duplicate_of ?? '')?.sha256 !== sha256)) {
      wrongDuplicates += 1;
      problems.push(`content ${sha256.slice(0, 12)}: ${originals.length} originals, ${copies.length} copies not all pointing at it`);
    }
  }
  const notFinal = rows.filter((row) => !finalStatuses.includes(row.status)).length;
  if (notFinal > 0) problems.push(`${notFinal} documents without a final status`);
  const byStatus: Record<string, number> = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  const quarantinedByCrashes = rows.filter((row) => row.error_code === 'retries_exhausted').length;
  const jobs = (
    await client.query<{ stuck: string; pending: string }>(
      `select count(*) filter (where state in ('active', 'retry') and (state = 'retry' or started_on + expire_in < now())) as stuck,
              count(*) filter (where state < 'completed') as pending
       from pgboss.job where name like 'pipeline\\_%'`,
    )
  ).rows[0]!;
  const stuckJobs = Number(jobs.stuck);
  if (stuckJobs > 0) problems.push(`${stuckJobs} pipeline jobs stuck in active/retry`);
  return {
    inputs: inputs.length,
    documents: rows.length,
    byStatus,
    lost,
    duplicated,
    notFinal,
    wrongDuplicates,
    badInputsWrong,
    quarantinedByCrashes,
    stuckJobs,
    pendingJobs: Number(jobs.pending),
    killRounds: 0,
    kills: 0,
    ingestRuns: 0,
    problems,
  };
}

export function formatSummary(summary: ChaosSummary): string {
  const lines: [string, string | number][] = [
    ['inputs', summary.inputs],
    ['documents', summary.documents],
    ...Object.entries(summary.byStatus)
      .sort()
      .map(([status, count]): [string, number] => [`  ${status}`, count]),
    ['lost', summary.lost],
    ['duplicated', summary.duplicated],
    ['not final', summary.notFinal],
    ['wrong duplicate links', summary.wrongDuplicates],
    ['bad inputs not quarantined with their code', summary.badInputsWrong],
    ['quarantined retries_exhausted', summary.quarantinedByCrashes],
    ['stuck jobs', summary.stuckJobs],
    ['pending jobs', summary.pendingJobs],
    ['kill rounds', summary.killRounds],
    ['processes killed', summary.kills],
    ['ingest runs', summary.ingestRuns],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  return lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

export function chaosPassed(summary: ChaosSummary): boolean {
  return summary.lost === 0 && summary.duplicated === 0 && summary.notFinal === 0 && summary.wrongDuplicates === 0 && summary.badInputsWrong === 0 && summary.stuckJobs === 0 && summary.pendingJobs === 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argument = (name: string, fallback: number) => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? Number(process.argv[index + 1]) : fallback;
  };
  const summary = await runChaos({
    documents: argument('documents', 1000),
    rounds: argument('rounds', 4),
    seed: argument('seed', 7),
    scanShare: argument('scan-share', 0.02),
    spreadKills: !process.argv.includes('--early-kills'),
    keep: process.argv.includes('--keep'),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
  for (const problem of summary.problems.slice(0, 50)) process.stdout.write(`! ${problem}\n`);
  process.exit(chaosPassed(summary) ? 0 : 1);
}
