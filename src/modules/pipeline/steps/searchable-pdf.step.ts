import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createQuarantineError } from '../../shared/errors.ts';
import { runProcess } from '../../shared/process.ts';
import type { StepDefinition } from '../pipeline.types.ts';

/**
 * The searchable PDF: original page images with the invisible OCR text. A
 * born-digital PDF already is one and is kept as it is; otherwise the per-page
 * PDFs the OCR engine wrote in the same pass are joined (pages that had a text
 * layer are taken from the original PDF).
 */
export const searchablePdfStep: StepDefinition = {
  step: 'pdf',
  concurrency: 2,
  expireInSeconds: 10 * 60,
  retryLimit: 3,
  async run(context, document) {
    const pages = await context.db
      .selectFrom('document_pages')
      .select(['page_no', 'text_source', 'ocr_pdf_key'])
      .where('document_id', '=', document.id)
      .orderBy('page_no')
      .execute();
    const allTextLayer = pages.length > 0 && pages.every((page) => page.text_source === 'text_layer');
    if (document.format === 'pdf' && allTextLayer) {
      await setPdf(document.id, document.original_key);
      return { result: { source: 'original' } };
    }

    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-pdf-'));
    try {
      let originalPath: string | null = null;
      const parts: string[] = [];
      for (const page of pages) {
        const partPath = path.join(workDir, `part-${String(page.page_no).padStart(5, '0')}.pdf`);
        if (page.ocr_pdf_key) {
          await fs.writeFile(partPath, await context.blobs.get(page.ocr_pdf_key));
        } else if (page.text_source === 'text_layer' && document.format === 'pdf') {
          if (!originalPath) {
            originalPath = path.join(workDir, 'original.pdf');
            await fs.writeFile(originalPath, await context.blobs.get(document.original_key));
          }
          await expectSuccess('pdfseparate', ['-f', String(page.page_no), '-l', String(page.page_no), originalPath, partPath]);
        } else {
          throw createQuarantineError('ocr_failed', `page ${page.page_no} has neither OCR output nor a text layer`);
        }
        parts.push(partPath);
      }
      if (parts.length === 0) throw createQuarantineError('ocr_failed', 'document has no pages');
      let resultPath = parts[0] as string;
      if (parts.length > 1) {
        resultPath = path.join(workDir, 'searchable.pdf');
        await expectSuccess('pdfunite', [...parts, resultPath]);
      }
      const stored = await context.blobs.put(await fs.readFile(resultPath));
      await setPdf(document.id, stored.key);
      return { result: { source: 'ocr', parts: parts.length, bytes: stored.sizeBytes } };
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }

    async function setPdf(documentId: string, key: string) {
      await context.db.updateTable('documents').set({ pdf_key: key, updated_at: sql<Date>`now()` }).where('id', '=', documentId).execute();
    }

    async function expectSuccess(command: string, args: string[]) {
      const result = await runProcess(command, args, { timeoutMs: context.limits.processTimeoutMs });
      if (result.exitCode !== 0) throw new Error(`${command} failed (${result.exitCode}): ${result.stderr.trim()}`);
    }
  },
};
