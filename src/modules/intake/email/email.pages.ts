import { sql } from 'kysely';
import type { DocumentRow } from '../../database/database.types.ts';
import { isUniqueViolation } from '../../database/pg-errors.ts';
import { createPageRenderer } from '../../imaging/page.renderer.ts';
import { createSourceInspector } from '../../imaging/source.inspector.ts';
import type { TextLayerThresholds } from '../../imaging/text-layer.heuristic.ts';
import type { StepContext, StepOutcome } from '../../pipeline/pipeline.types.ts';
import { storeRenderedPage } from '../../pipeline/steps/page.store.ts';
import { createQuarantineError } from '../../shared/errors.ts';
import { parseEmail } from './email.parser.ts';
import { createEmailRepository } from './email.repository.ts';
import { renderEmail } from './email.rendition.ts';

// The body pages were typeset by us: whatever text they hold is the text, however short.
const typesetText: TextLayerThresholds = {
  minLetters: 0,
  minWordTokens: 0,
  minTextLines: 0,
  minWordShare: 0,
  minLetterShare: 0,
  minVowelShare: 0,
  maxVowelShare: 1,
  maxGarbageShare: 1,
  minFunctionWordShare: 0,
};

/**
 * The split step for e-mails: the message becomes one document whose pages
 * are the typeset body followed by the attachment pages (see
 * email.rendition.ts). Body pages keep their text layer (no OCR); attachment
 * pages take the usual path — PDF text layers where real, OCR otherwise. The
 * rendition is stored so the searchable PDF can copy text pages from it.
 */
export async function splitEmailIntoPages(context: StepContext, document: DocumentRow, bytes: Buffer): Promise<StepOutcome> {
  let email;
  try {
    email = await parseEmail(bytes);
  } catch (error) {
    throw createQuarantineError('unsupported_format', `the e-mail cannot be parsed: ${(error as Error).message}`, error);
  }
  const emails = createEmailRepository({ db: context.db });
  // An e-mail that came in under another channel (`--channel scan`) has no envelope yet.
  if (!(await emails.signals(document.id))) {
    try {
      await emails.register(context.db, { documentId: document.id, tenantId: document.tenant_id, email });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await emails.register(context.db, { documentId: document.id, tenantId: document.tenant_id, email: { ...email, messageId: null } });
    }
  }
  const rendition = await renderEmail(email, { limits: context.limits });
  const stored = await context.blobs.put(rendition.pdf);
  await emails.saveRendition(document.id, stored.key, rendition.attachments);

  await context.db
    .updateTable('documents')
    .set({ format: 'eml', mime_type: 'message/rfc822', page_count: rendition.pageCount, updated_at: sql<Date>`now()` })
    .where('id', '=', document.id)
    .execute();

  const inspection = await createSourceInspector({ limits: context.limits }).inspect(rendition.pdf, 'email.pdf');
  const done = new Set(
    (await context.db.selectFrom('document_pages').select('page_no').where('document_id', '=', document.id).execute()).map((row) => row.page_no),
  );
  const bodySession = await createPageRenderer({ limits: context.limits, textLayerThresholds: typesetText }).open(rendition.pdf, inspection);
  const attachmentSession = await createPageRenderer({ limits: context.limits }).open(rendition.pdf, inspection);
  let textLayerPages = 0;
  try {
    for (let pageNo = 1; pageNo <= rendition.pageCount; pageNo += 1) {
      if (done.has(pageNo)) continue;
      const page = await (pageNo <= rendition.bodyPages ? bodySession : attachmentSession).renderPage(pageNo);
      const text = pageNo <= rendition.bodyPages ? (page.textLayer ?? '') : page.textLayer;
      if (text !== null) textLayerPages += 1;
      // The rendition's page numbers are the document's: body pages first, then the attachments.
      await storeRenderedPage(context, document, { ...page, pageNo }, text);
    }
  } finally {
    await bodySession.close();
    await attachmentSession.close();
  }
  return {
    result: {
      format: 'eml',
      pages: rendition.pageCount,
      bodyPages: rendition.bodyPages,
      textLayerPages,
      kind: email.kind,
      attachments: rendition.attachments.map((attachment) => ({ fileName: attachment.fileName, disposition: attachment.disposition, reason: attachment.reason ?? null })),
    },
  };
}

// The renderer's page image is being renamed (png → image, for pass-through JPEGs); accept either shape.
/** The PDF whose pages a searchable PDF may copy as they are: the original PDF, or an e-mail's rendition. */
export async function textPagesSourceKey(context: Pick<StepContext, 'db'>, document: Pick<DocumentRow, 'id' | 'format' | 'original_key'>): Promise<string | null> {
  if (document.format === 'pdf') return document.original_key;
  if (document.format === 'eml') return createEmailRepository({ db: context.db }).renditionKey(document.id);
  return null;
}
