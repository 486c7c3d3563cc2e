import { sql } from 'kysely';
import { routeIntoWorkQueue } from '../../queues/work-items.placement.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/**
 * The final status: routed when a request type and a queue are known,
 * otherwise a human looks at it (needs_review) — never a guess. Either way the
 * document lands in its queue's inbox (triage when the type is unknown), with
 * its SLA due date, in the same transaction.
 */
export const finalizeStep: StepDefinition = {
  step: 'finalize',
  concurrency: 2,
  expireInSeconds: 60,
  retryLimit: 5,
  async run(context, document) {
    return context.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('documents')
        .select(['request_type', 'queue', 'received_at', 'customer_number', 'recognition'])
        .where('id', '=', document.id)
        .executeTakeFirstOrThrow();
      const status = current.request_type && current.queue ? 'routed' : 'needs_review';
      const updated = await trx
        .updateTable('documents')
        .set({ status, finished_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
        .where('id', '=', document.id)
        .where('status', 'in', ['received', 'processing'])
        .executeTakeFirst();
      let dueDate: string | null = null;
      if (Number(updated.numUpdatedRows) > 0 && current.queue) {
        const placement = await routeIntoWorkQueue(trx, {
          id: document.id,
          tenantId: document.tenant_id,
          queue: current.queue,
          receivedAt: new Date(current.received_at),
          status,
          requestType: current.request_type,
          customerNumber: current.customer_number,
          rule: current.recognition?.routingRule ?? null,
        });
        dueDate = placement.dueDate;
      }
      return { result: { status, queue: current.queue, dueDate } };
    });
  },
};
