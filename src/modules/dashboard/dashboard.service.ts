import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createQueuesRepository } from '../queues/queues.repository.ts';
import { berlinDay } from '../routing/sla.ts';

export interface Dashboard {
  from: string;
  to: string;
  volumeByDay: Array<{ day: string; channel: string; requestType: string; count: number }>;
  backlog: Array<{ queueId: string; open: number; overdue: number }>;
  slaBreaches: Array<{ day: string; count: number }>;
  /** Share of documents that reached a queue in the period without any human correction or re-routing; null without documents. */
  straightThroughRate: number | null;
  /** From receipt to close, of documents closed in the period. */
  handlingTimeHours: { p50: number | null; p90: number | null };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Supervisors' numbers for a period of calendar days (Europe/Berlin):
 * - volume: letters received per day, channel and request type (duplicates not counted again);
 * - backlog: open and overdue items per queue now;
 * - SLA breaches: items that became overdue on that day (the day after their due date) and
 *   were still open then — closed late, or not closed yet;
 * - straight-through rate: routed by the pipeline ('routed', not 'needs_review') and never
 *   corrected, re-routed or forwarded by a person;
 * - handling time: received → closed, p50 and p90 in hours.
 */
export function createDashboardService({ db }: { db: Kysely<Database> }) {
  const queues = createQueuesRepository({ db });

  return {
    async build(tenantId: string, period: { from?: string; to?: string } = {}, now = new Date()): Promise<Dashboard> {
      const today = berlinDay(now);
      const to = period.to ?? today;
      const from = period.from ?? addDays(to, -29);
      const start = sql<Date>`(${from}::date)::timestamp at time zone 'Europe/Berlin'`;
      const end = sql<Date>`(${addDays(to, 1)}::date)::timestamp at time zone 'Europe/Berlin'`;

      const [volume, backlog, breaches, straight, handling] = await Promise.all([
        db
          .selectFrom('documents')
          .select([
            sql<string>`to_char(received_at at time zone 'Europe/Berlin', 'YYYY-MM-DD')`.as('day'),
            'channel',
            sql<string>`coalesce(request_type, 'unknown')`.as('request_type'),
            sql<string>`count(*)`.as('count'),
          ])
          .where('tenant_id', '=', tenantId)
          .where('received_at', '>=', start)
          .where('received_at', '<', end)
          .where('status', '<>', 'duplicate')
          .groupBy(['day', 'channel', sql`coalesce(request_type, 'unknown')`])
          .orderBy('day')
          .orderBy('channel')
          .orderBy('request_type')
          .execute(),
        queues.listWithCounts(tenantId, now),
        sql<{ day: string; count: string }>`
          select to_char(due_date + 1, 'YYYY-MM-DD') as day, count(*) as count
          from work_items
          where tenant_id = ${tenantId}
            and due_date + 1 between ${from}::date and ${to}::date
            and due_date < ${today}::date
            and (closed_at is null or (closed_at at time zone 'Europe/Berlin')::date > due_date)
          group by due_date
          order by due_date`.execute(db),
        sql<{ total: string; straight: string }>`
          select count(*) as total,
                 count(*) filter (where
                   exists (select 1 from document_events r where r.document_id = w.document_id and r.action = 'routed' and r.details->>'status' = 'routed')
                   and not exists (select 1 from document_events e where e.document_id = w.document_id and e.action in ('corrected', 'rerouted', 'forwarded'))
                   and not exists (select 1 from training_feedback f where f.document_id = w.document_id)
                 ) as straight
          from work_items w
          where w.tenant_id = ${tenantId} and w.received_at >= ${start} and w.received_at < ${end}`.execute(db),
        sql<{ p50: number | null; p90: number | null }>`
          select percentile_cont(0.5) within group (order by extract(epoch from closed_at - received_at) / 3600) as p50,
                 percentile_cont(0.9) within group (order by extract(epoch from closed_at - received_at) / 3600) as p90
          from work_items
          where tenant_id = ${tenantId} and closed_at >= ${start} and closed_at < ${end}`.execute(db),
      ]);

      const totals = straight.rows[0];
      const total = Number(totals?.total ?? 0);
      const percentiles = handling.rows[0];
      return {
        from,
        to,
        volumeByDay: volume.map((row) => ({ day: row.day, channel: row.channel, requestType: row.request_type, count: Number(row.count) })),
        backlog: backlog.map((queue) => ({ queueId: queue.id, open: queue.open, overdue: queue.overdue })),
        slaBreaches: breaches.rows.map((row) => ({ day: row.day, count: Number(row.count) })),
        straightThroughRate: total > 0 ? round(Number(totals?.straight ?? 0) / total, 4) : null,
        handlingTimeHours: {
          p50: percentiles?.p50 === null || percentiles?.p50 === undefined ? null : round(Number(percentiles.p50), 2),
          p90: percentiles?.p90 === null || percentiles?.p90 === undefined ? null : round(Number(percentiles.p90), 2),
        },
      };
    },
  };
}
