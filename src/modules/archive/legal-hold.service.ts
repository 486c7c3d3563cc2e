import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.ts';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';

export interface HoldActor {
  id: string | null;
  name: string;
}

export interface LegalHold {
  id: string;
  documentId: string;
  reason: string;
  setBy: string;
  setAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
}

export interface LegalHoldService {
  /** Places a hold: the document is kept past its retention and survives erasure until every hold is released. */
  set(input: { tenantId: string; documentId: string; reason: string; actor: HoldActor }): Promise<LegalHold>;
  /** Releases every active hold of the document. */
  release(input: { tenantId: string; documentId: string; reason: string; actor: HoldActor }): Promise<number>;
  list(input: { tenantId: string; documentId?: string; activeOnly?: boolean }): Promise<LegalHold[]>;
}

const toHold = (row: { id: string; document_id: string; reason: string; set_by: string; set_at: Date; released_by: string | null; released_at: Date | null; release_reason: string | null }): LegalHold => ({
  id: row.id,
  documentId: row.document_id,
  reason: row.reason,
  setBy: row.set_by,
  setAt: row.set_at.toISOString(),
  releasedBy: row.released_by,
  releasedAt: row.released_at?.toISOString() ?? null,
  releaseReason: row.release_reason,
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createLegalHoldService(deps: { db: Kysely<Database>; audit: AuditLog }): LegalHoldService {
  const { db, audit } = deps;
  const requireReason = (reason: string) => {
    if (reason.trim().length < 3) throw createError({ code: 'archive.reason_required', message: 'a legal hold needs a reason (case, file number)', statusCode: 400 });
  };
  return {
    async set({ tenantId, documentId, reason, actor }) {
      requireReason(reason);
      if (!uuidPattern.test(documentId)) throw createError({ code: 'documents.not_found', message: `document ${documentId} not found`, statusCode: 404 });
      return db.transaction().execute(async (trx) => {
        // The row lock orders a hold against a concurrent deletion of the same document.
        const document = await trx.selectFrom('documents').select('id').where('id', '=', documentId).where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst();
        if (!document) throw createError({ code: 'documents.not_found', message: `document ${documentId} not found`, statusCode: 404 });
        const row = await trx.insertInto('legal_holds').values({ tenant_id: tenantId, document_id: documentId, reason: reason.trim(), set_by: actor.name }).returningAll().executeTakeFirstOrThrow();
        await audit.record({ tenantId, actorId: actor.id, actorName: actor.name, action: 'document.legal_hold', subjectType: 'document', subjectId: documentId, details: { hold: 'set', holdId: row.id } }, trx);
        return toHold(row);
      });
    },

    async release({ tenantId, documentId, reason, actor }) {
      requireReason(reason);
      return db.transaction().execute(async (trx) => {
        const released = await trx
          .updateTable('legal_holds')
          .set({ released_at: new Date(), released_by: actor.name, release_reason: reason.trim() })
          .where('tenant_id', '=', tenantId)
          .where('document_id', '=', documentId)
          .where('released_at', 'is', null)
          .returning('id')
          .execute();
        if (released.length > 0) {
          await audit.record({ tenantId, actorId: actor.id, actorName: actor.name, action: 'document.legal_hold', subjectType: 'document', subjectId: documentId, details: { hold: 'released', holdIds: released.map((row) => row.id) } }, trx);
        }
        return released.length;
      });
    },

    async list({ tenantId, documentId, activeOnly }) {
      let query = db.selectFrom('legal_holds').selectAll().where('tenant_id', '=', tenantId);
      if (documentId) query = query.where('document_id', '=', documentId);
      if (activeOnly) query = query.where('released_at', 'is', null);
      return (await query.orderBy('set_at').execute()).map(toHold);
    },
  };
}
