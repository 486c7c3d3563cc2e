import { sql, type Kysely } from 'kysely';

/**
 * Search at scale (docs/decisions/0005-search-at-scale.md): saved searches per
 * user, and the indexes that keep filtered search at a million documents an
 * index scan in received_at order (newest first, stop after the page) instead
 * of a sort over every document of a type or queue.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table saved_searches (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      user_id text not null,
      name text not null,
      query jsonb not null default '{}',
      created_at timestamptz not null default now(),
      constraint saved_searches_name_length check (char_length(name) between 1 and 200)
    )`.execute(db);
  await sql`create index saved_searches_owner on saved_searches (tenant_id, user_id, created_at)`.execute(db);

  // Filter by type or queue, newest first: the index order is the result order.
  await sql`create index documents_tenant_type_received on documents (tenant_id, request_type, received_at desc)`.execute(db);
  await sql`create index documents_tenant_queue_received on documents (tenant_id, queue, received_at desc)`.execute(db);
  // (tenant_id, request_type) is a prefix of the new index: one index less to maintain on every insert.
  await sql`drop index if exists documents_tenant_type`.execute(db);
  // The full-text index takes new rows into its pending list and merges them in bulk; a larger
  // list means fewer, cheaper merges while documents stream in (searches scan the list too, so not huge).
  await sql`alter index documents_search set (fastupdate = on, gin_pending_list_limit = 16384)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter index documents_search reset (fastupdate, gin_pending_list_limit)`.execute(db);
  await sql`create index if not exists documents_tenant_type on documents (tenant_id, request_type)`.execute(db);
  await sql`drop index if exists documents_tenant_queue_received`.execute(db);
  await sql`drop index if exists documents_tenant_type_received`.execute(db);
  await sql`drop table if exists saved_searches`.execute(db);
}
