import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { PageWordRecord } from '../../database/database.types.ts';
import { pageImageFormat } from '../../imaging/pdf-page-image.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/**
 * OCR of every page that has no usable text layer, one engine process per
 * core (shared slots across documents). Each page's result is saved as soon as
 * it is known, so a retry only recognises the pages still missing.
 */
export const recognizeTextStep: StepDefinition = {
  step: 'ocr',
  concurrency: 'ocr',
  expireInSeconds: 30 * 60,
  retryLimit: 3,
  async run(context, document) {
    const pending = await context.db
      .selectFrom('document_pages')
      .select(['page_no', 'image_key', 'dpi'])
      .where('document_id', '=', document.id)
      .where('text_source', 'is', null)
      .orderBy('page_no')
      .execute();
    if (pending.length === 0) return { result: { recognisedPages: 0 } };

    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-ocr-'));
    let totalMs = 0;
    try {
      await Promise.all(
        pending.map((page) =>
          context.ocrSlots.run(async () => {
            const image = await context.blobs.get(page.image_key);
            const imagePath = path.join(workDir, `page-${page.page_no}.${pageImageFormat(image) === 'jpeg' ? 'jpg' : 'png'}`);
            await fs.writeFile(imagePath, image);
            const result = await context.ocr.recognize({
              imagePath,
              dpi: page.dpi,
              languages: context.config.ocrLanguages,
              wantPdf: true,
              // The pdf step lays the page image under this text layer (one cheap JPEG per page).
              textOnlyPdf: true,
              timeoutMs: context.limits.processTimeoutMs,
            });
            await fs.rm(imagePath, { force: true });
            totalMs += result.durationMs;
            const pdf = result.pdf ? await context.blobs.put(result.pdf) : null;
            const words: PageWordRecord[] = result.words.map((word) => ({
              t: word.text,
              c: Math.round(word.confidence),
              b: [word.box.left, word.box.top, word.box.width, word.box.height],
              l: word.line,
            }));
            await context.db
              .updateTable('document_pages')
              .set({
                text: result.text,
                text_source: 'ocr',
                words: JSON.stringify(words),
                ocr_confidence: result.meanConfidence,
                ocr_pdf_key: pdf?.key ?? null,
                ocr_engine: result.engine,
                ocr_ms: Math.round(result.durationMs),
                ocr_at: sql<Date>`now()`,
              })
              .where('document_id', '=', document.id)
              .where('page_no', '=', page.page_no)
              .execute();
          }),
        ),
      );
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
    return { result: { recognisedPages: pending.length, ocrMs: Math.round(totalMs) } };
  },
};
