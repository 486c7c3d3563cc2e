import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { genesisHash, hashAuditEntry } from './audit.hash.ts';

export type AuditBreakReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_entries';

export interface AuditBreak {
  seq: number;
  reason: AuditBreakReason;
  message: string;
  action: string | null;
  at: string | null;
}

export interface TenantChainReport {
  tenantId: string;
  entries: number;
  lastSeq: number;
  lastHash: string;
  ok: boolean;
  /** The first entry where the chain does not hold; later entries are not judged (they chain on a broken link). */
  firstBroken: AuditBreak | null;
}

export interface AuditVerifyReport {
  ok: boolean;
  tenants: TenantChainReport[];
}

const batchSize = 2000;

async function verifyTenant(db: Kysely<Database>, tenantId: string): Promise<TenantChainReport> {
  let expectedSeq = 1;
  let prevHash = genesisHash;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const at = row.at.toISOString();
      const broken = (reason: AuditBreakReason, message: string): TenantChainReport => ({
        tenantId,
        entries,
        lastSeq: expectedSeq - 1,
        lastHash: prevHash,
        ok: false,
        firstBroken: { seq: reason === 'missing_entries' ? expectedSeq : row.seq, reason, message, action: row.action, at },
      });
      if (row.seq !== expectedSeq) {
        return broken('missing_entries', `entries ${expectedSeq}..${row.seq - 1} are missing (deleted); next present entry is #${row.seq}`);
      }
      if (row.prev_hash !== prevHash) {
        return broken('prev_hash_mismatch', `entry #${row.seq} (${row.action}) does not chain on entry #${row.seq - 1}: prev_hash differs`);
      }
      const recomputed = hashAuditEntry(prevHash, {
        tenantId: row.tenant_id,
        seq: row.seq,
        at: row.at,
        actorId: row.actor_id,
        actorName: row.actor_name,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        details: row.details,
      });
      if (recomputed !== row.hash) {
        return broken('hash_mismatch', `entry #${row.seq} (${row.action}, ${at}) was altered: its content no longer matches its hash`);
      }
      entries += 1;
      expectedSeq += 1;
      prevHash = row.hash;
    }
    if (rows.length < batchSize) break;
  }
  return { tenantId, entries, lastSeq: expectedSeq - 1, lastHash: prevHash, ok: true, firstBroken: null };
}

/** Recomputes every tenant's chain (or one tenant's) and names the first broken entry. */
export async function verifyAuditChain(deps: { db: Kysely<Database> }, options: { tenantId?: string } = {}): Promise<AuditVerifyReport> {
  const tenantIds = options.tenantId
    ? [options.tenantId]
    : (await deps.db.selectFrom('audit_events').select('tenant_id').distinct().orderBy('tenant_id').execute()).map((row) => row.tenant_id);
  const tenants: TenantChainReport[] = [];
  for (const tenantId of tenantIds) tenants.push(await verifyTenant(deps.db, tenantId));
  return { ok: tenants.every((tenant) => tenant.ok), tenants };
}
