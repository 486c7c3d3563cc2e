import { sql, type Kysely } from 'kysely';

/**
 * Audit trail, archive renditions and legal holds.
 *
 * audit_events is append-only: a trigger rejects every UPDATE, DELETE and
 * TRUNCATE, so even a bug (or an operator with the application's role) cannot
 * rewrite history without first disabling the trigger, which the hash chain
 * then exposes: each entry's hash covers the previous entry's hash and the
 * entry itself (src/modules/audit/audit.hash.ts), chained per tenant by seq.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_events (
      tenant_id text not null references tenants(id),
      seq bigint not null,
      at timestamptz not null,
      actor_id text,
      actor_name text not null,
      action text not null,
      subject_type text not null,
      subject_id text,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null,
      primary key (tenant_id, seq),
      constraint audit_events_seq_positive check (seq > 0)
    )`.execute(db);
  await sql`create index audit_events_subject on audit_events (tenant_id, subject_type, subject_id)`.execute(db);
  await sql`create index audit_events_at on audit_events (tenant_id, at)`.execute(db);
  await sql`create index audit_events_actor on audit_events (tenant_id, actor_id) where actor_id is not null`.execute(db);

  await sql`
    create or replace function pst_audit_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_events is append-only (% rejected)', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_events_no_change before update or delete on audit_events
    for each row execute function pst_audit_append_only()`.execute(db);
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function pst_audit_append_only()`.execute(db);

  // The archived rendition (PDF/A-2b) of a document, with the hashes that tie it to its original.
  await sql`
    create table archive_renditions (
      document_id uuid primary key references documents(id) on delete cascade,
      tenant_id text not null references tenants(id),
      format text not null,
      blob_key text not null,
      original_sha256 text not null,
      sha256 text not null,
      size_bytes bigint not null,
      converter text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index archive_renditions_tenant on archive_renditions (tenant_id, created_at)`.execute(db);
  await sql`create index archive_renditions_blob on archive_renditions (blob_key)`.execute(db);

  // Legal holds: history kept; a document is held while one of its holds is not released.
  await sql`
    create table legal_holds (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      document_id uuid not null references documents(id) on delete restrict,
      reason text not null,
      set_by text not null,
      set_at timestamptz not null default now(),
      released_by text,
      released_at timestamptz,
      release_reason text
    )`.execute(db);
  await sql`create index legal_holds_active on legal_holds (tenant_id, document_id) where released_at is null`.execute(db);
  await sql`create index legal_holds_document on legal_holds (document_id)`.execute(db);

  // Deleting a document frees its blobs only when no other row still names them (content-addressed: shared bytes).
  await sql`create index if not exists documents_original_key on documents (original_key)`.execute(db);
  await sql`create index if not exists documents_pdf_key on documents (pdf_key) where pdf_key is not null`.execute(db);
  await sql`create index if not exists document_pages_image_key on document_pages (image_key)`.execute(db);
  await sql`create index if not exists document_pages_ocr_pdf_key on document_pages (ocr_pdf_key) where ocr_pdf_key is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['documents_original_key', 'documents_pdf_key', 'document_pages_image_key', 'document_pages_ocr_pdf_key']) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
  await sql`drop table if exists legal_holds`.execute(db);
  await sql`drop table if exists archive_renditions`.execute(db);
  await sql`drop table if exists audit_events`.execute(db);
  await sql`drop function if exists pst_audit_append_only()`.execute(db);
}
