import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../database/database.types.ts';
import type { PipelineRunner } from '../pipeline/pipeline.runner.ts';
import { signatureHeader, signPayload } from './webhooks.signature.ts';

export interface WebhookDeliveryOptions {
  db: Kysely<Database>;
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  /** After this many failed attempts an entry is marked failed (kept for operators). */
  maxAttempts?: number;
  /** Wait before attempt n+1 after n failures. */
  backoffMs?: (failedAttempts: number) => number;
  timeoutMs?: number;
}

/** 10 s, 20 s, 40 s … capped at one hour: about a day of retries over 30 attempts. */
export const defaultBackoffMs = (failedAttempts: number) => Math.min(10_000 * 2 ** (failedAttempts - 1), 3_600_000);

/**
 * Sends the outbox: each due entry is leased (its next attempt pushed past
 * the request timeout, under SKIP LOCKED so several processes never send the
 * same entry at once), POSTed with an HMAC-SHA256 signature, then marked
 * delivered or rescheduled with exponential backoff. Delivery is at least
 * once; receivers deduplicate by the `x-poststelle-delivery` id.
 */
export function createWebhookDelivery({ db, logger, pollMs = 1000, batchSize = 20, maxAttempts = 30, backoffMs = defaultBackoffMs, timeoutMs = 10_000 }: WebhookDeliveryOptions) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  async function deliverOne(entry: { id: string; event: string; payload: Record<string, unknown>; attempts: number; url: string; secret: string }): Promise<boolean> {
    const body = JSON.stringify(entry.payload);
    let status: number | null = null;
    let error: string;
    try {
      const response = await fetch(entry.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [signatureHeader]: signPayload(entry.secret, body), 'x-poststelle-event': entry.event, 'x-poststelle-delivery': entry.id, 'user-agent': 'Poststelle-Webhooks/1' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) {
        await db.updateTable('webhook_outbox').set({ status: 'delivered', attempts: entry.attempts + 1, last_status: status, last_error: null, delivered_at: sql<Date>`now()` }).where('id', '=', entry.id).execute();
        return true;
      }
      error = `HTTP ${response.status}`;
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const attempts = entry.attempts + 1;
    const giveUp = attempts >= maxAttempts;
    await db
      .updateTable('webhook_outbox')
      .set({ status: giveUp ? 'failed' : 'pending', attempts, last_status: status, last_error: error.slice(0, 500), next_attempt_at: new Date(Date.now() + backoffMs(attempts)) })
      .where('id', '=', entry.id)
      .execute();
    logger.warn({ outboxId: entry.id, url: entry.url, attempts, error, giveUp }, 'webhook delivery failed');
    return false;
  }

  /** One pass over the due entries; returns how many were delivered. */
  async function deliverDue(): Promise<number> {
    const leaseUntil = new Date(Date.now() + timeoutMs + 30_000);
    const leased = await sql<{ id: string; event: string; payload: Record<string, unknown>; attempts: number; url: string; secret: string }>`
      with due as (
        select id from webhook_outbox
        where status = 'pending' and next_attempt_at <= now()
        order by next_attempt_at, id
        limit ${batchSize}
        for update skip locked
      )
      update webhook_outbox o set next_attempt_at = ${leaseUntil}
      from due, webhooks h
      where o.id = due.id and h.id = o.webhook_id
      returning o.id::text as id, o.event, o.payload, o.attempts, h.url, h.secret`.execute(db);
    const results = await Promise.all(leased.rows.map((entry) => deliverOne(entry)));
    return results.filter(Boolean).length;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = deliverDue()
        .catch((error: unknown) => logger.error({ err: error }, 'webhook delivery pass failed'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, pollMs);
  }

  return {
    deliverDue,
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export type WebhookDelivery = ReturnType<typeof createWebhookDelivery>;

/** The delivery loop runs wherever the pipeline workers run (worker, serve --workers, demo). */
export function withWebhookDelivery(pipeline: PipelineRunner, delivery: WebhookDelivery): PipelineRunner {
  return {
    ...pipeline,
    async startWorkers() {
      await pipeline.startWorkers();
      delivery.start();
    },
    async stopWorkers() {
      await delivery.stop();
      await pipeline.stopWorkers();
    },
  };
}
