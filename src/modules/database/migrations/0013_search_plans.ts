import { sql, type Kysely } from 'kysely';

/**
 * Search at a million documents (docs/decisions/0005-search-at-scale.md, "Plans at a million"):
 *
 * - The search service picks a query's plan from the planner's estimate of its
 *   matches, and the estimate for a word comes from the most-common-lexeme
 *   statistics of `search_vector`. With the default statistics target (100:
 *   ~1 000 lexemes from a 30 000-row sample) surnames, street names and other
 *   mid-frequency words fall off the list and are estimated far off in either
 *   direction; a target of 500 keeps ~5 000 lexemes from a 150 000-row sample.
 * - Filters, totals and facets without a search text read (tenant, received_at)
 *   ranges and the facet columns: one covering index answers them by an
 *   index-only scan instead of visiting every row of a date range in the table.
 *   It replaces documents_tenant_received (same key columns, so the newest-first
 *   scans that used it use this one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents alter column search_vector set statistics 500`.execute(db);
  await sql`
    create index documents_tenant_received_facets on documents (tenant_id, received_at desc)
    include (status, channel, request_type, queue)`.execute(db);
  await sql`drop index if exists documents_tenant_received`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists documents_tenant_received on documents (tenant_id, received_at desc)`.execute(db);
  await sql`drop index if exists documents_tenant_received_facets`.execute(db);
  await sql`alter table documents alter column search_vector set statistics -1`.execute(db);
}
