import { sql, type Kysely } from 'kysely';

/**
 * Row-level security for tenant isolation (docs/decisions/0007-row-level-security.md):
 * the role a tenant scope runs as, and the policy every table with a
 * `tenant_id` column carries. Not FORCEd: the tables' owner (the connecting
 * user: migrations, workers, CLI) keeps full access; code in a tenant scope
 * switches to `poststelle_tenant`, to which the policy applies.
 */
export const tenantRole = 'poststelle_tenant';
export const tenantSetting = 'poststelle.tenant_id';
export const tenantPolicy = 'tenant_isolation';

/** Tables the tenant role never needs: the migrator's bookkeeping. */
const ownerOnlyTables = ['kysely_migration', 'kysely_migration_lock'];

/**
 * Creates the tenant role when missing (NOLOGIN, no superuser, no BYPASSRLS) and
 * lets the connecting user switch to it. Roles belong to the whole cluster, so
 * several databases being migrated at once may race to create it: the loser's
 * duplicate is ignored. A user that may not create roles (an external server
 * with a restricted account) gets a NOTICE instead of an error; the operator
 * creates the role once (docs/operations.md) and isolation applies from the
 * next start. Returns whether the connecting user can now act as the role.
 */
export async function ensureTenantRole<T>(db: Kysely<T>): Promise<boolean> {
  await sql.raw(`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = '${tenantRole}') then
        begin
          create role ${tenantRole} nologin nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
        exception
          when duplicate_object or unique_violation then null;
          when insufficient_privilege then
            raise notice 'poststelle: cannot create role ${tenantRole} (%); tenant isolation falls back to the application''s filters until an administrator creates it', sqlerrm;
            return;
        end;
      end if;
      -- A superuser may act as any role; anyone else needs the membership.
      if not (select rolsuper from pg_roles where rolname = current_user)
         and not pg_has_role(current_user, '${tenantRole}', 'MEMBER') then
        begin
          execute format('grant ${tenantRole} to %I', current_user);
        exception
          when duplicate_object or unique_violation then null;
          when insufficient_privilege or invalid_grant_operation then
            raise notice 'poststelle: cannot grant role ${tenantRole} to % (%)', current_user, sqlerrm;
        end;
      end if;
    end
    $$`).execute(db);
  return tenantRoleUsable(db);
}

/** True when the role exists and the connecting user may SET ROLE to it. */
export async function tenantRoleUsable<T>(db: Kysely<T>): Promise<boolean> {
  const result = await sql<{ usable: boolean }>`
    select case when exists (select 1 from pg_roles where rolname = ${tenantRole})
      then pg_has_role(current_user, ${tenantRole}, 'MEMBER') else false end as usable`.execute(db);
  return result.rows[0]?.usable ?? false;
}

