import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';

export const webhookEvents = ['document.routed', 'document.closed'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/**
 * Announces an event to every webhook of the tenant that subscribed to it.
 * Call it with the transaction that makes the change: the announcement exists
 * exactly when the change does (transactional outbox); the delivery loop sends it.
 */
export async function enqueueWebhookEvent(executor: Kysely<Database>, tenantId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<number> {
  const payload = JSON.stringify({ event, tenantId, occurredAt: new Date().toISOString(), data });
  const result = await executor
    .insertInto('webhook_outbox')
    .columns(['tenant_id', 'webhook_id', 'event', 'payload'])
    .expression((eb) =>
      eb
        .selectFrom('webhooks')
        .select([sql<string>`${tenantId}`.as('tenant_id'), 'id', sql<string>`${event}`.as('event'), sql<string>`${payload}::jsonb`.as('payload')])
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`${event} = any(events)`),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
