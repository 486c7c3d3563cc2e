import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditLog, AuditAction } from '../audit/audit.types.ts';
import type { Database, DocumentStatus } from '../database/database.types.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import type { HoldActor } from './legal-hold.service.ts';

export type SkipReason = 'legal_hold' | 'referenced' | 'in_progress' | 'not_found';

export interface DeletionCandidate {
  id: string;
  tenantId: string;
  requestType: string | null;
  receivedAt: string;
  sha256: string;
}

export interface DeletionOutcome {
  deleted: DeletionCandidate[];
  skipped: Array<{ documentId: string; reason: SkipReason; detail?: string }>;
  blobsDeleted: number;
  /** Blobs of deleted documents kept because another document still uses the same bytes. */
  blobsShared: number;
  lexemesRemoved: number;
}

export interface DeletionRequest {
  tenantId: string;
  /** Deleted together: a document pointing at another one of the set (a duplicate, a batch child) goes first. */
  documentIds: readonly string[];
  action: Extract<AuditAction, 'document.delete' | 'document.erase'>;
  actor: HoldActor;
  /** Audit details per document (identifiers only). */
  details(document: DeletionCandidate): Record<string, unknown>;
  dryRun: boolean;
}

type Attempt = { kind: 'skipped'; skip: SkipReason; detail?: string } | { kind: 'deleted'; candidate: DeletionCandidate; keys: string[] };

const inProgress: readonly DocumentStatus[] = ['received', 'processing'];

interface Schema {
  /** documents columns that reference another document and would block or cascade (not ON DELETE SET NULL). */
  selfReferences: string[];
  /** Every text column named *_key: blob keys, wherever a module keeps them. */
  keyColumns: Array<{ table: string; column: string; byDocument: 'id' | 'document_id' | null }>;
}

/** Read from the catalog, so tables added by other modules (e-mail renditions, batch pages) are covered without listing them here. */
async function readSchema(db: Kysely<Database>): Promise<Schema> {
  const references = await sql<{ column: string }>`
    select a.attname as column
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.conrelid = 'documents'::regclass and c.confrelid = 'documents'::regclass and c.confdeltype <> 'n'`.execute(db);
  const columns = await sql<{ table: string; column: string; hasDocumentId: boolean }>`
    select c.table_name as table, c.column_name as column,
      exists (select 1 from information_schema.columns d where d.table_schema = c.table_schema and d.table_name = c.table_name and d.column_name = 'document_id') as "hasDocumentId"
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() and c.data_type = 'text' and c.column_name like '%\\_key' escape '\\'
    order by 1, 2`.execute(db);
  return {
    selfReferences: references.rows.map((row) => row.column),
    keyColumns: columns.rows.map((row) => ({ table: row.table, column: row.column, byDocument: row.table === 'documents' ? 'id' : row.hasDocumentId ? 'document_id' : null })),
  };
}

async function keysOfDocument(trx: Transaction<Database>, schema: Schema, documentId: string): Promise<string[]> {
  const keys = new Set<string>();
  for (const { table, column, byDocument } of schema.keyColumns) {
    if (!byDocument) continue;
    const rows = await sql<{ key: string | null }>`select ${sql.ref(column)} as key from ${sql.table(table)} where ${sql.ref(byDocument)} = ${documentId}`.execute(trx);
    for (const row of rows.rows) if (row.key) keys.add(row.key);
  }
  return [...keys];
}

/** Keys among `keys` that some row still names. */
async function referencedKeys(db: Kysely<Database>, schema: Schema, keys: string[]): Promise<Set<string>> {
  const referenced = new Set<string>();
  if (keys.length === 0) return referenced;
  for (const { table, column } of schema.keyColumns) {
    const rows = await sql<{ key: string }>`select distinct ${sql.ref(column)} as key from ${sql.table(table)} where ${sql.ref(column)} = any(${keys}::text[])`.execute(db);
    for (const row of rows.rows) referenced.add(row.key);
  }
  return referenced;
}

async function dependentsOf(trx: Transaction<Database> | Kysely<Database>, schema: Schema, documentId: string): Promise<string[]> {
  if (schema.selfReferences.length === 0) return [];
  const conditions = sql.join(schema.selfReferences.map((column) => sql`${sql.ref(column)} = ${documentId}`), sql` or `);
  const rows = await sql<{ id: string }>`select id from documents where (${conditions}) and id <> ${documentId}`.execute(trx);
  return rows.rows.map((row) => row.id);
}

async function hasActiveHold(trx: Transaction<Database> | Kysely<Database>, documentId: string): Promise<boolean> {
  const hold = await trx.selectFrom('legal_holds').select('id').where('document_id', '=', documentId).where('released_at', 'is', null).executeTakeFirst();
  return hold !== undefined;
}

