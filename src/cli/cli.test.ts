import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestConfig, fixturesDir } from '../../test/test-app.ts';
import type { FixtureManifest } from '../../scripts/generate-fixtures.ts';

/**
 * The CLI of ../shared/CONTRACT.md, driven as a user or an acceptance check
 * would: separate processes on one database, including a process killed with
 * SIGKILL in the middle of an ingest.
 */
const manifest = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'manifest.json'), 'utf8')) as FixtureManifest;
const cliPath = path.resolve('bin/poststelle.js');
const faxForSearch = manifest.documents.find((document) => document.kind.startsWith('fax-'));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('poststelle CLI (separate processes)', () => {
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;

  function run(args: string[], options: { killAfterMs?: number; killWhen?: () => Promise<boolean> } = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cliPath, ...args], { env, cwd: workDir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let timer: NodeJS.Timeout | null = null;
      if (options.killWhen) {
        const check = async () => {
          if (child.exitCode !== null) return;
          if (await options.killWhen?.()) child.kill('SIGKILL');
          else timer = setTimeout(check, 100);
        };
        timer = setTimeout(check, 100);
      }
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  const lines = (stdout: string) =>
    stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    const test = await createTestConfig();
    workDir = test.workDir;
    databaseUrl = test.config.databaseUrl ?? '';
    dropDatabase = test.dropDatabase;
    env = { ...process.env, DATABASE_URL: databaseUrl, POSTSTELLE_DATA_DIR: path.join(workDir, 'data'), POSTSTELLE_LOG_LEVEL: 'error' };
  });

  afterAll(async () => {
    await dropDatabase?.();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('ingests a fax TIFF with --wait --json and finds a word of it with search', async () => {
    const fax = faxForSearch;
    if (!fax) throw new Error('no fax fixture');
    const ingest = await run(['ingest', path.join(fixturesDir, fax.file), '--wait', '--json', '--received-at', '2026-11-25T08:00:00Z']);
    expect(ingest.code, ingest.stderr).toBe(0);
    const [line] = lines(ingest.stdout);
    expect(line).toMatchObject({ channel: 'fax', pages: fax.pages, receivedAt: '2026-11-25T08:00:00.000Z', batchIndex: 0, error: null });
    expect(['routed', 'needs_review']).toContain(line?.status);
    for (const key of ['requestType', 'requestTypeConfidence', 'secondaryRequestTypes', 'customerNumber', 'matchStatus', 'matchConfidence', 'fields', 'queue', 'text']) expect(line).toHaveProperty(key);
    expect(typeof line?.id).toBe('string');
    expect(line?.source).toBe(path.join(fixturesDir, fax.file));
    expect(String(line?.text).length).toBeGreaterThan(100);

    const word = fax.keywords.find((keyword) => String(line?.text).toLowerCase().includes(keyword.toLowerCase())) ?? fax.keywords[0] ?? '';
    const search = await run(['search', word, '--json']);
    expect(search.code, search.stderr).toBe(0);
    const result = JSON.parse(search.stdout) as { total: number; tookMs: number; hits: Array<{ id: string; snippet: string }> };
    expect(result.hits.map((hit) => hit.id)).toContain(line?.id);
    expect(result.hits[0]).toHaveProperty('snippet');
  });

  it('exits 1 with a message on bad usage', async () => {
    const missing = await run(['ingest', path.join(workDir, 'does-not-exist.pdf'), '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does-not-exist.pdf');
    const badChannel = await run(['ingest', fixturesDir, '--channel', 'pigeon']);
    expect(badChannel.code).toBe(1);
    const unknownCommand = await run(['frobnicate']);
    expect(unknownCommand.code).toBe(1);
  });

  it('finishes every document exactly once when an ingest is killed and run again', async () => {
    const inputDir = path.join(workDir, 'kill-batch');
    fs.mkdirSync(inputDir, { recursive: true });
    const chosen = manifest.documents.filter((document) => document.kind !== 'bad' && document !== faxForSearch).slice(0, 6);
    for (const document of chosen) fs.copyFileSync(path.join(fixturesDir, document.file), path.join(inputDir, path.basename(document.file)));

    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      const countBefore = Number((await client.query('select count(*) from documents')).rows[0].count);
      // Kill as soon as some documents are registered and some pipeline work has started.
      const killed = await run(['ingest', inputDir, '--wait', '--json'], {
        killWhen: async () => {
          const { rows } = await client.query("select count(*) as n from document_steps where step = 'ocr'");
          return Number(rows[0].n) >= 1;
        },
      });
      expect(killed.code).toBeNull(); // died by signal

      const rerun = await run(['ingest', inputDir, '--wait', '--json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const output = lines(rerun.stdout);
      expect(output).toHaveLength(chosen.length);
      for (const line of output) expect(['needs_review', 'routed', 'duplicate']).toContain(line.status);
      // Files the killed run had registered are resumed, not reported as duplicates of themselves.
      expect(output.filter((line) => line.status === 'duplicate')).toHaveLength(0);

      const { rows } = await client.query('select source, count(*)::int as n, bool_and(status in ($1, $2)) as final from documents where source like $3 group by source', ['needs_review', 'routed', `${inputDir}%`]);
      expect(rows).toHaveLength(chosen.length);
      for (const row of rows) {
        expect(row.n).toBe(1);
        expect(row.final).toBe(true);
      }
      const countAfter = Number((await client.query('select count(*) from documents')).rows[0].count);
      expect(countAfter - countBefore).toBe(chosen.length);
      const steps = await client.query("select count(*)::int as n from document_steps where status <> 'done' and document_id in (select id from documents where source like $1)", [`${inputDir}%`]);
      expect(steps.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
