import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBatchLetter, scanBlankBack, scanFaintPage, scanPage, scanSeparatorSheet } from '../../../scripts/fixtures/batches.ts';
import { imagesToPdf } from '../../../scripts/fixtures/pdf.writer.ts';
import { Rng } from '../../../scripts/fixtures/prng.ts';
import { rawSharp, type GrayImage } from '../../../scripts/fixtures/raster.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { limitsFrom } from '../app/app.context.ts';
import type { DocumentRow } from '../database/database.types.ts';
import { createTesseractEngine } from '../ocr/tesseract.engine.ts';
import { createRecognitionService } from '../recognition/recognition.service.ts';
import { createLogger } from '../shared/logger.ts';
import { createSemaphore } from '../shared/semaphore.ts';
import type { StepContext } from './pipeline.types.ts';
import { separateBatch } from './steps/batch-separation.ts';
import { splitPagesStep } from './steps/split-pages.step.ts';

/**
 * A scanned batch through the real pipeline (PostgreSQL, pg-boss, Tesseract):
 * letter – empty back side – Code 128 separator – its back – letter – a page
 * with a few faint lines. Kept small: three pages need OCR.
 */
describe('batch separation in the pipeline', () => {
  let app: TestApp;
  let parent: DocumentRow;
  let child: DocumentRow;
  const source = 'scans/stapel-2026-12-01.pdf';

  beforeAll(async () => {
    app = await createTestApp({ ocrConcurrency: 1 });
    await app.pipeline.startWorkers();
    const rng = new Rng(4711);
    const first = await renderBatchLetter(rng, 'Hoffmann', app.workDir);
    const second = await renderBatchLetter(rng, 'Zimmermann', app.workDir);
    const firstPage = first.pages[0] as GrayImage;
    const pages = [
      await scanPage(firstPage, rng),
      await scanBlankBack(rng, firstPage),
      await scanSeparatorSheet('code128', rng, app.workDir),
      await scanBlankBack(rng),
      await scanPage(second.pages[0] as GrayImage, rng),
      await scanFaintPage(rng, 'Zimmermann', app.workDir),
    ];
    const jpegs = await Promise.all(pages.map((page) => rawSharp(page).withDensity(300).jpeg({ quality: 80 }).toBuffer()));
    const bytes = await imagesToPdf(jpegs, new Date('2026-12-01T07:30:00Z'));
    await fs.writeFile(path.join(app.workDir, 'batch.pdf'), bytes);

    const outcome = await app.intake.ingest({ bytes, source, originalName: path.basename(source), channel: 'scan', receivedAt: new Date('2026-12-01T08:00:00Z'), tenantId: 'default', runId: null });
    await app.documents.waitUntilFinal([outcome.documentId], () => undefined);
    const children = await app.documents.listBatchChildren([outcome.documentId]);
    await app.documents.waitUntilFinal(
      children.map((row) => row.id),
      () => undefined,
    );
    [parent] = await app.documents.getManyByIds([outcome.documentId]) as [DocumentRow];
    [child] = await app.documents.getManyByIds(children.map((row) => row.id)) as [DocumentRow];
  }, 600_000);

  afterAll(async () => {
    await app?.cleanup();
  });

  it('makes two documents of one file: same source, batchIndex 0 and 1, each with only its own pages', async () => {
    expect(parent.batch_index).toBe(0);
    expect(child).toBeDefined();
    expect(child.batch_index).toBe(1);
    expect(child.batch_parent_id).toBe(parent.id);
    expect(child.source).toBe(source);
    expect(child.received_at.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(parent.page_count).toBe(1);
    expect(child.page_count).toBe(2);
    for (const document of [parent, child]) expect(['routed', 'needs_review']).toContain(document.status);
    expect(parent.text).toContain('Hoffmann');
    expect(parent.text).not.toContain('Zimmermann');
    expect(child.text).toContain('Zimmermann');
    expect(child.text).not.toContain('Hoffmann');

    const childPages = await app.documents.listPages('default', child.id);
    expect(childPages.map((page) => page.page_no)).toEqual([1, 2]);
    const sourcePages = await app.db.selectFrom('document_pages').select(['page_no', 'source_page_no']).where('document_id', '=', child.id).orderBy('page_no').execute();
    expect(sourcePages.map((page) => page.source_page_no)).toEqual([5, 6]);
    const roles = await app.db.selectFrom('batch_pages').select(['source_page_no', 'role', 'batch_index']).where('document_id', '=', parent.id).orderBy('source_page_no').execute();
    expect(roles.map((row) => row.role)).toEqual(['content', 'blank', 'separator', 'blank', 'content', 'content']);
    expect(roles.map((row) => row.batch_index)).toEqual([0, null, null, null, 1, 1]);
  });

  it('runs the rest of the pipeline for the split-off document on its own', async () => {
    const steps = await app.documents.listSteps(child.id);
    expect(steps.map((step) => step.step)).toContain('split');
    for (const name of ['ocr', 'pdf', 'index', 'recognize', 'finalize']) expect(steps.find((step) => step.step === name)?.status, name).toBe('done');
    expect(child.pdf_key).toBeTruthy();
    const pdf = await PDFDocument.load(await app.blobs.get(child.pdf_key as string));
    expect(pdf.getPageCount()).toBe(2);
    const found = await app.search.search({ tenantId: 'default', query: 'Zimmermann', limit: 10 });
    expect(found.hits.map((hit) => hit.id)).toContain(child.id);
    expect(found.hits.map((hit) => hit.id)).not.toContain(parent.id);
  });

  it('does not split twice when the split step runs again', async () => {
    const context: StepContext = {
      db: app.db,
      blobs: app.blobs,
      ocr: createTesseractEngine(),
      recognition: createRecognitionService({ db: app.db, dataDir: app.config.dataDir }),
      ocrSlots: createSemaphore(1),
      limits: limitsFrom(app.config),
      config: app.config,
      logger: createLogger('error'),
    };
    const [current] = (await app.documents.getManyByIds([parent.id])) as [DocumentRow];
    const rerun = await splitPagesStep.run(context, current);
    expect(rerun.result?.batch).toMatchObject({ documents: 2, separatorPages: 1, blankPages: 2 });
    // The separation on its own finds its recorded page roles and does nothing again.
    expect(await separateBatch(context, current)).toMatchObject({ documents: 2, separatorPages: 1, blankPages: 2 });
    const documents = await app.db.selectFrom('documents').select(['id', 'batch_index', 'page_count']).where('sha256', '=', parent.sha256).orderBy('batch_index').execute();
    expect(documents.map((row) => [row.batch_index, row.page_count])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    const parentPages = await app.documents.listPages('default', parent.id);
    expect(parentPages).toHaveLength(1);
  });
});
