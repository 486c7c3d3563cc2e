import type { Kysely } from 'kysely';
import type { Database, DocumentRow } from '../database/database.types.ts';
import { finalStatuses } from '../pipeline/pipeline.runner.ts';
import { createError } from '../shared/errors.ts';

export function createDocumentsRepository({ db }: { db: Kysely<Database> }) {
  return {
    async getById(tenantId: string, id: string): Promise<DocumentRow> {
      const document = await db.selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!document) throw createError({ code: 'documents.not_found', message: `document ${id} not found`, statusCode: 404 });
      return document;
    },

    async listRecent(tenantId: string, options: { status?: string; limit: number }) {
      let query = db
        .selectFrom('documents')
        .select(['id', 'source', 'status', 'channel', 'page_count', 'received_at', 'request_type', 'error_code'])
        .where('tenant_id', '=', tenantId);
      if (options.status) query = query.where('status', '=', options.status as DocumentRow['status']);
      return query.orderBy('received_at', 'desc').limit(options.limit).execute();
    },

    async getManyByIds(ids: readonly string[]): Promise<DocumentRow[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('documents').selectAll().where('id', 'in', ids).execute();
    },

    async listPages(tenantId: string, documentId: string) {
      return db
        .selectFrom('document_pages')
        .select(['page_no', 'image_key', 'width', 'height', 'dpi', 'text_source', 'ocr_confidence', 'ocr_engine', 'ocr_ms'])
        .where('tenant_id', '=', tenantId)
        .where('document_id', '=', documentId)
        .orderBy('page_no')
        .execute();
    },

    async getPage(tenantId: string, documentId: string, pageNo: number) {
      const page = await db
        .selectFrom('document_pages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('document_id', '=', documentId)
        .where('page_no', '=', pageNo)
        .executeTakeFirst();
      if (!page) throw createError({ code: 'documents.page_not_found', message: `page ${pageNo} of document ${documentId} not found`, statusCode: 404 });
      return page;
    },

    async listSteps(documentId: string) {
      return db
        .selectFrom('document_steps')
        .select(['step', 'status', 'attempts', 'started_at', 'finished_at', 'duration_ms', 'result', 'error'])
        .where('document_id', '=', documentId)
        .orderBy('started_at')
        .execute();
    },

    /** Documents split off the given batch files at separator sheets (batch_index 1, 2, …), in batch order. */
    async listBatchChildren(parentIds: readonly string[]): Promise<DocumentRow[]> {
      if (parentIds.length === 0) return [];
      return db.selectFrom('documents').selectAll().where('batch_parent_id', 'in', parentIds).orderBy('batch_parent_id').orderBy('batch_index').execute();
    },

    /** Waits until every given document has a final status (polling; works across processes). */
    async waitUntilFinal(ids: readonly string[], onFinal: (document: DocumentRow) => void, pollMs = 250): Promise<void> {
      const pending = new Set(ids);
      while (pending.size > 0) {
        const rows = await db.selectFrom('documents').selectAll().where('id', 'in', [...pending]).execute();
        for (const row of rows) {
          if (finalStatuses.includes(row.status)) {
            pending.delete(row.id);
            onFinal(row);
          }
        }
        if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;
