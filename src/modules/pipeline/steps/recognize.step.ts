import { sql } from 'kysely';
import { applyEmailKind } from '../../intake/email/email.recognition.ts';
import { createEmailRepository } from '../../intake/email/email.repository.ts';
import { collectPageEvidence } from '../../recognition/page.evidence.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/** Request type, key fields, customer account and queue, written in one update. */
export const recognizeStep: StepDefinition = {
  step: 'recognize',
  concurrency: 2,
  expireInSeconds: 5 * 60,
  retryLimit: 3,
  async run(context, document) {
    const current = await context.db.selectFrom('documents').select(['text']).where('id', '=', document.id).executeTakeFirstOrThrow();
    const email = document.format === 'eml' ? await createEmailRepository({ db: context.db }).signals(document.id) : null;
    // Fax header (sending number → matching) and empty signature boxes, from the page images and OCR boxes.
    const evidence = await collectPageEvidence({ db: context.db, blobs: context.blobs }, document);
    const recognised = await context.recognition.recognize({
      tenantId: document.tenant_id,
      text: current.text ?? '',
      receivedAt: new Date(document.received_at),
      channel: document.channel,
      senderEmail: email?.senderEmail ?? null,
      faxNumber: evidence.faxSender,
    });
    const outcome = email ? applyEmailKind(recognised, email.kind) : recognised;
    await context.db
      .updateTable('documents')
      .set({
        request_type: outcome.requestType,
        request_type_confidence: outcome.requestTypeConfidence,
        secondary_request_types: outcome.secondaryRequestTypes,
        fields: JSON.stringify(outcome.fields),
        customer_number: outcome.customerNumber,
        suggested_customer_number: outcome.suggestedCustomerNumber,
        match_status: outcome.matchStatus,
        match_confidence: outcome.matchConfidence,
        queue: outcome.queue,
        recognition: JSON.stringify({ ...outcome.record, ...evidence, flags: evidence.signatureMissing ? [...outcome.record.flags, 'signature_missing'] : outcome.record.flags }),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', document.id)
      .execute();
    return { result: { requestType: outcome.requestType, matchStatus: outcome.matchStatus, queue: outcome.queue, ms: outcome.record.durationMs } };
  },
};
