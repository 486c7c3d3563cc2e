import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.ts';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import { archiveFormat, convertToPdfA } from './pdfa.converter.ts';
import { inspectPdfA } from './pdfa.inspector.ts';

export interface ArchiveRendition {
  documentId: string;
  format: string;
  blobKey: string;
  originalSha256: string;
  sha256: string;
  sizeBytes: number;
  converter: string;
}

export interface ArchivePendingReport {
  archived: ArchiveRendition[];
  failed: Array<{ documentId: string; code: string; message: string }>;
}

export interface ArchiveService {
  /** Converts the document's searchable PDF (or its PDF original) to PDF/A-2b, checks it, stores it with both sha256 sums. */
  archiveDocument(tenantId: string, documentId: string): Promise<ArchiveRendition>;
  /** Archives finished documents that have no rendition yet, oldest first. */
  archivePending(options: { tenantId?: string | undefined; limit: number }): Promise<ArchivePendingReport>;
  rendition(tenantId: string, documentId: string): Promise<ArchiveRendition | null>;
}

/** Statuses whose documents are archived: processed letters, not quarantine, failures or duplicates (their first copy is archived). */
const archivedStatuses = ['routed', 'needs_review'] as const;

export function createArchiveService(deps: { db: Kysely<Database>; blobs: BlobStore; audit: AuditLog; timeoutMs?: number }): ArchiveService {
  const { db, blobs, audit } = deps;
  const toRendition = (row: { document_id: string; format: string; blob_key: string; original_sha256: string; sha256: string; size_bytes: number; converter: string }): ArchiveRendition => ({
    documentId: row.document_id,
    format: row.format,
    blobKey: row.blob_key,
    originalSha256: row.original_sha256,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    converter: row.converter,
  });

  const service: ArchiveService = {
    async archiveDocument(tenantId, documentId) {
      const document = await db.selectFrom('documents').select(['id', 'sha256', 'pdf_key', 'original_key', 'format', 'mime_type']).where('id', '=', documentId).where('tenant_id', '=', tenantId).executeTakeFirst();
      if (!document) throw createError({ code: 'documents.not_found', message: `document ${documentId} not found`, statusCode: 404 });
      const sourceKey = document.pdf_key ?? (document.format === 'pdf' || document.mime_type === 'application/pdf' ? document.original_key : null);
      if (!sourceKey) throw createError({ code: 'archive.no_pdf', message: `document ${documentId} has no PDF to archive yet`, statusCode: 409 });
      const conversion = await convertToPdfA(await blobs.get(sourceKey), { timeoutMs: deps.timeoutMs ?? 120_000 });
      const inspection = await inspectPdfA(conversion.pdf);
      if (inspection.problems.length > 0) {
        throw createError({ code: 'archive.not_pdfa', message: `the ${archiveFormat} rendition of ${documentId} fails the structural check: ${inspection.problems.join('; ')}` });
      }
      const stored = await blobs.put(conversion.pdf);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('archive_renditions')
          .values({ document_id: documentId, tenant_id: tenantId, format: archiveFormat, blob_key: stored.key, original_sha256: document.sha256, sha256: stored.sha256, size_bytes: stored.sizeBytes, converter: conversion.converter })
          .onConflict((conflict) => conflict.column('document_id').doNothing())
          .returningAll()
          .executeTakeFirst();
        // Another worker archived it meanwhile: keep theirs (same source, same audit entry once).
        if (!row) {
          const existing = await trx.selectFrom('archive_renditions').selectAll().where('document_id', '=', documentId).executeTakeFirstOrThrow();
          return toRendition(existing);
        }
        await audit.record(
          { tenantId, actorId: null, actorName: 'archive', action: 'document.archive', subjectType: 'document', subjectId: documentId, details: { format: archiveFormat, sha256: stored.sha256, originalSha256: document.sha256 } },
          trx,
        );
        return toRendition(row);
      });
    },

    async archivePending({ tenantId, limit }) {
      let query = db
        .selectFrom('documents as d')
        .leftJoin('archive_renditions as r', 'r.document_id', 'd.id')
        .select(['d.id', 'd.tenant_id'])
        .where('r.document_id', 'is', null)
        .where('d.status', 'in', [...archivedStatuses])
        .where((eb) => eb.or([eb('d.pdf_key', 'is not', null), eb('d.format', '=', 'pdf')]));
      if (tenantId) query = query.where('d.tenant_id', '=', tenantId);
      const pending = await query.orderBy('d.received_at').limit(limit).execute();
      const report: ArchivePendingReport = { archived: [], failed: [] };
      for (const document of pending) {
        try {
          report.archived.push(await service.archiveDocument(document.tenant_id, document.id));
        } catch (error) {
          const code = error instanceof Error && 'code' in error ? String(error.code) : 'archive.failed';
          report.failed.push({ documentId: document.id, code, message: error instanceof Error ? error.message : String(error) });
        }
      }
      return report;
    },

    async rendition(tenantId, documentId) {
      const row = await db.selectFrom('archive_renditions').selectAll().where('document_id', '=', documentId).where('tenant_id', '=', tenantId).executeTakeFirst();
      return row ? toRendition(row) : null;
    },
  };
  return service;
}
