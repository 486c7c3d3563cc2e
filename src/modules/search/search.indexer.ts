import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { extractIdentifierTokens } from './identifiers.ts';

/** Archive box and scan batch ids of the row itself, compacted like other identifiers. */
const filingIdentifiers = sql<string>`concat_ws(' ', lower(translate(archive_box_id, ' .-/', '')), lower(translate(scan_batch_id, ' .-/', '')))`;

/**
 * Writes a document's full-text entry: the folded German text (weight B) plus
 * compact identifiers (weight A, so an exact number hit ranks first), and adds
 * its words to the tenant's vocabulary used for typo-tolerant lookups.
 */
export async function indexDocumentText(db: Kysely<Database>, document: { id: string; tenantId: string; text: string }): Promise<{ identifiers: number; lexemes: number }> {
  const identifiers = extractIdentifierTokens(document.text).join(' ');
  await db
    .updateTable('documents')
    .set({
      text: document.text,
      // The physical archive box and scan batch (hot-folder manifest) are identifiers too: `search BOX-2026-0042`.
      search_vector: sql`setweight(to_tsvector('german', pst_fold(${document.text})), 'B') || setweight(to_tsvector('simple', ${identifiers} || ' ' || ${filingIdentifiers}), 'A')`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', document.id)
    .execute();
  // Letters only: typo tolerance is for words; numbers must match exactly.
  const inserted = await sql<{ count: number }>`
    with added as (
      insert into search_lexemes (tenant_id, lexeme)
      select ${document.tenantId}, lexeme
      from unnest(to_tsvector('german', pst_fold(${document.text}))) as entry(lexeme, positions, weights)
      where length(lexeme) between 3 and 40 and lexeme ~ '^[a-z]+$'
      order by lexeme
      on conflict do nothing
      returning 1
    ) select count(*)::int as count from added`.execute(db);
  return { identifiers: identifiers ? identifiers.split(' ').length : 0, lexemes: inserted.rows[0]?.count ?? 0 };
}
