import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.ts';
import type { Database } from '../database/database.types.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import { deleteDocuments, type DeletionOutcome } from './document-deletion.ts';
import { retainUntilSql, type RetentionRules } from './retention.rules.ts';

export interface RetentionRunOptions {
  rules: RetentionRules;
  /** Only this tenant; all tenants when absent. */
  tenantId?: string | undefined;
  dryRun: boolean;
  /** The instant retention is judged at (default: now). */
  now?: Date;
  /** At most this many documents per run (default 10 000), so one run stays bounded. */
  limit?: number;
}

export interface RetentionTenantReport {
  tenantId: string;
  expired: number;
  /** Expired but kept under a legal hold. */
  held: number;
  outcome: DeletionOutcome;
}

export interface RetentionReport {
  dryRun: boolean;
  now: string;
  tenants: RetentionTenantReport[];
  deleted: number;
  skipped: number;
}

const finalStatuses = ['routed', 'needs_review', 'quarantined', 'duplicate', 'failed'] as const;

/**
 * The deletion job: documents whose retention period has passed (per request
 * type, from received_at) and that no legal hold keeps are deleted with their
 * blobs, one audit entry per document ('document.delete', reason retention).
 */
export async function runRetention(deps: { db: Kysely<Database>; blobs: BlobStore; audit: AuditLog }, options: RetentionRunOptions): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const retainUntil = retainUntilSql(options.rules);
  const expired = await sql<{ id: string; tenant_id: string; retain_until: Date; held: boolean }>`
    select d.id, d.tenant_id, ${retainUntil} as retain_until,
      exists (select 1 from legal_holds h where h.document_id = d.id and h.released_at is null) as held
    from documents d
    where d.status = any(${[...finalStatuses]}::text[])
      and ${retainUntil} <= ${now}
      ${options.tenantId ? sql`and d.tenant_id = ${options.tenantId}` : sql``}
    order by d.tenant_id, d.received_at, d.id
    limit ${options.limit ?? 10_000}`.execute(deps.db);

  const byTenant = new Map<string, typeof expired.rows>();
  for (const row of expired.rows) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row]);
  const tenants: RetentionTenantReport[] = [];
  for (const [tenantId, rows] of byTenant) {
    const retainUntilById = new Map(rows.map((row) => [row.id, row.retain_until.toISOString()]));
    const deletable = rows.filter((row) => !row.held).map((row) => row.id);
    const outcome = await deleteDocuments(deps, {
      tenantId,
      documentIds: deletable,
      action: 'document.delete',
      actor: { id: null, name: 'retention' },
      dryRun: options.dryRun,
      details: (document) => ({ reason: 'retention', requestType: document.requestType, receivedAt: document.receivedAt, retainUntil: retainUntilById.get(document.id) ?? null, sha256: document.sha256 }),
    });
    tenants.push({ tenantId, expired: rows.length, held: rows.length - deletable.length, outcome });
  }
  return {
    dryRun: options.dryRun,
    now: now.toISOString(),
    tenants,
    deleted: tenants.reduce((sum, tenant) => sum + tenant.outcome.deleted.length, 0),
    skipped: tenants.reduce((sum, tenant) => sum + tenant.outcome.skipped.length + tenant.held, 0),
  };
}

/** A document's retain-until instant under the rules (for display, API and tests). */
export async function retainUntilOf(db: Kysely<Database>, rules: RetentionRules, documentId: string): Promise<Date | null> {
  const row = await sql<{ retain_until: Date }>`select ${retainUntilSql(rules)} as retain_until from documents d where d.id = ${documentId}`.execute(db);
  return row.rows[0]?.retain_until ?? null;
}
