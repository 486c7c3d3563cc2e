import os from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database, DocumentStatus } from '../database/database.types.ts';
import { isPoststelleError } from '../shared/errors.ts';
import { nextStepAfter, pipelineChain, pipelineStages, stageFrom, stageJobOptions } from './pipeline.chain.ts';
import { queueName, transactionalJobDb } from './job-queue.ts';
import type { PipelineStep, StepContext, StepDefinition, StepJobData } from './pipeline.types.ts';
import { isProcessAlive } from '../shared/process-alive.ts';

export const finalStatuses: readonly DocumentStatus[] = ['routed', 'needs_review', 'quarantined', 'duplicate', 'failed'];
const hostname = os.hostname();
/**
 * How often an idle worker asks PostgreSQL for a job. Jobs sent by this
 * process wake its workers at once (wake()), and a worker that just finished
 * a job fetches again immediately, so polling only matters for jobs sent by
 * other processes and for retries. At 0.5 s the 16 idle workers of a process
 * cost 0.035 CPU-seconds per second in Node alone (plus PostgreSQL's share).
 */
const idlePollingSeconds = 2;
/** Queues of steps that are not the first of their stage only carry jobs sent before the steps were grouped (an upgrade): looked at rarely. */
const legacyQueuePollingSeconds = 30;

/** How a step ended for its stage: go on with the stage's next step, or stop (stage done, document final, or failed for good). */
type StepEnd = 'next' | 'stop';

export interface PipelineRunner {
  /** Enqueues the first step; pass the transaction that creates the document. */
  enqueueDocument(documentId: string, tenantId: string, trx?: Transaction<Database>): Promise<void>;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  /** Fails jobs whose worker process on this host died, so pg-boss retries them now instead of after expiry. */
  recoverAbandonedSteps(): Promise<number>;
}

/** A job's options: a stage's first step sends the whole stage's job; any other step (only before an upgrade) its own. */
function jobOptionsOf(step: PipelineStep): { expireInSeconds: number; retryLimit: number } {
  const { stage, rest } = stageFrom(step);
  if (rest.length === stage.length) return stageJobOptions(stage);
  const definition = rest[0] as StepDefinition;
  return { expireInSeconds: definition.expireInSeconds, retryLimit: definition.retryLimit };
}


