import { sql } from 'kysely';
import { createNearDuplicateService } from '../../dedup/near-duplicate.service.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/**
 * After recognition (fields known), before finalize: a letter that already came
 * in by another channel (fax and post, scanned twice) becomes a `duplicate`
 * linked to the first copy with its similarity, so finalize leaves it out of the
 * work queues. Exact copies never get here (intake links them by sha256).
 */
export const nearDuplicateStep: StepDefinition = {
  step: 'dedup',
  concurrency: 2,
  expireInSeconds: 60,
  retryLimit: 5,
  async run(context, document) {
    const current = await context.db.selectFrom('documents').select(['text', 'fields', 'status']).where('id', '=', document.id).executeTakeFirstOrThrow();
    if (current.status !== 'received' && current.status !== 'processing') return { result: { skipped: current.status } };
    const outcome = await createNearDuplicateService({ db: context.db }).check({
      tenantId: document.tenant_id,
      documentId: document.id,
      text: current.text ?? '',
      fields: current.fields ?? {},
      receivedAt: new Date(document.received_at),
    });
    let final = false;
    if (outcome.duplicateOf) {
      const marked = await context.db
        .updateTable('documents')
        .set({ status: 'duplicate', duplicate_of: outcome.duplicateOf, duplicate_similarity: outcome.similarity, finished_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
        .where('id', '=', document.id)
        .where('status', 'in', ['received', 'processing'])
        .executeTakeFirst();
      final = Number(marked.numUpdatedRows) > 0;
    }
    return { final, result: { duplicateOf: outcome.duplicateOf, similarity: outcome.similarity, containment: outcome.containment, candidates: outcome.candidates, rejected: outcome.rejected.slice(0, 5) } };
  },
};
