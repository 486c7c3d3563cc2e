import { sql, type Kysely } from 'kysely';

/**
 * The agents' workspace: work queues with an SLA, the work state of each
 * routed document, its history, routing rules editable in the database, and
 * webhooks with a transactional outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table queues (
      tenant_id text not null references tenants(id),
      id text not null,
      name text not null,
      sla_business_days integer not null default 5,
      holiday_state text not null default 'NW',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      constraint queues_sla_check check (sla_business_days between 0 and 365)
    )`.execute(db);

  // One row per document that reached a queue. due_date is the last business day of the SLA.
  await sql`
    create table work_items (
      document_id uuid primary key references documents(id) on delete cascade,
      tenant_id text not null references tenants(id),
      queue_id text not null,
      status text not null default 'open',
      assignee_id text,
      assignee_name text,
      received_at timestamptz not null,
      due_date date not null,
      routed_at timestamptz not null default now(),
      claimed_at timestamptz,
      closed_at timestamptz,
      resolution text,
      updated_at timestamptz not null default now(),
      foreign key (tenant_id, queue_id) references queues(tenant_id, id),
      constraint work_items_status_check check (status in ('open', 'claimed', 'closed'))
    )`.execute(db);
  // Keyset pagination of an inbox: open (or claimed) items of one queue by due date, then id.
  await sql`create index work_items_inbox_open on work_items (tenant_id, queue_id, due_date, document_id) where status <> 'closed'`.execute(db);
  await sql`create index work_items_inbox_received_open on work_items (tenant_id, queue_id, received_at, document_id) where status <> 'closed'`.execute(db);
  await sql`create index work_items_inbox on work_items (tenant_id, queue_id, status, due_date, document_id)`.execute(db);
  await sql`create index work_items_assignee on work_items (tenant_id, assignee_id, due_date) where status <> 'closed' and assignee_id is not null`.execute(db);
  await sql`create index work_items_closed on work_items (tenant_id, closed_at) where closed_at is not null`.execute(db);

  await sql`
    create table document_events (
      id bigserial primary key,
      tenant_id text not null references tenants(id),
      document_id uuid not null references documents(id) on delete cascade,
      at timestamptz not null default clock_timestamp(),
      actor_id text,
      actor_name text,
      action text not null,
      details jsonb not null default '{}'
    )`.execute(db);
  await sql`create index document_events_document on document_events (document_id, at, id)`.execute(db);
  await sql`create index document_events_tenant_action on document_events (tenant_id, action, at)`.execute(db);

  await sql`
    create table routing_rule_sets (
      tenant_id text primary key references tenants(id),
      rules jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by text
    )`.execute(db);

  await sql`
    create table webhooks (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      url text not null,
      events text[] not null,
      secret text not null,
      created_at timestamptz not null default now(),
      created_by text
    )`.execute(db);
  await sql`create index webhooks_tenant on webhooks (tenant_id)`.execute(db);

  await sql`
    create table webhook_outbox (
      id bigserial primary key,
      tenant_id text not null references tenants(id),
      webhook_id uuid not null references webhooks(id) on delete cascade,
      event text not null,
      payload jsonb not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_status integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      constraint webhook_outbox_status_check check (status in ('pending', 'delivered', 'failed'))
    )`.execute(db);
  await sql`create index webhook_outbox_due on webhook_outbox (next_attempt_at, id) where status = 'pending'`.execute(db);

  // Which field a 'field' correction is about; the segment a routing rule may select on.
  await sql`alter table training_feedback add column field text`.execute(db);
  await sql`alter table customers add column segment text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customers drop column if exists segment`.execute(db);
  await sql`alter table training_feedback drop column if exists field`.execute(db);
  await sql`drop table if exists webhook_outbox`.execute(db);
  await sql`drop table if exists webhooks`.execute(db);
  await sql`drop table if exists routing_rule_sets`.execute(db);
  await sql`drop table if exists document_events`.execute(db);
  await sql`drop table if exists work_items`.execute(db);
  await sql`drop table if exists queues`.execute(db);
}