async function markTerminal(
  db: Kysely<Database> | Transaction<Database>,
  documentId: string,
  status: DocumentStatus,
  error: { code: string; message: string } | null,
): Promise<void> {
  await db
    .updateTable('documents')
    .set({
      status,
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
      finished_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', documentId)
    .execute();
}

export function createPipelineRunner({
  db,
  boss,
  context,
  ownerGraceSeconds = 60,
}: {
  db: Kysely<Database>;
  boss: PgBoss;
  context: StepContext;
  /** How long a job may be active without its step recorded as running in a live process (or a document be without a job) before recovery steps in. */
  ownerGraceSeconds?: number;
}): PipelineRunner {
  const workerIds = new Map<PipelineStep, string[]>();
  let reaper: NodeJS.Timeout | null = null;
  let queuesReady = false;

  async function ensureQueues(): Promise<void> {
    if (queuesReady) return;
    // Several workers starting at once on a fresh database deadlock inside pg-boss's create_queue:
    // a session advisory lock lets one process create the queues while the others wait, then find them.
    await db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(hashtext('poststelle.pipeline_queues'))`.execute(connection);
      try {
        for (const definition of pipelineChain) {
          const name = queueName(definition.step);
          if (!(await boss.getQueue(name))) {
            await boss.createQueue(name, { name, retryDelay: 2, retryBackoff: true, ...jobOptionsOf(definition.step) });
          }
        }
      } finally {
        await sql`select pg_advisory_unlock(hashtext('poststelle.pipeline_queues'))`.execute(connection);
      }
    });
    queuesReady = true;
  }

  async function sendStep(step: PipelineStep, data: StepJobData, trx: Transaction<Database> | Kysely<Database>): Promise<void> {
    await boss.send(queueName(step), data, { db: transactionalJobDb(trx), retryDelay: 2, retryBackoff: true, ...jobOptionsOf(step) });
  }

  // Documents split off a scanner batch join the chain after the step that created them.
  const stepContext: StepContext = {
    ...context,
    continueDocument: async (afterStep, data, trx) => {
      const next = nextStepAfter(afterStep);
      if (next) await sendStep(next, data, trx);
    },
  };

  function wake(step: PipelineStep): void {
    for (const id of workerIds.get(step) ?? []) boss.notifyWorker(id);
  }

  /** Runs a stage's steps from the job's step on; each records itself, so a retried job skips what is done. */
  async function runStage(firstStep: PipelineStep, job: PgBoss.JobWithMetadata<StepJobData>): Promise<void> {
    const { stage, rest } = stageFrom(firstStep);
    for (const definition of rest) {
      if ((await runStep(definition, job, definition === stage[stage.length - 1])) === 'stop') return;
    }
  }

  async function runStep(definition: StepDefinition, job: PgBoss.JobWithMetadata<StepJobData>, endsStage: boolean): Promise<StepEnd> {
    const { documentId } = job.data;
    // The document (as the previous step left it) and this step's record, in one round trip.
    const row = await db
      .selectFrom('documents')
      .selectAll('documents')
      .select((eb) =>
        eb
          .selectFrom('document_steps')
          .select('document_steps.status')
          .whereRef('document_steps.document_id', '=', 'documents.id')
          .where('document_steps.step', '=', definition.step)
          .as('step_status'),
      )
      .where('documents.id', '=', documentId)
      .executeTakeFirst();
    if (!row || finalStatuses.includes(row.status)) return 'stop';
    const { step_status: stepStatus, ...document } = row;
    // Already done: at the end of a stage the next stage's job was sent in the same transaction; inside one, go on.
    if (stepStatus === 'done') return endsStage ? 'stop' : 'next';

    const startedAt = Date.now();
    const recorded = await db
      .insertInto('document_steps')
      .values({
        document_id: documentId,
        step: definition.step,
        tenant_id: document.tenant_id,
        status: 'running',
        attempts: 1,
        job_id: job.id,
        worker_host: hostname,
        worker_pid: process.pid,
        started_at: new Date(startedAt),
      })
      .onConflict((conflict) =>
        conflict.columns(['document_id', 'step']).doUpdateSet({
          status: 'running',
          attempts: sql<number>`document_steps.attempts + 1`,
          job_id: job.id,
          worker_host: hostname,
          worker_pid: process.pid,
          started_at: new Date(startedAt),
          finished_at: null,
          error: null,
        }),
      )
      .returning('attempts')
      .executeTakeFirstOrThrow();
    if (document.status === 'received') {
      await db.updateTable('documents').set({ status: 'processing', updated_at: sql<Date>`now()` }).where('id', '=', documentId).where('status', '=', 'received').execute();
    }

    try {
      const outcome = await definition.run(stepContext, { ...document, status: 'processing' });
      const next = outcome.final || !endsStage ? null : nextStepAfter(definition.step);
      const markDone = (executor: Kysely<Database> | Transaction<Database>) =>
        executor
          .updateTable('document_steps')
          .set({
            status: 'done',
            finished_at: sql<Date>`now()`,
            duration_ms: Date.now() - startedAt,
            result: JSON.stringify(outcome.result ?? {}),
          })
          .where('document_id', '=', documentId)
          .where('step', '=', definition.step)
          .execute();
      if (next) {
        await db.transaction().execute(async (trx) => {
          await markDone(trx);
          await sendStep(next, job.data, trx);
        });
        wake(next);
      } else {
        await markDone(db);
      }
      return outcome.final ? 'stop' : 'next';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('document_steps')
        .set({ status: 'failed', finished_at: sql<Date>`now()`, duration_ms: Date.now() - startedAt, error: message.slice(0, 4000) })
        .where('document_id', '=', documentId)
        .where('step', '=', definition.step)
        .execute();
      if (isPoststelleError(error) && error.quarantine) {
        context.logger.warn({ documentId, step: definition.step, code: error.code }, 'document quarantined');
        await markTerminal(db, documentId, 'quarantined', { code: error.code, message: error.message });
        return 'stop';
      }
      // The stage's job may be retried more often than this step: each step keeps its own limit.
      const lastAttempt = job.retryCount >= job.retryLimit || recorded.attempts > definition.retryLimit;
      if (lastAttempt) {
        const code = isPoststelleError(error) ? error.code : 'retries_exhausted';
        const status: DocumentStatus = code.startsWith('system.') ? 'failed' : 'quarantined';
        context.logger.error({ documentId, step: definition.step, code, attempts: recorded.attempts }, 'step failed for good');
        await markTerminal(db, documentId, status, { code: code.startsWith('system.') ? code : 'retries_exhausted', message: `${definition.step}: ${message}` });
        return 'stop';
      }
      context.logger.warn({ documentId, step: definition.step, attempt: recorded.attempts, err: message }, 'step failed, will retry');
      throw error;
    }
  }

  /**
   * A worker killed after pg-boss handed it a job but before it recorded the step as running (or
   * after the step committed but before pg-boss heard of it) leaves an active job nobody owns, which
   * pg-boss would only retry after the step's expiry (up to 30 minutes). A job active for longer than
   * `ownerGraceSeconds` whose step is not running in a live process on this host is failed now;
   * its retry sees a step already done and just moves on. Steps running on other hosts are left to expiry.
   */
  async function failOwnerlessJobs(): Promise<number> {
    const active = await sql<{ id: string; name: string; owner_host: string | null; owner_pid: number | null; owner_status: string | null }>`
      select j.id, j.name, s.worker_host as owner_host, s.worker_pid as owner_pid, s.status as owner_status
      from pgboss.job j
      -- A stage's job is recorded by each of its steps: the one running (if any) says who owns it. Only running
      -- steps are looked at (the partial index document_steps_running), not the whole table.
      left join lateral (
        select worker_host, worker_pid, status from document_steps
        where status = 'running' and job_id = j.id::text limit 1
      ) s on true
      where j.state = 'active' and j.name like 'pipeline\_%' and j.started_on < now() - make_interval(secs => ${ownerGraceSeconds})`.execute(db);
    let failed = 0;
    for (const job of active.rows) {
      const running = job.owner_status === 'running';
      if (running && job.owner_host !== hostname) continue;
      if (running && job.owner_pid !== null && (job.owner_pid === process.pid || isProcessAlive(job.owner_pid))) continue;
      await boss.fail(job.name, job.id, { reason: 'worker died before recording the step' }).catch(() => undefined);
      failed += 1;
    }
    return failed;
  }

  /**
   * The last line of defence for "every document ends with a final status": a document still in
   * progress with no pending or active pipeline job can never finish — its last job failed without
   * the runner seeing it (worker killed on the last attempt, or expired). It goes to quarantine with
   * `retries_exhausted` and the last step's error, instead of staying `processing` for ever.
   */
  async function quarantineOrphans(): Promise<void> {
    const orphans = await sql<{ id: string; step: string | null; error: string | null }>`
      select d.id,
        (select s.step from document_steps s where s.document_id = d.id and s.status <> 'done' order by s.started_at desc nulls last limit 1) as step,
        (select s.error from document_steps s where s.document_id = d.id and s.status <> 'done' order by s.started_at desc nulls last limit 1) as error
      from documents d
      where d.status in ('received', 'processing') and d.updated_at < now() - make_interval(secs => ${ownerGraceSeconds})
        and not exists (
          select 1 from pgboss.job j
          where j.state < 'completed' and j.name like 'pipeline\_%' and j.data->>'documentId' = d.id::text
        )`.execute(db);
    for (const orphan of orphans.rows) {
      context.logger.error({ documentId: orphan.id, step: orphan.step }, 'document without a pending job: quarantined');
      await db
        .updateTable('documents')
        .set({
          status: 'quarantined',
          error_code: 'retries_exhausted',
          error_message: `${orphan.step ?? 'pipeline'}: ${orphan.error ?? 'its last job failed (worker killed or timed out on the last attempt)'}`,
          finished_at: sql<Date>`now()`,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', orphan.id)
        .where('status', 'in', ['received', 'processing'])
        .execute();
    }
  }

  return {
    async enqueueDocument(documentId, tenantId, trx) {
      await ensureQueues();
      const first = pipelineChain[0];
      if (!first) throw new Error('empty pipeline');
      await sendStep(first.step, { documentId, tenantId }, trx ?? db);
      if (!trx) wake(first.step);
    },

    async startWorkers() {
      await ensureQueues();
      await this.recoverAbandonedSteps();
      for (const stage of pipelineStages) {
        for (const [position, definition] of stage.entries()) {
          // OCR: twice as many workers as tesseract slots, so a slot never idles while a worker polls for its next job.
          const concurrency = definition.concurrency === 'ocr' ? context.config.ocrConcurrency * 2 : definition.concurrency;
          const head = position === 0;
          const ids: string[] = [];
          for (let index = 0; index < (head ? concurrency : 1); index += 1) {
            let id: string | null = null;
            id = await boss.work<StepJobData>(
              queueName(definition.step),
              { batchSize: 1, pollingIntervalSeconds: head ? idlePollingSeconds : legacyQueuePollingSeconds, includeMetadata: true },
              async (jobs) => {
                for (const job of jobs) await runStage(definition.step, job);
                // A worker that found work looks again at once: a backlog drains without waiting for the next poll.
                if (id !== null) boss.notifyWorker(id);
              },
            );
            ids.push(id);
          }
          workerIds.set(definition.step, ids);
        }
      }
      reaper = setInterval(() => {
        this.recoverAbandonedSteps().catch((error: unknown) => context.logger.warn({ err: String(error) }, 'recovering abandoned steps failed'));
      }, 15_000);
      reaper.unref();
    },

    async stopWorkers() {
      if (reaper) clearInterval(reaper);
      for (const definition of pipelineChain) {
        await boss.offWork(queueName(definition.step)).catch(() => undefined);
      }
      workerIds.clear();
    },

    async recoverAbandonedSteps() {
      // With the queue its job is in: a step inside a stage runs in the stage's job (pipeline_<first step>).
      const running = (
        await sql<{ document_id: string; step: PipelineStep; job_id: string | null; worker_pid: number | null; job_name: string | null }>`
          select s.document_id, s.step, s.job_id, s.worker_pid, j.name as job_name
          from document_steps s left join pgboss.job j on j.id = s.job_id::uuid
          where s.status = 'running' and s.worker_host = ${hostname}`.execute(db)
      ).rows;
      let recovered = 0;
      for (const row of running) {
        if (!row.job_id || row.worker_pid === null || row.worker_pid === process.pid || isProcessAlive(row.worker_pid)) continue;
        const updated = await db
          .updateTable('document_steps')
          .set({ status: 'failed', error: `worker process ${row.worker_pid} died`, finished_at: sql<Date>`now()` })
          .where('document_id', '=', row.document_id)
          .where('step', '=', row.step)
          .where('status', '=', 'running')
          .where('job_id', '=', row.job_id)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) continue;
        await boss.fail(row.job_name ?? queueName(row.step), row.job_id, { reason: 'worker died' }).catch(() => undefined);
        recovered += 1;
      }
      recovered += await failOwnerlessJobs();
      await quarantineOrphans();
      return recovered;
    },
  };
}
