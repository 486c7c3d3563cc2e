import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';

/** Who did it: a user or API token, or null for the system (pipeline). */
export interface Actor {
  id: string;
  displayName: string;
}

export const systemActor = null;

export type DocumentEventAction =
  | 'routed'
  | 'claimed'
  | 'released'
  | 'assigned'
  | 'forwarded'
  | 'closed'
  | 'reopened'
  | 'corrected'
  | 'rerouted'
  | 'uploaded';

export interface DocumentEventInput {
  tenantId: string;
  documentId: string;
  actor: Actor | null;
  action: DocumentEventAction;
  details?: Record<string, unknown>;
}

/** A document's history: every change, appended in the transaction that makes it. */
export async function recordDocumentEvent(executor: Kysely<Database>, event: DocumentEventInput): Promise<void> {
  await executor
    .insertInto('document_events')
    .values({
      tenant_id: event.tenantId,
      document_id: event.documentId,
      actor_id: event.actor?.id ?? null,
      actor_name: event.actor?.displayName ?? null,
      action: event.action,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

export interface HistoryEntry {
  at: string;
  actor: Actor | null;
  action: string;
  details: Record<string, unknown>;
}

/** The document's history; another tenant's (or an unknown) document is not found, as on every document route. */
export async function documentHistory(db: Kysely<Database>, tenantId: string, documentId: string): Promise<HistoryEntry[]> {
  const document = await db.selectFrom('documents').select('id').where('tenant_id', '=', tenantId).where('id', '=', documentId).executeTakeFirst();
  if (!document) throw createError({ code: 'documents.not_found', message: `document ${documentId} not found`, statusCode: 404 });
  const rows = await db
    .selectFrom('document_events')
    .select(['at', 'actor_id', 'actor_name', 'action', 'details'])
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    actor: row.actor_id ? { id: row.actor_id, displayName: row.actor_name ?? row.actor_id } : null,
    action: row.action,
    details: row.details,
  }));
}
