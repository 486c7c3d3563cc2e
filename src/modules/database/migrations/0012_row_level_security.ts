import { sql, type Kysely } from 'kysely';
import { applyTenantIsolation, tenantPolicy, tenantRole } from '../tenant-isolation.ts';

/**
 * Row-level security for tenant isolation (docs/decisions/0007-row-level-security.md):
 * the `poststelle_tenant` role, its privileges, and RLS with the tenant policy on
 * every table that has a tenant_id column (read from the catalog, so tables of
 * migrations that ran before this one are all covered). A table added later
 * calls enableTenantIsolation() in its own migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await applyTenantIsolation(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = await sql<{ table: string }>`
    select tablename as table from pg_policies where schemaname = 'public' and policyname = ${tenantPolicy}`.execute(db);
  for (const { table } of tables.rows) {
    await sql`drop policy if exists ${sql.raw(tenantPolicy)} on ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(table)} disable row level security`.execute(db);
  }
  // The role belongs to the cluster (other databases may use it): only this database's privileges go.
  const role = await sql<{ found: boolean }>`select exists (select 1 from pg_roles where rolname = ${tenantRole}) as found`.execute(db);
  if (role.rows[0]?.found) {
    await sql.raw(`alter default privileges in schema public revoke all on tables from ${tenantRole}`).execute(db);
    await sql.raw(`alter default privileges in schema public revoke all on sequences from ${tenantRole}`).execute(db);
    await sql.raw(`revoke all on all tables in schema public from ${tenantRole}`).execute(db);
    await sql.raw(`revoke all on all sequences in schema public from ${tenantRole}`).execute(db);
    await sql.raw(`revoke all on all functions in schema public from ${tenantRole}`).execute(db);
    await sql.raw(`revoke all on schema public from ${tenantRole}`).execute(db);
    const jobQueue = await sql<{ found: boolean }>`select to_regclass('pgboss.job') is not null as found`.execute(db);
    if (jobQueue.rows[0]?.found) {
      await sql.raw(`revoke all on all tables in schema pgboss from ${tenantRole}`).execute(db);
      await sql.raw(`revoke all on schema pgboss from ${tenantRole}`).execute(db);
    }
  }
}
