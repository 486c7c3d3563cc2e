import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixturesDir, type TestApp } from '../../../test/test-app.ts';

/**
 * The crash windows the chaos test found, each replayed deterministically (no workers running, the
 * crash written into the database as a SIGKILL would leave it).
 */
describe('recovery after SIGKILL', () => {
  let app: TestApp;
  const letter = () => fs.readFileSync(path.join(fixturesDir, fs.readdirSync(fixturesDir).find((name) => name.endsWith('-digital-pdf.pdf')) ?? ''));
  const item = (bytes: Buffer, source: string, runId: string) => ({
    bytes,
    source,
    originalName: path.basename(source),
    channel: 'auto' as const,
    receivedAt: new Date('2026-12-07T08:30:00Z'),
    tenantId: 'default',
    runId,
  });

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  it('a killed ingest run re-run does not give an exact copy or an empty file a second document', async () => {
    const bytes = Buffer.concat([letter(), Buffer.from('\n%resume-test\n')]);
    const killed = await app.intake.startRun('default');
    const first = await app.intake.ingest(item(bytes, 'Eingang/2026-12-07/Kuendigung-Becker.pdf', killed));
    const copy = await app.intake.ingest(item(bytes, 'Eingang/2026-12-07/Kuendigung-Becker-Kopie.pdf', killed));
    const empty = await app.intake.ingest(item(Buffer.alloc(0), 'Eingang/2026-12-07/leer.pdf', killed));
    expect(copy.duplicateOf).toBe(first.documentId);
    // The run is never finished (SIGKILL); the same folder is ingested again.
    const again = await app.intake.startRun('default');
    const outcomes = [
      await app.intake.ingest(item(bytes, 'Eingang/2026-12-07/Kuendigung-Becker.pdf', again)),
      await app.intake.ingest(item(bytes, 'Eingang/2026-12-07/Kuendigung-Becker-Kopie.pdf', again)),
      await app.intake.ingest(item(Buffer.alloc(0), 'Eingang/2026-12-07/leer.pdf', again)),
    ];
    expect(outcomes.map((outcome) => outcome.documentId)).toEqual([first.documentId, copy.documentId, empty.documentId]);
    expect(outcomes.every((outcome) => outcome.resumed)).toBe(true);
    expect(outcomes[1]?.duplicateOf).toBe(first.documentId);
    const rows = await app.db.selectFrom('documents').select('source').where('source', 'like', 'Eingang/2026-12-07/%').execute();
    expect(rows).toHaveLength(3);
  });

  it('an exact copy of a letter the pipeline found to be a near-duplicate still links to that letter', async () => {
    const runId = await app.intake.startRun('default');
    const fax = await app.intake.ingest(item(Buffer.concat([letter(), Buffer.from('\n%fax-copy\n')]), 'Fax/Widerspruch-Krause.pdf', runId));
    const bytes = Buffer.concat([letter(), Buffer.from('\n%post-copy\n')]);
    const post = await app.intake.ingest(item(bytes, 'Post/Widerspruch-Krause.pdf', runId));
    // The dedup step marks the letter by post a near-duplicate of the fax.
    await app.db.updateTable('documents').set({ status: 'duplicate', duplicate_of: fax.documentId, duplicate_similarity: 0.93 }).where('id', '=', post.documentId).execute();
    const again = await app.intake.ingest(item(bytes, 'Post/Widerspruch-Krause-nochmal.pdf', runId));
    expect(again.duplicateOf).toBe(post.documentId);
    await app.intake.finishRun(runId);
  });

  it('an active job whose worker died before recording its step is failed for a retry, not left to expire', async () => {
    const runId = await app.intake.startRun('default');
    const outcome = await app.intake.ingest(item(Buffer.concat([letter(), Buffer.from('\n%owner-test\n')]), 'Eingang/ownerless.pdf', runId));
    // pg-boss handed the job out two minutes ago; the worker was killed before it wrote document_steps.
    await sql`update pgboss.job set state = 'active', started_on = now() - interval '2 minutes' where data->>'documentId' = ${outcome.documentId}`.execute(app.db);
    expect(await app.pipeline.recoverAbandonedSteps()).toBe(1);
    const job = await sql<{ state: string; retry_count: number }>`select state, retry_count from pgboss.job where data->>'documentId' = ${outcome.documentId}`.execute(app.db);
    expect(job.rows.map((row) => row.state)).toEqual(['retry']);
  });

  it('a document whose last job died with its worker is quarantined retries_exhausted, not left processing', async () => {
    const runId = await app.intake.startRun('default');
    const outcome = await app.intake.ingest(item(Buffer.concat([letter(), Buffer.from('\n%orphan-test\n')]), 'Eingang/verwaist.pdf', runId));
    await app.db
      .insertInto('document_steps')
      .values({ document_id: outcome.documentId, step: 'split', tenant_id: 'default', status: 'failed', attempts: 4, error: 'worker process 4242 died', started_at: new Date() })
      .execute();
    // The last attempt's job failed for good (expiry or a dead worker), the runner never saw it.
    await sql`update pgboss.job set state = 'failed' where data->>'documentId' = ${outcome.documentId}`.execute(app.db);
    await sql`update documents set status = 'processing', updated_at = now() - interval '5 minutes' where id = ${outcome.documentId}`.execute(app.db);
    await app.pipeline.recoverAbandonedSteps();
    const document = await app.db.selectFrom('documents').select(['status', 'error_code', 'error_message']).where('id', '=', outcome.documentId).executeTakeFirstOrThrow();
    expect(document).toEqual({ status: 'quarantined', error_code: 'retries_exhausted', error_message: 'split: worker process 4242 died' });
  });
});