/**
 * Deletes documents for good: rows (pages, steps, renditions and every
 * table that cascades from documents), search entries, training text taken
 * from them, then their blobs unless other rows still name the same bytes.
 * Each document is one transaction with its audit entry; a legal hold, a
 * document still in the pipeline, or another document that depends on it
 * (a duplicate, a batch child outside the set) keeps it.
 */
export async function deleteDocuments(deps: { db: Kysely<Database>; blobs: BlobStore; audit: AuditLog }, request: DeletionRequest): Promise<DeletionOutcome> {
  const { db, blobs, audit } = deps;
  const schema = await readSchema(db);
  const outcome: DeletionOutcome = { deleted: [], skipped: [], blobsDeleted: 0, blobsShared: 0, lexemesRemoved: 0 };
  const members = new Set(request.documentIds);
  const pending = new Set(request.documentIds);
  const freedKeys = new Set<string>();
  const lexemes = new Set<string>();

  // Passes: a document that others of the set still point at waits until they are gone.
  for (let progress = true; progress && pending.size > 0; ) {
    progress = false;
    for (const documentId of [...pending]) {
      const result = await db.transaction().execute(async (trx): Promise<Attempt> => {
        const row = await trx
          .selectFrom('documents')
          .select(['id', 'tenant_id', 'status', 'request_type', 'received_at', 'sha256'])
          .where('id', '=', documentId)
          .where('tenant_id', '=', request.tenantId)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return { kind: 'skipped', skip: 'not_found' };
        if (inProgress.includes(row.status)) return { kind: 'skipped', skip: 'in_progress' };
        if (await hasActiveHold(trx, documentId)) return { kind: 'skipped', skip: 'legal_hold' };
        // A dry run deletes nothing, so members of the set that point here count as gone (they go first).
        const dependents = (await dependentsOf(trx, schema, documentId)).filter((id) => !(request.dryRun && members.has(id)));
        if (dependents.length > 0) return { kind: 'skipped', skip: 'referenced', detail: dependents.join(',') };
        const candidate: DeletionCandidate = { id: row.id, tenantId: row.tenant_id, requestType: row.request_type, receivedAt: row.received_at.toISOString(), sha256: row.sha256 };
        if (request.dryRun) return { kind: 'deleted', candidate, keys: [] };
        const keys = await keysOfDocument(trx, schema, documentId);
        const words = await sql<{ lexeme: string }>`
          select distinct lexeme from documents d, unnest(to_tsvector('german', pst_fold(coalesce(d.text, '')))) as entry(lexeme, positions, weights)
          where d.id = ${documentId} and length(lexeme) between 3 and 40 and lexeme ~ '^[a-z]+$'`.execute(trx);
        for (const word of words.rows) lexemes.add(word.lexeme);
        await trx.deleteFrom('training_feedback').where('document_id', '=', documentId).execute();
        await trx.deleteFrom('legal_holds').where('document_id', '=', documentId).execute();
        await trx.deleteFrom('documents').where('id', '=', documentId).execute();
        await audit.record(
          { tenantId: request.tenantId, actorId: request.actor.id, actorName: request.actor.name, action: request.action, subjectType: 'document', subjectId: documentId, details: request.details(candidate) },
          trx,
        );
        return { kind: 'deleted', candidate, keys };
      });
      if (result.kind === 'skipped') {
        // 'referenced' by a member of the set may clear in a later pass.
        const waitsForSet = result.skip === 'referenced' && (result.detail ?? '').split(',').some((id) => pending.has(id) && id !== documentId);
        if (!waitsForSet) {
          pending.delete(documentId);
          outcome.skipped.push({ documentId, reason: result.skip, ...(result.detail ? { detail: result.detail } : {}) });
        }
        continue;
      }
      pending.delete(documentId);
      progress = true;
      outcome.deleted.push(result.candidate);
      for (const key of result.keys) freedKeys.add(key);
    }
  }
  for (const documentId of pending) outcome.skipped.push({ documentId, reason: 'referenced' });

  if (!request.dryRun && freedKeys.size > 0) {
    const keys = [...freedKeys];
    const stillUsed = await referencedKeys(db, schema, keys);
    for (const key of keys) {
      if (stillUsed.has(key)) {
        outcome.blobsShared += 1;
        continue;
      }
      await blobs.delete(key);
      outcome.blobsDeleted += 1;
    }
  }
  if (!request.dryRun && lexemes.size > 0) {
    // Typo-tolerance words that no remaining document of the tenant contains (a name, a street) leave the search index too.
    const removed = await sql<{ lexeme: string }>`
      delete from search_lexemes l
      where l.tenant_id = ${request.tenantId} and l.lexeme = any(${[...lexemes]}::text[])
        and not exists (select 1 from documents d where d.tenant_id = l.tenant_id and d.search_vector @@ quote_literal(l.lexeme)::tsquery)
      returning l.lexeme`.execute(db);
    outcome.lexemesRemoved = removed.rows.length;
  }
  return outcome;
}
