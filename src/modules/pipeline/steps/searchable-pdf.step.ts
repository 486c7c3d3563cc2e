import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { createQuarantineError } from '../../shared/errors.ts';
import { textPagesSourceKey } from '../../intake/email/email.pages.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/** JPEG quality of page images inside the searchable PDF: the original stays in the archive untouched. */
const pageImageQuality = 70;

/**
 * The searchable PDF: each page image with the OCR engine's invisible text
 * layer on top. A born-digital PDF already is one and is kept as it is; pages
 * of a mixed PDF that had a text layer are copied from the original.
 *
 * The OCR step asks tesseract for a text-only PDF, and the page image goes in
 * here as a JPEG: tesseract's own image PDF costs ~0.45 s per A4 page for
 * compressing the image, more than half of the recognition itself.
 */
export const searchablePdfStep: StepDefinition = {
  step: 'pdf',
  concurrency: 2,
  expireInSeconds: 10 * 60,
  retryLimit: 3,
  async run(context, document) {
    const pages = await context.db
      .selectFrom('document_pages')
      .select(['page_no', 'text_source', 'ocr_pdf_key', 'image_key', 'width', 'height', 'dpi'])
      .where('document_id', '=', document.id)
      .orderBy('page_no')
      .execute();
    const allTextLayer = pages.length > 0 && pages.every((page) => page.text_source === 'text_layer');
    // An e-mail's pages are cut from its rendition PDF (body + attachments), which stands in for the original here.
    const pagesPdfKey = await textPagesSourceKey(context, document);
    if (pagesPdfKey !== null && allTextLayer) {
      await setPdf(document.id, pagesPdfKey);
      return { result: { source: 'original' } };
    }
    if (pages.length === 0) throw createQuarantineError('ocr_failed', 'document has no pages');

    const output = await PDFDocument.create();
    output.setProducer('Poststelle');
    output.setCreator('Poststelle');
    let original: PDFDocument | null = null;
    for (const page of pages) {
      if (page.ocr_pdf_key) {
        const widthPt = (page.width / page.dpi) * 72;
        const heightPt = (page.height / page.dpi) * 72;
        const pdfPage = output.addPage([widthPt, heightPt]);
        const jpeg = await sharp(await context.blobs.get(page.image_key)).jpeg({ quality: pageImageQuality }).toBuffer();
        const image = await output.embedJpg(jpeg);
        pdfPage.drawImage(image, { x: 0, y: 0, width: widthPt, height: heightPt });
        const [textLayer] = await output.embedPdf(await context.blobs.get(page.ocr_pdf_key), [0]);
        if (textLayer) pdfPage.drawPage(textLayer, { x: 0, y: 0, width: widthPt, height: heightPt });
      } else if (page.text_source === 'text_layer' && pagesPdfKey !== null) {
        original ??= await PDFDocument.load(await context.blobs.get(pagesPdfKey), { ignoreEncryption: true, updateMetadata: false });
        const [copied] = await output.copyPages(original, [page.page_no - 1]);
        if (copied) output.addPage(copied);
      } else {
        throw createQuarantineError('ocr_failed', `page ${page.page_no} has neither OCR output nor a text layer`);
      }
    }
    const stored = await context.blobs.put(Buffer.from(await output.save()));
    await setPdf(document.id, stored.key);
    return { result: { source: 'ocr', pages: pages.length, bytes: stored.sizeBytes } };

    async function setPdf(documentId: string, key: string) {
      await context.db.updateTable('documents').set({ pdf_key: key, updated_at: sql<Date>`now()` }).where('id', '=', documentId).execute();
    }
  },
};
