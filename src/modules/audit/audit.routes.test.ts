import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeaderPrincipalServer } from '../../../test/auth-helpers.ts';
import type { Principal } from '../auth/auth.types.ts';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../database/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../database/scratch-database.ts';
import { createAuditLog } from './audit.log.ts';
import { auditRoutes } from './audit.routes.ts';

let scratch: ScratchDatabase;
let handle: DatabaseHandle;

const principals: Record<string, Principal> = {
  auditor: { kind: 'user', id: 'u-auditor', username: 'h.albers', displayName: 'Heike Albers', role: 'auditor', tenantId: 'kanzlei-brandt' },
  agent: { kind: 'user', id: 'u-agent', username: 't.nguyen', displayName: 'Thi Nguyen', role: 'agent', tenantId: 'kanzlei-brandt' },
  otherAdmin: { kind: 'user', id: 'u-admin', username: 'r.ostermann', displayName: 'Ralf Ostermann', role: 'admin', tenantId: 'stadtwerke-ulm' },
};

/** A server with the audit routes; the principal comes from a test header and access is checked as the auth plugin does. */
async function createServer() {
  const server = createHeaderPrincipalServer(principals);
  await server.register(auditRoutes({ db: handle.db }));
  return server;
}

beforeAll(async () => {
  scratch = await createScratchDatabase({ dataDir: path.resolve(process.env.POSTSTELLE_TEST_DATA_DIR ?? './data'), databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'test_auditapi' });
  handle = connectDatabase(scratch.url, { maxConnections: 4 });
  await migrateToLatest(handle.db);
  await handle.db.insertInto('tenants').values([{ id: 'kanzlei-brandt', name: 'Kanzlei Brandt & Partner' }, { id: 'stadtwerke-ulm', name: 'Stadtwerke Ulm GmbH' }]).execute();
  const audit = createAuditLog({ db: handle.db });
  await audit.record({ tenantId: 'kanzlei-brandt', actorId: 'u-agent', actorName: 'Thi Nguyen', action: 'document.view', subjectType: 'document', subjectId: 'd-1' });
  await audit.record({ tenantId: 'kanzlei-brandt', actorId: 'u-agent', actorName: 'Thi Nguyen', action: 'document.forward', subjectType: 'document', subjectId: 'd-1', details: { queue: 'kuendigung' } });
  await audit.record({ tenantId: 'kanzlei-brandt', actorId: null, actorName: 'system', action: 'document.delete', subjectType: 'document', subjectId: 'd-2', details: { reason: 'retention' } });
  await audit.record({ tenantId: 'stadtwerke-ulm', actorId: 'u-admin', actorName: 'Ralf Ostermann', action: 'settings.update', subjectType: 'settings', subjectId: null });
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await scratch?.drop();
});

describe('GET /api/v1/audit', () => {
  it("lists the caller's tenant only, filtered, for auditors and admins", async () => {
    const server = await createServer();
    const all = await server.inject({ url: '/api/v1/audit', headers: { 'x-test-principal': 'auditor' } });
    expect(all.statusCode).toBe(200);
    expect(all.json<{ events: Array<{ action: string }> }>().events.map((event) => event.action)).toEqual(['document.delete', 'document.forward', 'document.view']);
    const filtered = await server.inject({ url: '/api/v1/audit?subject=d-1&action=document.forward', headers: { 'x-test-principal': 'auditor' } });
    expect(filtered.json<{ events: Array<{ details: unknown }> }>().events.map((event) => event.details)).toEqual([{ queue: 'kuendigung' }]);
    const other = await server.inject({ url: '/api/v1/audit', headers: { 'x-test-principal': 'otherAdmin' } });
    expect(other.json<{ events: Array<{ action: string }> }>().events.map((event) => event.action)).toEqual(['settings.update']);
    const paged = await server.inject({ url: '/api/v1/audit?limit=2', headers: { 'x-test-principal': 'auditor' } });
    expect(paged.json<{ nextBeforeSeq: number | null }>().nextBeforeSeq).toBe(2);
    await server.close();
  });

  it('refuses agents and anonymous callers', async () => {
    const server = await createServer();
    expect((await server.inject({ url: '/api/v1/audit', headers: { 'x-test-principal': 'agent' } })).statusCode).toBe(403);
    expect((await server.inject({ url: '/api/v1/audit' })).statusCode).toBe(401);
    await server.close();
  });

  it("verifies the caller's chain", async () => {
    const server = await createServer();
    const response = await server.inject({ url: '/api/v1/audit/verify', headers: { 'x-test-principal': 'auditor' } });
    expect(response.json()).toMatchObject({ ok: true, entries: 3, lastSeq: 3, firstBroken: null });
    await server.close();
  });
});
