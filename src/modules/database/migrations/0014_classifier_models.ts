import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation } from '../tenant-isolation.ts';

/**
 * Trained request-type models per tenant, shared by every worker: the model
 * file itself is a blob (content-addressed, so the S3 driver serves it to all
 * machines), this table says which version is current. Versions only grow; a
 * worker loads the newest one it has not loaded yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table classifier_models (
      tenant_id text not null references tenants(id),
      name text not null,
      version integer not null check (version > 0),
      blob_key text not null,
      sha256 text not null,
      size_bytes integer not null,
      examples integer,
      corrections integer,
      metrics jsonb not null default '{}'::jsonb,
      trained_by text,
      created_at timestamptz not null default now(),
      primary key (tenant_id, name, version)
    )`.execute(db);
  await enableTenantIsolation(db, 'classifier_models');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists classifier_models`.execute(db);
}
