import { sql } from 'kysely';
import type { StepDefinition } from '../pipeline.types.ts';

/**
 * The final status: routed when a request type and a queue are known,
 * otherwise a human looks at it (needs_review) — never a guess.
 */
export const finalizeStep: StepDefinition = {
  step: 'finalize',
  concurrency: 2,
  expireInSeconds: 60,
  retryLimit: 5,
  async run(context, document) {
    const current = await context.db.selectFrom('documents').select(['request_type', 'queue']).where('id', '=', document.id).executeTakeFirstOrThrow();
    const status = current.request_type && current.queue ? 'routed' : 'needs_review';
    await context.db
      .updateTable('documents')
      .set({ status, finished_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', document.id)
      .where('status', 'in', ['received', 'processing'])
      .execute();
    return { result: { status } };
  },
};
