import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixturesDir, type TestApp } from '../../../test/test-app.ts';

/**
 * A step that fails every time for a reason retrying might cure (here: tesseract is killed with
 * SIGKILL on every run, as the OOM killer would) is retried with exponential backoff up to its
 * limit, then the document goes to quarantine with `retries_exhausted` and the step's error — it
 * never loops. Both ways the OCR step runs tesseract are covered: the CLI per page (the
 * "tesseract" on PATH kills itself) and the long-lived server (src/modules/ocr/tesseract.server.ts:
 * the "server" says it is ready, then kills itself on the first page). Everything else is real.
 */
describe.each(['tesseract CLI', 'long-lived tesseract server'] as const)('a step that keeps failing (%s)', (mode) => {
  let app: TestApp;
  const originalPath = process.env.PATH;
  const originalServer = process.env.POSTSTELLE_TESSERACT_SERVER;
  let bin = '';

  beforeAll(async () => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'pst-killed-tesseract-'));
    if (mode === 'tesseract CLI') {
      fs.writeFileSync(path.join(bin, 'tesseract'), '#!/bin/sh\necho "Tesseract Open Source OCR Engine" >&2\nkill -9 $$\n', { mode: 0o755 });
      process.env.PATH = `${bin}${path.delimiter}${originalPath ?? ''}`;
      process.env.POSTSTELLE_TESSERACT_SERVER = 'off';
    } else {
      const server = path.join(bin, 'poststelle-tesseract');
      fs.writeFileSync(server, '#!/bin/sh\necho ready\nread request\nkill -9 $$\n', { mode: 0o755 });
      process.env.POSTSTELLE_TESSERACT_SERVER = server;
    }
    // The OCR engine picks CLI or server when the app is created.
    app = await createTestApp();
    await app.pipeline.startWorkers();
  });

  afterAll(async () => {
    process.env.PATH = originalPath;
    if (originalServer === undefined) delete process.env.POSTSTELLE_TESSERACT_SERVER;
    else process.env.POSTSTELLE_TESSERACT_SERVER = originalServer;
    await app?.cleanup();
    if (bin) fs.rmSync(bin, { recursive: true, force: true });
  });

  it('ends quarantined with retries_exhausted and the error after the retry limit, with backoff', async () => {
    const scan = fs.readdirSync(fixturesDir).find((name) => name.endsWith('-scan-png.png'));
    if (!scan) throw new Error('run npm run fixtures');
    const runId = await app.intake.startRun('default');
    const outcome = await app.intake.ingest({
      bytes: fs.readFileSync(path.join(fixturesDir, scan)),
      source: `Posteingang/${scan}`,
      originalName: scan,
      channel: 'scan',
      receivedAt: new Date('2026-12-07T09:00:00Z'),
      tenantId: 'default',
      runId,
    });
    await app.documents.waitUntilFinal([outcome.documentId], () => undefined);

    const document = await app.db.selectFrom('documents').select(['status', 'error_code', 'error_message']).where('id', '=', outcome.documentId).executeTakeFirstOrThrow();
    expect(document.status).toBe('quarantined');
    expect(document.error_code).toBe('retries_exhausted');
    expect(document.error_message).toMatch(/^ocr: tesseract was killed/);

    const step = await app.db.selectFrom('document_steps').select(['status', 'attempts', 'error']).where('document_id', '=', outcome.documentId).where('step', '=', 'ocr').executeTakeFirstOrThrow();
    const jobs = await sql<{ state: string; retry_count: number; retry_limit: number; retry_delay: number; retry_backoff: boolean }>`
      select state, retry_count, retry_limit, retry_delay, retry_backoff from pgboss.job
      where name = 'pipeline_ocr' and data->>'documentId' = ${outcome.documentId}`.execute(app.db);
    expect(jobs.rows).toHaveLength(1);
    const job = jobs.rows[0]!;
    // One first attempt plus retry_limit retries, spaced by an exponentially growing delay.
    expect(step.status).toBe('failed');
    expect(step.attempts).toBe(job.retry_limit + 1);
    expect(step.error).toMatch(/tesseract was killed/);
    expect(job.retry_count).toBe(job.retry_limit);
    expect(job.retry_backoff).toBe(true);
    expect(job.retry_delay).toBeGreaterThan(0);
    // On its last attempt the runner records the failure itself and ends the job: completed, not retried.
    expect(job.state).toBe('completed');

    // Nothing left to run for this document: it cannot come back.
    const pending = await sql<{ count: string }>`select count(*) from pgboss.job where state < 'completed' and data->>'documentId' = ${outcome.documentId}`.execute(app.db);
    expect(Number(pending.rows[0]?.count)).toBe(0);
    // The run's other steps never started.
    const later = await app.db.selectFrom('document_steps').select('step').where('document_id', '=', outcome.documentId).where('step', 'in', ['pdf', 'index', 'recognize', 'finalize']).execute();
    expect(later).toEqual([]);
  }, 300_000);
});