/** Privileges the tenant role needs on the schema's tables, sequences and on future ones. */
async function grantSchema<T>(db: Kysely<T>): Promise<void> {
  await sql.raw(`grant usage on schema public to ${tenantRole}`).execute(db);
  await sql.raw(`grant select, insert, update, delete on all tables in schema public to ${tenantRole}`).execute(db);
  await sql.raw(`grant usage, select on all sequences in schema public to ${tenantRole}`).execute(db);
  await sql.raw(`grant execute on all functions in schema public to ${tenantRole}`).execute(db);
  // Tables a later migration creates get the same privileges (not the policy: that is enableTenantIsolation).
  await sql.raw(`alter default privileges in schema public grant select, insert, update, delete on tables to ${tenantRole}`).execute(db);
  await sql.raw(`alter default privileges in schema public grant usage, select on sequences to ${tenantRole}`).execute(db);
  const present = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relname in (${sql.join(ownerOnlyTables)})`.execute(db);
  for (const { name } of present.rows) await sql.raw(`revoke all on ${name} from ${tenantRole}`).execute(db);
}

/**
 * Row-level security for one table with a `tenant_id` column: a migration that
 * creates such a table calls this (the catalog test fails for a table without it).
 * The policy names no role: every role but the owner and superusers is held to
 * it, and a session without a tenant set sees no rows at all (fail closed).
 */
export async function enableTenantIsolation<T>(db: Kysely<T>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`drop policy if exists ${sql.raw(tenantPolicy)} on ${sql.table(table)}`.execute(db);
  await sql`
    create policy ${sql.raw(tenantPolicy)} on ${sql.table(table)}
    using (tenant_id = current_setting(${sql.lit(tenantSetting)}, true))
    with check (tenant_id = current_setting(${sql.lit(tenantSetting)}, true))`.execute(db);
  if (await roleExists(db)) await sql`grant select, insert, update, delete on ${sql.table(table)} to ${sql.raw(tenantRole)}`.execute(db);
}

async function roleExists<T>(db: Kysely<T>): Promise<boolean> {
  const result = await sql<{ found: boolean }>`select exists (select 1 from pg_roles where rolname = ${tenantRole}) as found`.execute(db);
  return result.rows[0]?.found ?? false;
}

export interface TenantIsolationGap {
  table: string;
  rowLevelSecurity: boolean;
  policy: boolean;
  /** Whether the tenant role may read and write the table (null: the role does not exist). */
  privileges: boolean | null;
}

/**
 * Tables of the public schema with a `tenant_id` column (`tenants` has one, generated from its id) that lack
 * row-level security, the tenant policy or the tenant role's privileges: read
 * from the catalog, so a table added by any migration is seen.
 */
export async function tenantIsolationGaps<T>(db: Kysely<T>): Promise<TenantIsolationGap[]> {
  const hasRole = await roleExists(db);
  const result = await sql<{ table: string; rls: boolean; policy: boolean; privileges: boolean | null }>`
    select c.relname as table, c.relrowsecurity as rls,
      exists (
        select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.policyname = ${tenantPolicy}
          and p.permissive = 'PERMISSIVE' and p.cmd = 'ALL' and p.roles = '{public}'
          and p.qual like ${`%current_setting('${tenantSetting}'::text, true)%`}
          and p.with_check like ${`%current_setting('${tenantSetting}'::text, true)%`}
      ) as policy,
      case when ${hasRole} then
        has_table_privilege(${tenantRole}, c.oid, 'SELECT') and has_table_privilege(${tenantRole}, c.oid, 'INSERT')
        and has_table_privilege(${tenantRole}, c.oid, 'UPDATE') and has_table_privilege(${tenantRole}, c.oid, 'DELETE')
      end as privileges
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by c.relname`.execute(db);
  return result.rows
    .filter((row) => !row.rls || !row.policy || row.privileges === false)
    .map((row) => ({ table: row.table, rowLevelSecurity: row.rls, policy: row.policy, privileges: row.privileges }));
}

/**
 * Brings the whole schema under tenant isolation: the role, the privileges, and
 * RLS + policy on every tenant table that lacks them. Idempotent; migration 0012
 * runs it inside the migrations' transaction.
 */
export async function applyTenantIsolation<T>(db: Kysely<T>): Promise<{ roleUsable: boolean; repaired: string[] }> {
  const roleUsable = await ensureTenantRole(db);
  if (await roleExists(db)) await grantSchema(db);
  const gaps = await tenantIsolationGaps(db);
  for (const gap of gaps) await enableTenantIsolation(db, gap.table);
  return { roleUsable, repaired: gaps.map((gap) => gap.table) };
}

/**
 * After every migration run: when the catalog shows a gap (a table of a migration
 * that landed after 0012 — they run unordered — or that forgot the helper, or a
 * role created by an operator since), closes it; otherwise a few catalog reads.
 * Under a transaction-scoped advisory lock, for processes starting side by side.
 */
export async function ensureTenantIsolation<T>(db: Kysely<T>): Promise<{ roleUsable: boolean; repaired: string[] }> {
  if ((await roleExists(db)) && (await tenantIsolationGaps(db)).length === 0) return { roleUsable: await tenantRoleUsable(db), repaired: [] };
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('poststelle.tenant_isolation'))`.execute(trx);
    return applyTenantIsolation(trx);
  });
}

/**
 * pg-boss writes a document's first job inside the request's transaction, so the
 * tenant role may add jobs — and read back only the new job's id (RETURNING id),
 * never other tenants' job payloads; pg-boss's own pool, as the owner, does the
 * rest. pg-boss creates its schema at its start, after the migrations: called then.
 */
export async function grantJobQueueToTenantRole<T>(db: Kysely<T>): Promise<void> {
  if (!(await roleExists(db))) return;
  const granted = await sql<{ ok: boolean | null }>`
    select case when exists (select 1 from pg_namespace where nspname = 'pgboss') and to_regclass('pgboss.job') is not null then
      has_schema_privilege(${tenantRole}, 'pgboss', 'USAGE') and has_table_privilege(${tenantRole}, 'pgboss.job', 'INSERT')
      and has_column_privilege(${tenantRole}, 'pgboss.job', 'id', 'SELECT') and not has_table_privilege(${tenantRole}, 'pgboss.job', 'SELECT')
      and has_table_privilege(${tenantRole}, 'pgboss.queue', 'SELECT') end as ok`.execute(db);
  const ok = granted.rows[0]?.ok;
  if (ok === null || ok === undefined || ok) return;
  await sql.raw(`grant usage on schema pgboss to ${tenantRole}`).execute(db);
  await sql.raw(`grant select on pgboss.queue to ${tenantRole}`).execute(db);
  await sql.raw(`revoke select on pgboss.job from ${tenantRole}`).execute(db);
  await sql.raw(`grant select (id), insert on pgboss.job to ${tenantRole}`).execute(db);
}
