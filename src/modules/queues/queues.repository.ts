import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { asFederalState, berlinDay, dueDate } from '../routing/sla.ts';
import { createError } from '../shared/errors.ts';
import { defaultHolidayState, defaultQueueSettings, fallbackQueueSettings } from './queues.defaults.ts';

export interface QueueConfig {
  id: string;
  name: string;
  slaBusinessDays: number;
  holidayState: string;
}

export interface QueueSummary extends QueueConfig {
  open: number;
  overdue: number;
  dueToday: number;
}

export const queueErrors = {
  notFound: (queueId: string) => createError({ code: 'queues.not_found', message: `queue ${queueId} not found`, statusCode: 404 }),
};

/** Creates the queue with its defaults if it does not exist yet (a rule may name a new team). */
export async function ensureQueue(executor: Kysely<Database>, tenantId: string, queueId: string): Promise<QueueConfig> {
  const defaults = fallbackQueueSettings(queueId);
  await executor
    .insertInto('queues')
    .values({ tenant_id: tenantId, id: queueId, name: defaults.name, sla_business_days: defaults.slaBusinessDays, holiday_state: defaultHolidayState })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'id']).doNothing())
    .execute();
  const queue = await getQueue(executor, tenantId, queueId);
  if (!queue) throw queueErrors.notFound(queueId);
  return queue;
}

export async function getQueue(executor: Kysely<Database>, tenantId: string, queueId: string): Promise<QueueConfig | null> {
  const row = await executor
    .selectFrom('queues')
    .select(['id', 'name', 'sla_business_days', 'holiday_state'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', queueId)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, slaBusinessDays: row.sla_business_days, holidayState: row.holiday_state } : null;
}

export function createQueuesRepository({ db }: { db: Kysely<Database> }) {
  const seededTenants = new Set<string>();

  /** The default teams' queues exist for every tenant (once per process: a no-op insert afterwards). */
  async function ensureDefaults(tenantId: string): Promise<void> {
    if (seededTenants.has(tenantId)) return;
    await db
      .insertInto('queues')
      .values(
        Object.entries(defaultQueueSettings).map(([id, settings]) => ({
          tenant_id: tenantId,
          id,
          name: settings.name,
          sla_business_days: settings.slaBusinessDays,
          holiday_state: defaultHolidayState,
        })),
      )
      .onConflict((conflict) => conflict.columns(['tenant_id', 'id']).doNothing())
      .execute();
    seededTenants.add(tenantId);
  }

  return {
    ensureDefaults,

    ensureQueue: (tenantId: string, queueId: string) => ensureQueue(db, tenantId, queueId),

    async listConfig(tenantId: string): Promise<QueueConfig[]> {
      await ensureDefaults(tenantId);
      const rows = await db.selectFrom('queues').select(['id', 'name', 'sla_business_days', 'holiday_state']).where('tenant_id', '=', tenantId).orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, name: row.name, slaBusinessDays: row.sla_business_days, holidayState: row.holiday_state }));
    },

    /** Every queue with its counts, summed from work_item_counts (kept by a trigger), whatever the size of the queues. */
    async listWithCounts(tenantId: string, now = new Date()): Promise<QueueSummary[]> {
      await ensureDefaults(tenantId);
      const today = berlinDay(now);
      const [configs, counts] = await Promise.all([
        db.selectFrom('queues').select(['id', 'name', 'sla_business_days', 'holiday_state']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
        db
          .selectFrom('work_item_counts')
          .select([
            'queue_id',
            sql<string>`sum(open_count)`.as('open'),
            sql<string>`coalesce(sum(open_count) filter (where due_date < ${today}::date), 0)`.as('overdue'),
            sql<string>`coalesce(sum(open_count) filter (where due_date = ${today}::date), 0)`.as('due_today'),
          ])
          .where('tenant_id', '=', tenantId)
          .groupBy('queue_id')
          .execute(),
      ]);
      const byQueue = new Map(counts.map((row) => [row.queue_id, row]));
      return configs.map((row) => {
        const count = byQueue.get(row.id);
        return {
          id: row.id,
          name: row.name,
          slaBusinessDays: row.sla_business_days,
          holidayState: row.holiday_state,
          open: Number(count?.open ?? 0),
          overdue: Number(count?.overdue ?? 0),
          dueToday: Number(count?.due_today ?? 0),
        };
      });
    },

    /**
     * Creates or changes a queue. A new SLA or holiday calendar applies to the
     * open items too: their due dates are recomputed from their dates of receipt.
     */
    async upsert(tenantId: string, queue: { id: string; name: string; slaBusinessDays: number; holidayState?: string }): Promise<QueueConfig> {
      const holidayState = asFederalState(queue.holidayState ?? defaultHolidayState);
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('queues')
          .values({ tenant_id: tenantId, id: queue.id, name: queue.name, sla_business_days: queue.slaBusinessDays, holiday_state: holidayState })
          .onConflict((conflict) =>
            conflict.columns(['tenant_id', 'id']).doUpdateSet({ name: queue.name, sla_business_days: queue.slaBusinessDays, holiday_state: holidayState, updated_at: sql<Date>`now()` }),
          )
          .execute();
        const receiptDays = await trx
          .selectFrom('work_items')
          .select(sql<string>`to_char(received_at at time zone 'Europe/Berlin', 'YYYY-MM-DD')`.as('day'))
          .where('tenant_id', '=', tenantId)
          .where('queue_id', '=', queue.id)
          .where('status', '<>', 'closed')
          .distinct()
          .execute();
        if (receiptDays.length > 0) {
          const mapping = receiptDays.map((row) => sql`(${row.day}::date, ${dueDate(row.day, queue.slaBusinessDays, holidayState)}::date)`);
          await sql`
            update work_items w set due_date = m.due, updated_at = now()
            from (values ${sql.join(mapping)}) as m(received_day, due)
            where w.tenant_id = ${tenantId} and w.queue_id = ${queue.id} and w.status <> 'closed'
              and (w.received_at at time zone 'Europe/Berlin')::date = m.received_day`.execute(trx);
        }
        return { id: queue.id, name: queue.name, slaBusinessDays: queue.slaBusinessDays, holidayState };
      });
    },
  };
}

export type QueuesRepository = ReturnType<typeof createQueuesRepository>;
