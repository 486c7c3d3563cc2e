import { sql, type Kysely } from 'kysely';

/**
 * Recognition results beyond the contract's columns (probabilities, match
 * candidates and explanation, extraction evidence), and agents' corrections
 * kept as training feedback.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents add column recognition jsonb`.execute(db);
  await sql`alter table documents add column suggested_customer_number text`.execute(db);
  await sql`create index documents_tenant_queue on documents (tenant_id, queue, status)`.execute(db);
  await sql`create index documents_tenant_type on documents (tenant_id, request_type)`.execute(db);

  await sql`
    create table training_feedback (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      document_id uuid references documents(id) on delete set null,
      kind text not null,
      text text not null,
      predicted text,
      corrected text not null,
      corrected_by text,
      created_at timestamptz not null default now(),
      constraint training_feedback_kind_check check (kind in ('request_type', 'field', 'customer'))
    )`.execute(db);
  await sql`create index training_feedback_tenant_kind on training_feedback (tenant_id, kind, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists training_feedback`.execute(db);
  await sql`drop index if exists documents_tenant_type`.execute(db);
  await sql`drop index if exists documents_tenant_queue`.execute(db);
  await sql`alter table documents drop column if exists suggested_customer_number`.execute(db);
  await sql`alter table documents drop column if exists recognition`.execute(db);
}
