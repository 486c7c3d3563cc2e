import { sql } from 'kysely';
import type { DocumentRow } from '../../database/database.types.ts';
import { createBarcodeReader } from '../../imaging/barcode.reader.ts';
import { segmentBatch } from '../../imaging/batch.segmenter.ts';
import { createSeparatorDetector, defaultSeparatorOptions, type PageClassification } from '../../imaging/separator.detector.ts';
import { createQuarantineError } from '../../shared/errors.ts';
import type { StepContext } from '../pipeline.types.ts';

export interface SeparationSummary {
  documents: number;
  separatorPages: number;
  blankPages: number;
  /** Milliseconds spent classifying pages. */
  classifyMs: number;
}

/** Channels whose files are paper batches; e-mails (and uploads of single letters) are not cut. */
const batchChannels = new Set(['scan', 'fax', 'upload']);

/** Separator sheet barcode text (env POSTSTELLE_SEPARATOR_BARCODE, default PATCHT). */
function separatorBarcodeValue(): string {
  return process.env.POSTSTELLE_SEPARATOR_BARCODE?.trim() || defaultSeparatorOptions.barcodeValue;
}

/**
 * When the batch was already separated by an earlier attempt (its page roles
 * are recorded in the same transaction that created the child documents),
 * the split step has nothing left to do.
 */
export async function findCompletedSeparation(context: Pick<StepContext, 'db'>, document: DocumentRow): Promise<SeparationSummary | null> {
  const rows = await context.db.selectFrom('batch_pages').select(['role', 'batch_index']).where('document_id', '=', document.id).execute();
  if (rows.length === 0) return null;
  const indexes = new Set(rows.filter((row) => row.role === 'content').map((row) => row.batch_index));
  return {
    documents: indexes.size,
    separatorPages: rows.filter((row) => row.role === 'separator').length,
    blankPages: rows.filter((row) => row.role === 'blank').length,
    classifyMs: 0,
  };
}

/**
 * After the pages of a batch file are rendered: find separator sheets and
 * empty back sides and cut the file into documents. The first document stays
 * this row (batch_index 0); each further one becomes its own document (same
 * source and original, batch_index 1, 2, …) that continues the pipeline after
 * the split step on its own. Page roles, children, page moves and the
 * children's first jobs are written in one transaction: a crash leaves either
 * nothing (the step runs again) or the complete split.
 */
export async function separateBatch(context: StepContext, staleDocument: DocumentRow): Promise<SeparationSummary | null> {
  if (!batchChannels.has(staleDocument.channel) || staleDocument.batch_parent_id !== null) return null;
  // The split step has just set format and MIME type; children copy them.
  const document = await context.db.selectFrom('documents').selectAll().where('id', '=', staleDocument.id).executeTakeFirstOrThrow();
  const completed = await findCompletedSeparation(context, document);
  if (completed) return completed;
  const pages = await context.db
    .selectFrom('document_pages')
    .select(['page_no', 'image_key', 'dpi'])
    .where('document_id', '=', document.id)
    .orderBy('page_no')
    .execute();
  // A single page is a letter of its own; nothing to cut or drop.
  if (pages.length < 2) return null;

  const detector = createSeparatorDetector({
    barcodes: createBarcodeReader(),
    options: { ...defaultSeparatorOptions, barcodeValue: separatorBarcodeValue(), dropBlankPages: document.channel !== 'fax' },
  });
  const started = performance.now();
  const classifications: PageClassification[] = [];
  for (const page of pages) classifications.push(await detector.classify(await context.blobs.get(page.image_key), page.dpi));
  const classifyMs = Math.round(performance.now() - started);
  const roles = classifications.map((classification) => classification.role);
  const segments = segmentBatch(roles);
  const summary: SeparationSummary = {
    documents: segments.length,
    separatorPages: roles.filter((role) => role === 'separator').length,
    blankPages: roles.filter((role) => role === 'blank').length,
    classifyMs,
  };
  if (segments.length === 0) throw createQuarantineError('empty_file', 'every page is blank or a separator sheet');
  // Nothing to cut or drop: the document stays as it is (and is analysed again only if the step reruns).
  if (segments.length === 1 && summary.separatorPages === 0 && summary.blankPages === 0) return summary;

  const batchIndexOfPage = new Map<number, number>();
  for (const segment of segments) for (const pageNo of segment.pages) batchIndexOfPage.set(pageNo, segment.batchIndex);

  await context.db.transaction().execute(async (trx) => {
    // Plain insert: a concurrent second attempt fails here on the primary key and retries into findCompletedSeparation.
    await trx
      .insertInto('batch_pages')
      .values(
        pages.map((page, index) => ({
          document_id: document.id,
          source_page_no: page.page_no,
          tenant_id: document.tenant_id,
          role: roles[index] ?? 'content',
          batch_index: batchIndexOfPage.get(page.page_no) ?? null,
          image_key: page.image_key,
          detail: JSON.stringify(classifications[index]?.detail ?? {}),
        })),
      )
      .execute();

    // Park every page at a negative number so renumbering cannot collide with the primary key.
    await trx
      .updateTable('document_pages')
      .set({ page_no: sql<number>`-page_no`, source_page_no: sql<number>`page_no` })
      .where('document_id', '=', document.id)
      .execute();
    await trx
      .deleteFrom('document_pages')
      .where('document_id', '=', document.id)
      .where(
        'source_page_no',
        'not in',
        segments.flatMap((segment) => segment.pages),
      )
      .execute();

    for (const segment of segments) {
      let targetId = document.id;
      if (segment.batchIndex > 0) {
        const inserted = await trx
          .insertInto('documents')
          .values({
            tenant_id: document.tenant_id,
            sha256: document.sha256,
            original_key: document.original_key,
            original_name: document.original_name,
            source: document.source,
            size_bytes: document.size_bytes,
            format: document.format,
            mime_type: document.mime_type,
            channel: document.channel,
            batch_index: segment.batchIndex,
            received_at: document.received_at,
            ingest_run_id: document.ingest_run_id,
            status: 'processing',
            page_count: segment.pages.length,
            batch_parent_id: document.id,
            scan_batch_id: document.scan_batch_id,
            archive_box_id: document.archive_box_id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        targetId = inserted.id;
        await trx
          .insertInto('document_steps')
          .values({
            document_id: targetId,
            step: 'split',
            tenant_id: document.tenant_id,
            status: 'done',
            attempts: 1,
            started_at: new Date(),
            finished_at: new Date(),
            duration_ms: 0,
            result: JSON.stringify({ splitFrom: document.id, batchIndex: segment.batchIndex, pages: segment.pages.length }),
          })
          .execute();
      } else {
        await trx.updateTable('documents').set({ page_count: segment.pages.length, updated_at: sql<Date>`now()` }).where('id', '=', document.id).execute();
      }
      for (const [index, sourcePageNo] of segment.pages.entries()) {
        await trx
          .updateTable('document_pages')
          .set({ document_id: targetId, page_no: index + 1 })
          .where('document_id', '=', document.id)
          .where('page_no', '=', -sourcePageNo)
          .execute();
      }
      if (segment.batchIndex > 0) {
        if (!context.continueDocument) throw new Error('the pipeline runner must provide continueDocument to split batches');
        await context.continueDocument('split', { documentId: targetId, tenantId: document.tenant_id }, trx);
      }
    }
  });
  context.logger.info({ documentId: document.id, ...summary }, 'batch separated');
  return summary;
}
