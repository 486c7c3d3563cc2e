import { sql } from 'kysely';
import { degrees, PDFDocument, type PDFPage } from 'pdf-lib';
import { drawPageImage } from '../../imaging/pdf-page-image.ts';
import { createQuarantineError } from '../../shared/errors.ts';
import { textPagesSourceKey } from '../../intake/email/email.pages.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/** JPEG quality of page images inside the searchable PDF: the original stays in the archive untouched. */
const pageImageQuality = 70;

/**
 * The searchable PDF: each page with the OCR engine's invisible text layer on
 * top. A born-digital PDF already is one and is kept as it is; pages of a
 * mixed PDF that had a text layer are copied from the original.
 *
 * Nothing is re-encoded where it can be avoided: a scanned PDF keeps its own
 * pages (the text layer is laid over the copied page), JPEG and PNG page
 * images go in as their bytes (see imaging/pdf-page-image.ts). The OCR step
 * asks tesseract for a text-only PDF: tesseract's own image PDF costs ~0.45 s
 * per A4 page for compressing the image, more than half of the recognition.
 */
export const searchablePdfStep: StepDefinition = {
  step: 'pdf',
  concurrency: 2,
  expireInSeconds: 10 * 60,
  retryLimit: 3,
  async run(context, document) {
    const pages = await context.db
      .selectFrom('document_pages')
      .select(['page_no', 'source_page_no', 'text_source', 'ocr_pdf_key', 'image_key', 'width', 'height', 'dpi'])
      .where('document_id', '=', document.id)
      .orderBy('page_no')
      .execute();
    const allTextLayer = pages.length > 0 && pages.every((page) => page.text_source === 'text_layer');
    // An e-mail's pages are cut from its rendition PDF (body + attachments), which stands in for the original here.
    const pagesPdfKey = await textPagesSourceKey(context, document);
    // A document cut from a scanner batch has only some of the original's pages (source_page_no set).
    const wholeOriginal = pages.every((page) => page.source_page_no === null);
    if (pagesPdfKey !== null && allTextLayer && wholeOriginal) {
      await setPdf(document.id, pagesPdfKey);
      return { result: { source: 'original' } };
    }
    if (pages.length === 0) throw createQuarantineError('ocr_failed', 'document has no pages');

    const output = await PDFDocument.create();
    output.setProducer('Poststelle');
    output.setCreator('Poststelle');
    let original: PDFDocument | null | undefined;
    const loadOriginal = async (): Promise<PDFDocument | null> => {
      if (original !== undefined) return original;
      try {
        const loaded = await PDFDocument.load(await context.blobs.get(pagesPdfKey ?? document.original_key), { ignoreEncryption: true, updateMetadata: false });
        // Streams of an encrypted file would be copied still encrypted: use the page images instead.
        original = loaded.isEncrypted ? null : loaded;
      } catch {
        original = null;
      }
      return original;
    };
    const modes: Record<string, number> = {};
    for (const page of pages) {
      if (page.ocr_pdf_key) {
        const textLayerPdf = await context.blobs.get(page.ocr_pdf_key);
        const source = pagesPdfKey !== null ? await loadOriginal() : null;
        const copied = source ? await copyUnrotatedPage(output, source, (page.source_page_no ?? page.page_no) - 1) : null;
        let target: PDFPage;
        let box: { x: number; y: number; width: number; height: number };
        if (copied) {
          target = output.addPage(copied);
          box = copied.getCropBox();
          modes.original = (modes.original ?? 0) + 1;
        } else {
          const width = (page.width / page.dpi) * 72;
          const height = (page.height / page.dpi) * 72;
          target = output.addPage([width, height]);
          box = { x: 0, y: 0, width, height };
          const placed = await drawPageImage(output, target, await context.blobs.get(page.image_key), { fallbackQuality: pageImageQuality });
          modes[placed.mode] = (modes[placed.mode] ?? 0) + 1;
        }
        const [textLayer] = await output.embedPdf(textLayerPdf, [0]);
        if (textLayer) target.drawPage(textLayer, box);
      } else if (page.text_source === 'text_layer' && pagesPdfKey !== null) {
        const source = await loadOriginal();
        if (!source) throw createQuarantineError('corrupt_pdf', `page ${page.page_no} cannot be copied from the original PDF`);
        const [copied] = await output.copyPages(source, [(page.source_page_no ?? page.page_no) - 1]);
        if (copied) output.addPage(copied);
      } else {
        throw createQuarantineError('ocr_failed', `page ${page.page_no} has neither OCR output nor a text layer`);
      }
    }
    const stored = await context.blobs.put(Buffer.from(await output.save()));
    await setPdf(document.id, stored.key);
    return { result: { source: 'ocr', pages: pages.length, bytes: stored.sizeBytes, pageSources: modes } };

    async function setPdf(documentId: string, key: string) {
      await context.db.updateTable('documents').set({ pdf_key: key, updated_at: sql<Date>`now()` }).where('id', '=', documentId).execute();
    }
  },
};

/**
 * The original scanned page, when the OCR raster matches it one to one: not
 * rotated (pdftoppm applies /Rotate, so the text layer is in rotated space).
 */
async function copyUnrotatedPage(output: PDFDocument, source: PDFDocument, index: number): Promise<PDFPage | null> {
  const sourcePage = source.getPages()[index];
  if (!sourcePage || sourcePage.getRotation().angle % 360 !== 0) return null;
  const [copied] = await output.copyPages(source, [index]);
  if (!copied) return null;
  copied.setRotation(degrees(0));
  return copied;
}
