import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../database/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../database/scratch-database.ts';
import { createAuditLog } from './audit.log.ts';
import { listAuditEvents } from './audit.query.ts';
import type { AuditEvent } from './audit.types.ts';
import { verifyAuditChain } from './audit.verify.ts';

let scratch: ScratchDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  scratch = await createScratchDatabase({ dataDir: path.resolve(process.env.POSTSTELLE_TEST_DATA_DIR ?? './data'), databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'test_audit' });
  handle = connectDatabase(scratch.url, { maxConnections: 12 });
  await migrateToLatest(handle.db);
  await handle.db.insertInto('tenants').values([{ id: 'kanzlei-brandt', name: 'Kanzlei Brandt & Partner' }, { id: 'stadtwerke-ulm', name: 'Stadtwerke Ulm GmbH' }, { id: 'versicherung-nord', name: 'Nord Versicherung AG' }]).execute();
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await scratch?.drop();
});

const events: AuditEvent[] = [
  { tenantId: 'kanzlei-brandt', actorId: 'b7c1e6a0-5d1f-4a8e-9f0e-2a1d3c4b5e6f', actorName: 'Jana Krüger', action: 'user.login', subjectType: 'user', subjectId: 'b7c1e6a0-5d1f-4a8e-9f0e-2a1d3c4b5e6f' },
  { tenantId: 'kanzlei-brandt', actorId: 'b7c1e6a0-5d1f-4a8e-9f0e-2a1d3c4b5e6f', actorName: 'Jana Krüger', action: 'document.view', subjectType: 'document', subjectId: '4f0d2c1e-8b9a-4c7d-a6e5-1f2e3d4c5b6a' },
  { tenantId: 'kanzlei-brandt', actorId: 'b7c1e6a0-5d1f-4a8e-9f0e-2a1d3c4b5e6f', actorName: 'Jana Krüger', action: 'document.correct', subjectType: 'document', subjectId: '4f0d2c1e-8b9a-4c7d-a6e5-1f2e3d4c5b6a', details: { fields: ['customer_number', 'request_type'], zeta: { b: 2, a: 1 } } },
  { tenantId: 'kanzlei-brandt', actorId: '0a9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c', actorName: 'Murat Yılmaz', action: 'document.assign', subjectType: 'document', subjectId: '4f0d2c1e-8b9a-4c7d-a6e5-1f2e3d4c5b6a', details: { queue: 'vertrag', to: 'Sabine Hoffmann' } },
  { tenantId: 'kanzlei-brandt', actorId: null, actorName: 'system', action: 'document.archive', subjectType: 'document', subjectId: '4f0d2c1e-8b9a-4c7d-a6e5-1f2e3d4c5b6a', details: { format: 'PDF/A-2b', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
  { tenantId: 'stadtwerke-ulm', actorId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', actorName: 'Klaus-Dieter Wübbenhorst', action: 'search.run', subjectType: 'search', subjectId: null, details: { resultCount: 12 } },
  { tenantId: 'stadtwerke-ulm', actorId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', actorName: 'Klaus-Dieter Wübbenhorst', action: 'document.export', subjectType: 'document', subjectId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', details: { format: 'csv', rows: 40 } },
];

describe('audit trail', () => {
  it('chains entries per tenant and verifies them', async () => {
    const audit = createAuditLog({ db: handle.db });
    for (const event of events) await audit.record(event);
    const report = await verifyAuditChain({ db: handle.db });
    expect(report.ok).toBe(true);
    expect(report.tenants.map((tenant) => [tenant.tenantId, tenant.entries])).toEqual([
      ['kanzlei-brandt', 5],
      ['stadtwerke-ulm', 2],
    ]);
    const rows = await handle.db.selectFrom('audit_events').selectAll().where('tenant_id', '=', 'kanzlei-brandt').orderBy('seq').execute();
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64));
    for (let index = 1; index < rows.length; index += 1) expect(rows[index]?.prev_hash).toBe(rows[index - 1]?.hash);
    expect(rows[2]?.details).toEqual({ fields: ['customer_number', 'request_type'], zeta: { a: 1, b: 2 } });
  });

  it('rejects UPDATE, DELETE and TRUNCATE', async () => {
    await expect(sql`update audit_events set actor_name = 'Unbekannt' where tenant_id = 'kanzlei-brandt' and seq = 2`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where tenant_id = 'kanzlei-brandt' and seq = 2`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(handle.db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain({ db: handle.db })).ok).toBe(true);
  });

  it('joins the caller transaction: rolled back with it', async () => {
    const audit = createAuditLog({ db: handle.db });
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await audit.record({ tenantId: 'stadtwerke-ulm', actorId: null, actorName: 'system', action: 'document.delete', subjectType: 'document', subjectId: '11111111-2222-4333-8444-555555555555' }, trx);
        throw new Error('Löschung abgebrochen');
      }),
    ).rejects.toThrow('Löschung abgebrochen');
    const count = await handle.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', 'stadtwerke-ulm').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
    await handle.db.transaction().execute((trx) => audit.record({ tenantId: 'stadtwerke-ulm', actorId: null, actorName: 'system', action: 'document.delete', subjectType: 'document', subjectId: '11111111-2222-4333-8444-555555555555', details: { reason: 'retention' } }, trx));
    expect((await verifyAuditChain({ db: handle.db }, { tenantId: 'stadtwerke-ulm' }).then((report) => report.tenants[0]?.entries))).toBe(3);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const audit = createAuditLog({ db: handle.db });
    const names = ['Anna Schmidt', 'Peter Weiß', 'Fatma Demir', 'Lukas Bauer', 'Olga Petrowa', 'Henrik Jäger'];
    await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        audit.record({
          tenantId: 'versicherung-nord',
          actorId: `actor-${index % names.length}`,
          actorName: names[index % names.length] ?? 'system',
          action: index % 3 === 0 ? 'document.view' : index % 3 === 1 ? 'document.claim' : 'document.release',
          subjectType: 'document',
          subjectId: `doc-${index % 7}`,
          details: { n: index },
        }),
      ),
    );
    const report = await verifyAuditChain({ db: handle.db }, { tenantId: 'versicherung-nord' });
    expect(report.ok).toBe(true);
    expect(report.tenants[0]?.entries).toBe(60);
    const seen = await handle.db.selectFrom('audit_events').select(sql<number>`(details->>'n')::int`.as('n')).where('tenant_id', '=', 'versicherung-nord').execute();
    expect(new Set(seen.map((row) => row.n)).size).toBe(60);
  });

  it('lists entries with filters, newest first', async () => {
    const page = await listAuditEvents({ db: handle.db }, { tenantId: 'kanzlei-brandt', subjectType: 'document', subjectId: '4f0d2c1e-8b9a-4c7d-a6e5-1f2e3d4c5b6a', limit: 2 });
    expect(page.events.map((event) => event.action)).toEqual(['document.archive', 'document.assign']);
    expect(page.nextBeforeSeq).toBe(4);
    const rest = await listAuditEvents({ db: handle.db }, { tenantId: 'kanzlei-brandt', subjectType: 'document', subjectId: '4f0d2c1e-8b9a-4c7d-a6e5-1f2e3d4c5b6a', limit: 2, beforeSeq: page.nextBeforeSeq ?? undefined });
    expect(rest.events.map((event) => event.action)).toEqual(['document.correct', 'document.view']);
    const byActor = await listAuditEvents({ db: handle.db }, { tenantId: 'kanzlei-brandt', actorId: '0a9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c' });
    expect(byActor.events).toHaveLength(1);
    expect(byActor.events[0]?.actorName).toBe('Murat Yılmaz');
    const other = await listAuditEvents({ db: handle.db }, { tenantId: 'stadtwerke-ulm', action: 'document.export' });
    expect(other.events.map((event) => event.details)).toEqual([{ format: 'csv', rows: 40 }]);
  });

  it('detects an edited entry and names it', async () => {
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(handle.db);
    try {
      await sql`update audit_events set details = '{"fields": ["iban"], "zeta": {"a": 1, "b": 2}}' where tenant_id = 'kanzlei-brandt' and seq = 3`.execute(handle.db);
    } finally {
      await sql`alter table audit_events enable trigger audit_events_no_change`.execute(handle.db);
    }
    const report = await verifyAuditChain({ db: handle.db });
    expect(report.ok).toBe(false);
    const brandt = report.tenants.find((tenant) => tenant.tenantId === 'kanzlei-brandt');
    expect(brandt?.firstBroken).toMatchObject({ seq: 3, reason: 'hash_mismatch', action: 'document.correct' });
    expect(report.tenants.filter((tenant) => tenant.tenantId !== 'kanzlei-brandt').every((tenant) => tenant.ok)).toBe(true);
  });

  it('detects a rewritten entry whose hash was recomputed (the successor no longer chains)', async () => {
    const { hashAuditEntry } = await import('./audit.hash.ts');
    const row = await handle.db.selectFrom('audit_events').selectAll().where('tenant_id', '=', 'stadtwerke-ulm').where('seq', '=', 2).executeTakeFirstOrThrow();
    const forged = hashAuditEntry(row.prev_hash, { tenantId: row.tenant_id, seq: 2, at: row.at, actorId: row.actor_id, actorName: row.actor_name, action: row.action, subjectType: row.subject_type, subjectId: row.subject_id, details: { format: 'csv', rows: 4 } });
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(handle.db);
    try {
      await sql`update audit_events set details = '{"format": "csv", "rows": 4}', hash = ${forged} where tenant_id = 'stadtwerke-ulm' and seq = 2`.execute(handle.db);
    } finally {
      await sql`alter table audit_events enable trigger audit_events_no_change`.execute(handle.db);
    }
    const report = await verifyAuditChain({ db: handle.db }, { tenantId: 'stadtwerke-ulm' });
    expect(report.tenants[0]?.firstBroken).toMatchObject({ seq: 3, reason: 'prev_hash_mismatch', action: 'document.delete' });
  });

  it('detects a deleted entry (gap in seq)', async () => {
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(handle.db);
    try {
      await sql`delete from audit_events where tenant_id = 'versicherung-nord' and seq = 17`.execute(handle.db);
    } finally {
      await sql`alter table audit_events enable trigger audit_events_no_change`.execute(handle.db);
    }
    const report = await verifyAuditChain({ db: handle.db }, { tenantId: 'versicherung-nord' });
    expect(report.ok).toBe(false);
    expect(report.tenants[0]).toMatchObject({ entries: 16, lastSeq: 16, firstBroken: { seq: 17, reason: 'missing_entries' } });
    expect(report.tenants[0]?.firstBroken?.message).toMatch(/17\.\.17 are missing/);
  });
});
