import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';

export interface AuditListFilters {
  tenantId: string;
  action?: string | undefined;
  actorId?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset paging: entries with seq below this (newest first). */
  beforeSeq?: number | undefined;
  limit?: number | undefined;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  events: AuditEntryView[];
  /** Pass as beforeSeq for the next (older) page; null when this was the last. */
  nextBeforeSeq: number | null;
}

/** One tenant's entries, newest first, filtered; for auditors (API and CLI). */
export async function listAuditEvents(deps: { db: Kysely<Database> }, filters: AuditListFilters): Promise<AuditPage> {
  const limit = Math.min(Math.max(filters.limit ?? 100, 1), 1000);
  let query = deps.db.selectFrom('audit_events').selectAll().where('tenant_id', '=', filters.tenantId);
  if (filters.action) query = query.where('action', '=', filters.action);
  if (filters.actorId) query = query.where('actor_id', '=', filters.actorId);
  if (filters.subjectType) query = query.where('subject_type', '=', filters.subjectType);
  if (filters.subjectId) query = query.where('subject_id', '=', filters.subjectId);
  if (filters.from) query = query.where('at', '>=', filters.from);
  if (filters.to) query = query.where('at', '<', filters.to);
  if (filters.beforeSeq !== undefined) query = query.where('seq', '<', filters.beforeSeq);
  const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    events: page.map((row) => ({
      seq: row.seq,
      at: row.at.toISOString(),
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      details: row.details,
      prevHash: row.prev_hash,
      hash: row.hash,
    })),
    nextBeforeSeq: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
  };
}
