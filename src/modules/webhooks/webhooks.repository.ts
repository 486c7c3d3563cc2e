import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';
import type { WebhookEvent } from './webhooks.outbox.ts';

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
  /** Outbox entries not yet delivered, and those given up after the last retry. */
  pending: number;
  failed: number;
}

const notFound = (id: string) => createError({ code: 'webhooks.not_found', message: `webhook ${id} not found`, statusCode: 404 });

/** Webhook subscriptions of a tenant. The secret is write-only: it signs deliveries and is never shown again. */
export function createWebhooksRepository({ db }: { db: Kysely<Database> }) {
  async function list(tenantId: string): Promise<Webhook[]> {
    const rows = await db
      .selectFrom('webhooks as h')
      .leftJoin('webhook_outbox as o', (join) => join.onRef('o.webhook_id', '=', 'h.id').on('o.status', '<>', 'delivered'))
      .select((eb) => [
        'h.id',
        'h.url',
        'h.events',
        'h.created_at',
        eb.fn.count<string>('o.id').filterWhere('o.status', '=', 'pending').as('pending'),
        eb.fn.count<string>('o.id').filterWhere('o.status', '=', 'failed').as('failed'),
      ])
      .where('h.tenant_id', '=', tenantId)
      .groupBy(['h.id', 'h.url', 'h.events', 'h.created_at'])
      .orderBy('h.created_at')
      .execute();
    return rows.map((row) => ({ id: row.id, url: row.url, events: row.events as WebhookEvent[], createdAt: new Date(row.created_at).toISOString(), pending: Number(row.pending), failed: Number(row.failed) }));
  }

  return {
    list,

    async create(input: { tenantId: string; url: string; events: WebhookEvent[]; secret: string; createdBy: string | null }): Promise<Webhook> {
      const row = await db
        .insertInto('webhooks')
        .values({ tenant_id: input.tenantId, url: input.url, events: [...new Set(input.events)], secret: input.secret, created_by: input.createdBy })
        .returning(['id', 'url', 'events', 'created_at'])
        .executeTakeFirstOrThrow();
      return { id: row.id, url: row.url, events: row.events as WebhookEvent[], createdAt: new Date(row.created_at).toISOString(), pending: 0, failed: 0 };
    },

    async remove(tenantId: string, id: string): Promise<void> {
      const result = await db.deleteFrom('webhooks').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound(id);
    },
  };
}
