import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDataDir } from '../../../test/test-app.ts';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from './database.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';
import { tenantIsolationGaps, tenantRole, tenantRoleUsable } from './tenant-isolation.ts';
import { runInTenantScope } from './tenant-scope.ts';

/**
 * An external PostgreSQL whose application user owns its database but may not
 * create roles (no superuser, no CREATEROLE): the migrations still succeed, the
 * policies are in place, the application warns and falls back to its own
 * filters; once an administrator grants the role, the next start isolates.
 */
describe('row-level security with a database user that may not create roles', () => {
  const user = `pst_restricted_${crypto.randomBytes(4).toString('hex')}`;
  const password = crypto.randomBytes(12).toString('hex');
  let scratch: ScratchDatabase;
  let restrictedUrl: string;
  const handles: DatabaseHandle[] = [];

  async function asAdministrator(statement: string): Promise<void> {
    const admin = new pg.Client(scratch.url);
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase({ dataDir: testDataDir, databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'test' });
    const database = new URL(scratch.url).pathname.slice(1);
    await asAdministrator(`create role ${user} login password '${password}' nosuperuser nocreaterole nocreatedb`);
    await asAdministrator(`alter database ${database} owner to ${user}`);
    const url = new URL(scratch.url);
    url.username = user;
    url.password = password;
    restrictedUrl = url.toString();
  });

  afterAll(async () => {
    for (const handle of handles) await handle.close().catch(() => undefined);
    await scratch?.drop().catch(() => undefined);
    await asAdministratorOnServer(`drop role if exists ${user}`).catch(() => undefined);
  });

  /** Statements outside the scratch database (it is gone by then). */
  async function asAdministratorOnServer(statement: string): Promise<void> {
    const url = new URL(scratch.url);
    url.pathname = '/postgres';
    const admin = new pg.Client(url.toString());
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  }

  it('migrates, warns and keeps working; isolates once an administrator grants the role', async () => {
    const first = connectDatabase(restrictedUrl, { maxConnections: 3 });
    handles.push(first);
    await migrateToLatest(first.db);
    expect(await tenantIsolationGaps(first.db)).toEqual([]);
    expect(await tenantRoleUsable(first.db)).toBe(false);
    await sql`insert into tenants (id, name) values ('reederei-nord', 'Reederei Nord GmbH'), ('baeckerei-sued', 'Bäckerei Süd KG')`.execute(first.db);

    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === 'POSTSTELLE_NO_TENANT_ROLE') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      // Without the role the tenant scope cannot switch: the owner's queries see every tenant (the application's filters remain).
      const seen = await runInTenantScope('reederei-nord', () => first.db.selectFrom('tenants').select('id').where('id', '<>', 'default').orderBy('id').execute());
      expect(seen.map((row) => row.id)).toEqual(['baeckerei-sued', 'reederei-nord']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(tenantRole);
    } finally {
      process.off('warning', onWarning);
    }

    // The administrator's one-time step (docs/operations.md), then the next start.
    await asAdministrator(`do $$ begin create role ${tenantRole} nologin noinherit; exception when duplicate_object or unique_violation then null; end $$`);
    await asAdministrator(`grant ${tenantRole} to ${user}`);
    const next = connectDatabase(restrictedUrl, { maxConnections: 3 });
    handles.push(next);
    await migrateToLatest(next.db);
    expect(await tenantRoleUsable(next.db)).toBe(true);
    expect(await tenantIsolationGaps(next.db)).toEqual([]);
    const isolated = await runInTenantScope('reederei-nord', () => next.db.selectFrom('tenants').select('id').execute());
    expect(isolated).toEqual([{ id: 'reederei-nord' }]);
  });
});
