import { sql, type Kysely } from 'kysely';

/**
 * Foundation schema. Every table carries tenant_id from the start: one
 * installation serves several client companies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  // Folding for search: umlauts and their two-letter spellings, accents and ß
  // all collapse to one form, so Müller = Mueller = Muller and Straße = Strasse.
  // Applied to documents and queries alike, so the conflation is symmetric.
  await sql`
    create or replace function pst_fold(input text) returns text
    language sql immutable strict parallel safe as $$
      select replace(replace(replace(replace(
        translate(lower(input), 'äöüàáâãåèéêëìíîïòóôõùúûñç', 'aouaaaaaeeeeiiiioooouuunc'),
        'ß', 'ss'), 'ae', 'a'), 'oe', 'o'), 'ue', 'u')
    $$`.execute(db);

  await sql`
    create table tenants (
      id text primary key,
      tenant_id text generated always as (id) stored,
      name text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`insert into tenants (id, name) values ('default', 'Default tenant')`.execute(db);

  await sql`
    create table ingest_runs (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      hostname text not null,
      pid integer not null,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);

  await sql`
    create table documents (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      sha256 text not null,
      original_key text not null,
      original_name text,
      source text not null,
      size_bytes bigint not null,
      format text,
      mime_type text,
      channel text not null,
      batch_index integer not null default 0,
      received_at timestamptz not null,
      ingest_run_id uuid references ingest_runs(id),
      status text not null default 'received',
      duplicate_of uuid references documents(id),
      page_count integer,
      text text,
      text_source text,
      ocr_confidence real,
      pdf_key text,
      search_vector tsvector,
      request_type text,
      request_type_confidence real,
      secondary_request_types text[] not null default '{}',
      fields jsonb not null default '{}',
      customer_number text,
      match_status text,
      match_confidence real,
      queue text,
      error_code text,
      error_message text,
      warnings jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz,
      constraint documents_status_check check (status in ('received','processing','routed','needs_review','quarantined','duplicate','failed'))
    )`.execute(db);
  // The same content is one document per tenant; later receipts are linked as duplicates.
  await sql`create unique index documents_first_copy on documents (tenant_id, sha256, batch_index) where duplicate_of is null and size_bytes > 0`.execute(db);
  await sql`create index documents_tenant_received on documents (tenant_id, received_at desc)`.execute(db);
  await sql`create index documents_tenant_status on documents (tenant_id, status)`.execute(db);
  await sql`create index documents_search on documents using gin (search_vector)`.execute(db);
  await sql`create index documents_customer on documents (tenant_id, customer_number) where customer_number is not null`.execute(db);

  await sql`
    create table document_pages (
      document_id uuid not null references documents(id) on delete cascade,
      page_no integer not null,
      tenant_id text not null references tenants(id),
      image_key text not null,
      width integer not null,
      height integer not null,
      dpi integer not null,
      text text,
      text_source text,
      words jsonb,
      ocr_confidence real,
      ocr_pdf_key text,
      ocr_engine text,
      ocr_ms integer,
      ocr_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (document_id, page_no)
    )`.execute(db);

  await sql`
    create table document_steps (
      document_id uuid not null references documents(id) on delete cascade,
      step text not null,
      tenant_id text not null references tenants(id),
      status text not null,
      attempts integer not null default 0,
      job_id text,
      worker_host text,
      worker_pid integer,
      started_at timestamptz,
      finished_at timestamptz,
      duration_ms integer,
      result jsonb,
      error text,
      primary key (document_id, step)
    )`.execute(db);
  await sql`create index document_steps_running on document_steps (worker_host, status) where status = 'running'`.execute(db);

  // Vocabulary of indexed lexemes for typo-tolerant search (trigram similarity).
  await sql`
    create table search_lexemes (
      tenant_id text not null references tenants(id),
      lexeme text not null,
      primary key (tenant_id, lexeme)
    )`.execute(db);
  await sql`create index search_lexemes_trgm on search_lexemes using gin (lexeme gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['search_lexemes', 'document_steps', 'document_pages', 'documents', 'ingest_runs', 'tenants']) {
    await sql`drop table if exists ${sql.table(table)} cascade`.execute(db);
  }
  await sql`drop function if exists pst_fold(text)`.execute(db);
}
