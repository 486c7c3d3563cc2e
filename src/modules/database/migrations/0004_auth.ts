import { sql, type Kysely } from 'kysely';

/**
 * Accounts, sessions, API tokens and the login throttle. Secrets are never
 * stored: sessions and tokens are looked up by the sha256 of the secret the
 * client holds, passwords only as scrypt hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      username text not null,
      display_name text not null,
      role text not null,
      password_hash text not null,
      locale text not null default 'de',
      disabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_login_at timestamptz,
      constraint users_role_check check (role in ('admin', 'supervisor', 'agent', 'auditor')),
      constraint users_locale_check check (locale in ('de', 'en'))
    )`.execute(db);
  // Usernames are compared case-insensitively: "Anna.Schmidt" and "anna.schmidt" are one account.
  await sql`create unique index users_tenant_username on users (tenant_id, lower(username))`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      tenant_id text not null references tenants(id),
      user_id uuid not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await sql`create index sessions_expires on sessions (expires_at)`.execute(db);

  await sql`
    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null references tenants(id),
      name text not null,
      token_hash text not null unique,
      role text not null,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      constraint api_tokens_role_check check (role in ('admin', 'supervisor', 'agent', 'auditor'))
    )`.execute(db);
  await sql`create index api_tokens_tenant on api_tokens (tenant_id, created_at)`.execute(db);

  // Failed logins per key (sha256 of client address + username, or of the address alone), in the
  // database so that every server process sees the same count.
  await sql`
    create table login_throttle (
      key text primary key,
      tenant_id text not null references tenants(id),
      failures integer not null default 0,
      window_started_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists login_throttle`.execute(db);
  await sql`drop table if exists api_tokens`.execute(db);
  await sql`drop table if exists sessions`.execute(db);
  await sql`drop table if exists users`.execute(db);
}
