import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.ts';
import type { Database } from '../database/database.types.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import { deleteDocuments, type DeletionOutcome } from './document-deletion.ts';
import type { HoldActor } from './legal-hold.service.ts';

export interface ErasureRequest {
  tenantId: string;
  customerNumber: string;
  actor: HoldActor;
  dryRun: boolean;
  /** The data subject's request (ticket or letter id), kept in the audit trail. */
  requestReference?: string | undefined;
}

export interface ErasureReport extends DeletionOutcome {
  dryRun: boolean;
  customerNumber: string;
  /** Letters only suggested for this customer (not assigned): not erased, for a person to review. */
  suggestedNotErased: string[];
}

/**
 * GDPR Art. 17 erasure of one customer's documents: every document assigned
 * to the customer, with its copies (duplicates of the same bytes), unless a
 * legal hold keeps it (Art. 17 (3) e). One 'document.erase' audit entry per
 * document; the search index and the blobs go with them.
 */
export async function eraseCustomerDocuments(deps: { db: Kysely<Database>; blobs: BlobStore; audit: AuditLog }, request: ErasureRequest): Promise<ErasureReport> {
  const { db } = deps;
  const assigned = await db.selectFrom('documents').select('id').where('tenant_id', '=', request.tenantId).where('customer_number', '=', request.customerNumber).execute();
  const ids = new Set(assigned.map((row) => row.id));
  // Copies of an erased letter carry the same personal data.
  for (let frontier = [...ids]; frontier.length > 0; ) {
    const copies = await db.selectFrom('documents').select('id').where('tenant_id', '=', request.tenantId).where('duplicate_of', 'in', frontier).execute();
    frontier = copies.map((row) => row.id).filter((id) => !ids.has(id));
    for (const id of frontier) ids.add(id);
  }
  const suggested = await db
    .selectFrom('documents')
    .select('id')
    .where('tenant_id', '=', request.tenantId)
    .where('suggested_customer_number', '=', request.customerNumber)
    .where((eb) => eb.or([eb('customer_number', 'is', null), eb('customer_number', '<>', request.customerNumber)]))
    .execute();
  const outcome = await deleteDocuments(deps, {
    tenantId: request.tenantId,
    documentIds: [...ids],
    action: 'document.erase',
    actor: request.actor,
    dryRun: request.dryRun,
    details: (document) => ({ reason: 'gdpr_erasure', customerNumber: request.customerNumber, sha256: document.sha256, ...(request.requestReference ? { request: request.requestReference } : {}) }),
  });
  return { ...outcome, dryRun: request.dryRun, customerNumber: request.customerNumber, suggestedNotErased: suggested.map((row) => row.id).filter((id) => !ids.has(id)) };
}
