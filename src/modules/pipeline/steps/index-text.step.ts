import { sql } from 'kysely';
import { indexDocumentText } from '../../search/search.indexer.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/** Joins the page texts into the document text and makes it searchable. */
export const indexTextStep: StepDefinition = {
  step: 'index',
  concurrency: 2,
  expireInSeconds: 5 * 60,
  retryLimit: 3,
  async run(context, document) {
    const pages = await context.db
      .selectFrom('document_pages')
      .select(['text', 'text_source', 'ocr_confidence'])
      .where('document_id', '=', document.id)
      .orderBy('page_no')
      .execute();
    const text = pages.map((page) => (page.text ?? '').trim()).join('\n\n');
    const sources = new Set(pages.map((page) => page.text_source));
    const textSource = sources.size === 1 ? [...sources][0] ?? null : 'mixed';
    const confidences = pages.map((page) => page.ocr_confidence).filter((value): value is number => value !== null);
    const ocrConfidence = confidences.length > 0 ? confidences.reduce((sum, value) => sum + value, 0) / confidences.length : null;
    await context.db
      .updateTable('documents')
      .set({ text_source: textSource, ocr_confidence: ocrConfidence, updated_at: sql<Date>`now()` })
      .where('id', '=', document.id)
      .execute();
    const indexed = await indexDocumentText(context.db, { id: document.id, tenantId: document.tenant_id, text });
    return { result: { characters: text.length, ...indexed } };
  },
};
