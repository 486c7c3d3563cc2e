import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixturesDir, type TestApp } from '../../../test/test-app.ts';
import { pipelineChain, pipelineStages, stageFrom, stageJobOptions } from './pipeline.chain.ts';
import { queueName } from './job-queue.ts';

/**
 * The cheap steps after OCR run as one stage (one job); each still records
 * itself, and a stage job resumes at its first step not done.
 */
describe('pipeline stages', () => {
  let app: TestApp;
  let runId: string;
  const letter = () => fs.readFileSync(path.join(fixturesDir, fs.readdirSync(fixturesDir).find((name) => name.endsWith('-digital-pdf.pdf')) ?? ''));
  const ingest = async (marker: string) =>
    app.intake.ingest({
      bytes: Buffer.concat([letter(), Buffer.from(`\n%${marker}\n`)]),
      source: `Eingang/${marker}.pdf`,
      originalName: `${marker}.pdf`,
      channel: 'auto',
      receivedAt: new Date('2026-12-07T08:30:00Z'),
      tenantId: 'default',
      runId,
    });
  const stepsOf = async (documentId: string) =>
    app.db.selectFrom('document_steps').select(['step', 'status', 'attempts', 'started_at', 'finished_at']).where('document_id', '=', documentId).execute();
  const queuesUsedBy = async (documentId: string) =>
    (await sql<{ name: string }>`select distinct name from pgboss.job where data->>'documentId' = ${documentId} order by name`.execute(app.db)).rows.map((row) => row.name);

  beforeAll(async () => {
    app = await createTestApp();
    runId = await app.intake.startRun('default');
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  it('groups every step into exactly one stage, in chain order, with the stage job allowing its slowest step', () => {
    expect(pipelineStages.flat().map((definition) => definition.step)).toEqual(pipelineChain.map((definition) => definition.step));
    const last = stageFrom('finalize').stage;
    expect(last.map((definition) => definition.step)).toEqual(['pdf', 'index', 'recognize', 'dedup', 'finalize']);
    expect(stageFrom('recognize').rest.map((definition) => definition.step)).toEqual(['recognize', 'dedup', 'finalize']);
    expect(stageJobOptions(last)).toEqual({
      expireInSeconds: last.reduce((sum, definition) => sum + definition.expireInSeconds, 0),
      retryLimit: Math.max(...last.map((definition) => definition.retryLimit)),
    });
  });

  it('records every step with its timestamps but sends one job per stage', async () => {
    await app.pipeline.startWorkers();
    const outcome = await ingest('stufen');
    await app.documents.waitUntilFinal([outcome.documentId], () => undefined);
    const steps = await stepsOf(outcome.documentId);
    expect(steps.map((step) => step.step).sort()).toEqual(pipelineChain.map((definition) => definition.step).sort());
    for (const step of steps) {
      expect(step.status, step.step).toBe('done');
      expect(step.attempts, step.step).toBe(1);
      expect(step.finished_at?.getTime() ?? 0, step.step).toBeGreaterThanOrEqual(step.started_at?.getTime() ?? Number.POSITIVE_INFINITY);
    }
    expect(await queuesUsedBy(outcome.documentId)).toEqual(pipelineStages.map((stage) => queueName(stage[0]?.step ?? '')).sort());
    await app.pipeline.stopWorkers();
  });

  it('does not take a stage job from its live worker because an earlier step of the stage is done', async () => {
    const outcome = await ingest('lebendig');
    const jobId = await app.boss.send(queueName('pdf'), { documentId: outcome.documentId, tenantId: 'default' });
    // The stage runs in this (live) process for two minutes now: pdf done, index running.
    await sql`update pgboss.job set state = 'active', started_on = now() - interval '2 minutes' where id = ${jobId}::uuid`.execute(app.db);
    const step = (name: 'pdf' | 'index', status: 'done' | 'running') => ({
      document_id: outcome.documentId,
      step: name,
      tenant_id: 'default',
      status,
      attempts: 1,
      job_id: jobId,
      worker_host: os.hostname(),
      worker_pid: process.pid,
      started_at: new Date(),
    });
    await app.db.insertInto('document_steps').values([step('pdf', 'done'), step('index', 'running')]).execute();
    expect(await app.pipeline.recoverAbandonedSteps()).toBe(0);
    const state = await sql<{ state: string }>`select state from pgboss.job where id = ${jobId}::uuid`.execute(app.db);
    expect(state.rows[0]?.state).toBe('active');
    // Once the running step's process is gone (recorded as another, dead pid), the job is failed for a retry.
    await app.db.updateTable('document_steps').set({ worker_pid: 2 ** 22 + 1 }).where('document_id', '=', outcome.documentId).execute();
    expect(await app.pipeline.recoverAbandonedSteps()).toBeGreaterThanOrEqual(1);
    const after = await sql<{ state: string }>`select state from pgboss.job where id = ${jobId}::uuid`.execute(app.db);
    expect(after.rows[0]?.state).toBe('retry');
    await app.db.deleteFrom('document_steps').where('document_id', '=', outcome.documentId).execute();
    await sql`delete from pgboss.job where data->>'documentId' = ${outcome.documentId}`.execute(app.db);
    await app.db.updateTable('documents').set({ status: 'quarantined' }).where('id', '=', outcome.documentId).execute();
  });

  it('finishes a job left in the queue of a step inside a stage (sent before an upgrade grouped the steps)', async () => {
    await app.pipeline.startWorkers();
    const outcome = await ingest('altlast');
    await app.documents.waitUntilFinal([outcome.documentId], () => undefined);
    await app.pipeline.stopWorkers();
    const finished = await app.db.selectFrom('documents').select(['status', 'queue', 'request_type']).where('id', '=', outcome.documentId).executeTakeFirstOrThrow();
    // (The same letter as the test before: the dedup step may end the chain as a near-duplicate, without finalize.)
    const doneBefore = (await stepsOf(outcome.documentId)).map((step) => step.step).sort();
    // As an older version left it: recognised up to the index step, the recognize step's job waiting in its own queue.
    await app.db.deleteFrom('document_steps').where('document_id', '=', outcome.documentId).where('step', 'in', ['recognize', 'dedup', 'finalize']).execute();
    await app.db.deleteFrom('work_items').where('document_id', '=', outcome.documentId).execute();
    await app.db.updateTable('documents').set({ status: 'processing', queue: null, request_type: null, finished_at: null }).where('id', '=', outcome.documentId).execute();
    await app.boss.send(queueName('recognize'), { documentId: outcome.documentId, tenantId: 'default' });

    await app.pipeline.startWorkers();
    await app.documents.waitUntilFinal([outcome.documentId], () => undefined);
    const again = await app.db.selectFrom('documents').select(['status', 'queue', 'request_type']).where('id', '=', outcome.documentId).executeTakeFirstOrThrow();
    expect(again).toEqual(finished);
    const steps = await stepsOf(outcome.documentId);
    expect(steps.filter((step) => step.status === 'done').map((step) => step.step).sort()).toEqual(doneBefore);
    expect(doneBefore).toEqual(expect.arrayContaining(['split', 'ocr', 'pdf', 'index', 'recognize', 'dedup']));
    await app.pipeline.stopWorkers();
  });
});
