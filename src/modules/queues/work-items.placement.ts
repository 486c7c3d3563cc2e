import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { asFederalState, dueDateFor } from '../routing/sla.ts';
import { enqueueWebhookEvent } from '../webhooks/webhooks.outbox.ts';
import { recordDocumentEvent, type Actor } from './document-events.ts';
import { ensureQueue } from './queues.repository.ts';

export interface Placement {
  queueId: string;
  dueDate: string;
  previousQueueId: string | null;
}

/**
 * Puts a document into a queue (new work item, or moves an unfinished one):
 * the due date counts the queue's SLA from the legal date of receipt, so a
 * move to another team never extends the customer's deadline beyond that
 * team's own SLA. A move hands the item back to the queue (no assignee).
 */
export async function placeInQueue(
  executor: Kysely<Database>,
  input: { tenantId: string; documentId: string; queueId: string; receivedAt: Date },
): Promise<Placement> {
  const queue = await ensureQueue(executor, input.tenantId, input.queueId);
  const due = dueDateFor(input.receivedAt, queue.slaBusinessDays, asFederalState(queue.holidayState));
  const previous = await executor
    .selectFrom('work_items')
    .select(['queue_id', 'status'])
    .where('document_id', '=', input.documentId)
    .forUpdate()
    .executeTakeFirst();
  if (!previous) {
    await executor
      .insertInto('work_items')
      .values({ document_id: input.documentId, tenant_id: input.tenantId, queue_id: queue.id, received_at: input.receivedAt, due_date: due })
      .execute();
  } else if (previous.queue_id !== queue.id) {
    await executor
      .updateTable('work_items')
      .set({ queue_id: queue.id, due_date: due, status: previous.status === 'closed' ? 'closed' : 'open', assignee_id: null, assignee_name: null, claimed_at: null, updated_at: sql<Date>`now()` })
      .where('document_id', '=', input.documentId)
      .execute();
  }
  await executor.updateTable('documents').set({ queue: queue.id }).where('id', '=', input.documentId).execute();
  return { queueId: queue.id, dueDate: due, previousQueueId: previous?.queue_id ?? null };
}

/**
 * The pipeline's hand-over: called by the finalize step in the transaction
 * that gives the document its final status. Records the routing in the
 * history and announces it to webhooks.
 */
export async function routeIntoWorkQueue(
  executor: Kysely<Database>,
  document: { id: string; tenantId: string; queue: string; receivedAt: Date; status: string; requestType: string | null; customerNumber: string | null; rule: string | null },
  actor: Actor | null = null,
): Promise<Placement> {
  const placement = await placeInQueue(executor, { tenantId: document.tenantId, documentId: document.id, queueId: document.queue, receivedAt: document.receivedAt });
  await recordDocumentEvent(executor, {
    tenantId: document.tenantId,
    documentId: document.id,
    actor,
    action: 'routed',
    details: { queue: placement.queueId, dueDate: placement.dueDate, status: document.status, requestType: document.requestType, rule: document.rule },
  });
  await enqueueWebhookEvent(executor, document.tenantId, 'document.routed', {
    documentId: document.id,
    queue: placement.queueId,
    dueDate: placement.dueDate,
    status: document.status,
    requestType: document.requestType,
    customerNumber: document.customerNumber,
    receivedAt: document.receivedAt.toISOString(),
  });
  return placement;
}
