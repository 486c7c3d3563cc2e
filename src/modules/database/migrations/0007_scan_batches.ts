import { sql, type Kysely } from 'kysely';

/**
 * Scanner batches and the hot folder.
 *
 * - A batch file split at separator sheets becomes several documents: the
 *   original row keeps batch_index 0, each further document points at it with
 *   batch_parent_id; (batch_parent_id, batch_index) is unique, so a re-run of
 *   the split step cannot create a child twice.
 * - batch_pages records what became of every page of a batch file (content,
 *   separator, blank) — the audit trail of the split and the marker that it ran.
 * - scan_batches keeps the scan station's manifest; documents carry the batch
 *   id and the physical archive box they are filed in.
 * - hotfolder_files claims a file (folder, path, sha256) before it is taken,
 *   so a watcher that crashes resumes instead of losing or repeating it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents add column batch_parent_id uuid references documents(id) on delete cascade`.execute(db);
  await sql`alter table documents add column scan_batch_id text`.execute(db);
  await sql`alter table documents add column archive_box_id text`.execute(db);
  await sql`create unique index documents_batch_child on documents (batch_parent_id, batch_index) where batch_parent_id is not null`.execute(db);
  await sql`create index documents_archive_box on documents (tenant_id, archive_box_id) where archive_box_id is not null`.execute(db);
  await sql`create index documents_scan_batch on documents (tenant_id, scan_batch_id) where scan_batch_id is not null`.execute(db);

  // Page number in the original file (a split-off document renumbers its pages from 1).
  await sql`alter table document_pages add column source_page_no integer`.execute(db);

  await sql`
    create table batch_pages (
      document_id uuid not null references documents(id) on delete cascade,
      source_page_no integer not null,
      tenant_id text not null references tenants(id),
      role text not null,
      batch_index integer,
      image_key text not null,
      detail jsonb not null default '{}',
      created_at timestamptz not null default now(),
      primary key (document_id, source_page_no),
      constraint batch_pages_role_check check (role in ('content', 'separator', 'blank'))
    )`.execute(db);

  await sql`
    create table scan_batches (
      tenant_id text not null references tenants(id),
      batch_id text not null,
      station text,
      box_id text,
      channel text,
      scan_date timestamptz,
      received_at timestamptz,
      manifest jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, batch_id)
    )`.execute(db);

  await sql`
    create table hotfolder_files (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      folder text not null,
      relative_path text not null,
      sha256 text not null,
      size_bytes bigint not null,
      status text not null,
      document_id uuid references documents(id) on delete set null,
      scan_batch_id text,
      moved_to text,
      error jsonb,
      claimed_host text not null,
      claimed_pid integer not null,
      claimed_by text not null,
      claimed_at timestamptz not null default now(),
      ingested_at timestamptz,
      finished_at timestamptz,
      constraint hotfolder_files_status_check check (status in ('claimed', 'ingested', 'processing', 'done', 'failed'))
    )`.execute(db);
  // One open claim per file content at a path; a later, repeated delivery is a new row.
  await sql`create unique index hotfolder_files_open on hotfolder_files (tenant_id, folder, relative_path, sha256) where status in ('claimed', 'ingested', 'processing')`.execute(db);
  await sql`create index hotfolder_files_folder_status on hotfolder_files (folder, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists hotfolder_files`.execute(db);
  await sql`drop table if exists scan_batches`.execute(db);
  await sql`drop table if exists batch_pages`.execute(db);
  await sql`alter table document_pages drop column if exists source_page_no`.execute(db);
  await sql`drop index if exists documents_scan_batch`.execute(db);
  await sql`drop index if exists documents_archive_box`.execute(db);
  await sql`drop index if exists documents_batch_child`.execute(db);
  await sql`alter table documents drop column if exists archive_box_id`.execute(db);
  await sql`alter table documents drop column if exists scan_batch_id`.execute(db);
  await sql`alter table documents drop column if exists batch_parent_id`.execute(db);
}
