import { sql } from 'kysely';
import { extensionsByFormat } from '../../imaging/format.sniffer.ts';
import type { SourceInspection } from '../../imaging/imaging.types.ts';
import { createPageRenderer } from '../../imaging/page.renderer.ts';
import { createSourceInspector } from '../../imaging/source.inspector.ts';
import { checkEmailLimits } from '../../intake/email/email.guard.ts';
import { splitEmailIntoPages } from '../../intake/email/email.pages.ts';
import { assertSafeFileName } from '../../intake/file-name.guard.ts';
import { createQuarantineError } from '../../shared/errors.ts';
import { findCompletedSeparation, separateBatch } from './batch-separation.ts';
import type { StepDefinition } from '../pipeline.types.ts';
import { storeRenderedPage } from './page.store.ts';

/**
 * A name that claims another known format than the content (a JPEG named
 * `.pdf`) is how disguised files arrive; a human decides, the pipeline does not.
 */
function assertNameFitsContent(inspection: SourceInspection): void {
  const mismatch = inspection.extensionMismatch;
  if (!mismatch) return;
  const claimsOtherFormat = Object.entries(extensionsByFormat).some(([format, extensions]) => format !== inspection.format && extensions.includes(mismatch.extension));
  if (claimsOtherFormat) {
    throw createQuarantineError('extension_mismatch', `the file is named .${mismatch.extension} but its content is ${inspection.format.toUpperCase()}`);
  }
}

/**
 * Original → page images. Each page is rendered once (300 dpi for OCR, or the
 * fax's own resolution with square pixels) and stored; pages of a born-digital
 * PDF keep their text layer and skip OCR. Pages already stored by an earlier,
 * interrupted attempt are not rendered again.
 */
export const splitPagesStep: StepDefinition = {
  step: 'split',
  concurrency: 2,
  expireInSeconds: 15 * 60,
  retryLimit: 3,
  async run(context, document) {
    const bytes = await context.blobs.get(document.original_key);
    const inspector = createSourceInspector({ limits: context.limits });
    const renderer = createPageRenderer({ limits: context.limits });
    assertSafeFileName(document.original_name);
    const inspection = await inspector.inspect(bytes, document.original_name ?? document.source);
    assertNameFitsContent(inspection);
    // One document per e-mail: typeset body, then the attachment pages.
    if (inspection.format === 'eml') {
      await checkEmailLimits(bytes);
      return splitEmailIntoPages(context, document, bytes);
    }
    // A scanner batch already cut into documents by an earlier attempt (see batch-separation.ts).
    const separated = await findCompletedSeparation(context, document);
    if (separated) return { result: { format: inspection.format, pages: inspection.pageCount, batch: separated } };

    await context.db
      .updateTable('documents')
      .set({ format: inspection.format, mime_type: inspection.mimeType, page_count: inspection.pageCount, updated_at: sql<Date>`now()` })
      .where('id', '=', document.id)
      .execute();

    const done = new Set(
      (await context.db.selectFrom('document_pages').select('page_no').where('document_id', '=', document.id).execute()).map((row) => row.page_no),
    );
    let textLayerPages = 0;
    const session = await renderer.open(bytes, inspection);
    try {
      for (let pageNo = 1; pageNo <= inspection.pageCount; pageNo += 1) {
        if (done.has(pageNo)) continue;
        const page = await session.renderPage(pageNo);
        if (page.textLayer !== null) textLayerPages += 1;
        await storeRenderedPage(context, document, page);
      }
    } finally {
      await session.close();
    }
    // Separator sheets and empty back sides: one batch file → several documents.
    const batch = await separateBatch(context, document);
    return { result: { format: inspection.format, pages: inspection.pageCount, textLayerPages, fax: inspection.fax, ...(batch ? { batch } : {}) } };
  },
};
