import { sql, type Kysely } from 'kysely';

/**
 * E-mail documents: the envelope of each message (one row per document whose
 * original is an RFC 822 message), and the IMAP import ledger that makes the
 * mailbox import exactly-once — keyed by (mailbox, UIDVALIDITY, UID), with the
 * Message-ID catching a message delivered again under a new UID.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_messages (
      document_id uuid primary key references documents(id) on delete cascade,
      tenant_id text not null references tenants(id),
      message_id text,
      in_reply_to text,
      "references" text[] not null default '{}',
      from_address text,
      from_name text,
      to_addresses text[] not null default '{}',
      subject text,
      sent_at timestamptz,
      mailbox text,
      uidvalidity bigint,
      uid bigint,
      kind text not null default 'request',
      reply_to_document_id uuid references documents(id) on delete set null,
      thread_document_id uuid references documents(id) on delete set null,
      rendition_key text,
      attachments jsonb not null default '[]',
      created_at timestamptz not null default now(),
      constraint email_messages_kind_check check (kind in ('request', 'auto_reply', 'bounce'))
    )`.execute(db);
  // One document per Message-ID and tenant: the same message again (another UID, another mailbox, a saved copy) is a duplicate.
  await sql`create unique index email_messages_tenant_message_id on email_messages (tenant_id, message_id) where message_id is not null`.execute(db);
  await sql`create index email_messages_tenant_thread on email_messages (tenant_id, thread_document_id)`.execute(db);

  await sql`
    create table mailbox_imports (
      tenant_id text not null references tenants(id),
      mailbox text not null,
      uidvalidity bigint not null,
      uid bigint not null,
      message_id text,
      document_id uuid references documents(id) on delete set null,
      duplicate_of uuid references documents(id) on delete set null,
      imported_at timestamptz not null default now(),
      marked_at timestamptz,
      primary key (tenant_id, mailbox, uidvalidity, uid)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists mailbox_imports`.execute(db);
  await sql`drop table if exists email_messages`.execute(db);
}
