import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';
import { defaultQueues } from '../routing/routing.rules.ts';
import { placeInQueue } from '../queues/work-items.placement.ts';

export const requestTypes = Object.keys(defaultQueues);

/**
 * Agents' corrections: the document is fixed at once and the correction is
 * kept as a training example, so `classifier retrain` learns from it.
 */
export function createFeedbackService({ db }: { db: Kysely<Database> }) {
  return {
    async correctRequestType(input: { tenantId: string; documentId: string; requestType: string; correctedBy: string | null }): Promise<void> {
      if (!requestTypes.includes(input.requestType)) {
        throw createError({ code: 'documents.unknown_request_type', message: `unknown request type ${input.requestType}`, statusCode: 400 });
      }
      await db.transaction().execute(async (trx) => {
        const document = await trx
          .selectFrom('documents')
          .select(['id', 'text', 'request_type', 'status', 'received_at'])
          .where('tenant_id', '=', input.tenantId)
          .where('id', '=', input.documentId)
          .forUpdate()
          .executeTakeFirst();
        if (!document) throw createError({ code: 'documents.not_found', message: `document ${input.documentId} not found`, statusCode: 404 });
        await trx
          .updateTable('documents')
          .set({
            request_type: input.requestType,
            request_type_confidence: 1,
            queue: defaultQueues[input.requestType] ?? 'general',
            status: document.status === 'needs_review' ? 'routed' : document.status,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', document.id)
          .execute();
        // A document already in a queue moves with its new type (unless it is closed).
        const item = await trx.selectFrom('work_items').select(['queue_id', 'status']).where('document_id', '=', document.id).executeTakeFirst();
        const queue = defaultQueues[input.requestType] ?? 'general';
        if (item && item.status !== 'closed' && item.queue_id !== queue) {
          await placeInQueue(trx, { tenantId: input.tenantId, documentId: document.id, queueId: queue, receivedAt: new Date(document.received_at) });
        }
        if (document.text && document.request_type !== input.requestType) {
          await trx
            .insertInto('training_feedback')
            .values({
              tenant_id: input.tenantId,
              document_id: document.id,
              kind: 'request_type',
              text: document.text,
              predicted: document.request_type,
              corrected: input.requestType,
              corrected_by: input.correctedBy,
            })
            .execute();
        }
      });
    },

    async requestTypeExamples(tenantId: string): Promise<Array<{ text: string; label: string }>> {
      const rows = await db
        .selectFrom('training_feedback')
        .select(['text', 'corrected'])
        .where('tenant_id', '=', tenantId)
        .where('kind', '=', 'request_type')
        .orderBy('created_at')
        .execute();
      return rows.map((row) => ({ text: row.text, label: row.corrected }));
    },
  };
}
