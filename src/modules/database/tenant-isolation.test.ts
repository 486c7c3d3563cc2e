import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, createTestUser, ensureTestTenant } from '../../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createArchiveService } from '../archive/archive.service.ts';
import { createLegalHoldService } from '../archive/legal-hold.service.ts';
import { createAuditLog } from '../audit/audit.log.ts';
import { listAuditEvents } from '../audit/audit.query.ts';
import { verifyAuditChain } from '../audit/audit.verify.ts';
import { createCustomersRepository } from '../customers/customers.repository.ts';
import type { CustomerRecord } from '../customers/customers.types.ts';
import { indexDocumentText } from '../search/search.indexer.ts';
import { createSavedSearchesService } from '../search/saved-searches.service.ts';
import type { Database } from './database.types.ts';
import { migrateToLatest } from './database.ts';
import { tenantIsolationGaps, tenantPolicy, tenantRole } from './tenant-isolation.ts';
import { currentTenantScope, runInSystemScope, runInTenantScope } from './tenant-scope.ts';

/**
 * PostgreSQL, not the application, keeps tenants apart: in a tenant scope a
 * query without any tenant filter sees and writes that tenant's rows only, for
 * every table that has a tenant_id; real repositories handed another tenant's
 * ids (a bug upstream) get nothing back; and no table lacks the policy.
 */
const tenantA = 'stadtwerke-nord';
const tenantB = 'kanzlei-sued';

interface Letter {
  id: string;
  tenantId: string;
  name: string;
  text: string;
  requestType: string;
  customerNumber: string;
}

const letters: Letter[] = [
  { id: randomUUID(), tenantId: tenantA, name: 'kuendigung-mueller.pdf', requestType: 'cancellation', customerNumber: '4711081542', text: 'Sehr geehrte Damen und Herren, hiermit kündige ich meinen Stromvertrag zum 31.01.2027. Mit freundlichen Grüßen, Erika Müller, Lindenstraße 12, 24103 Kiel' },
  { id: randomUUID(), tenantId: tenantA, name: 'zaehlerstand-schulz.pdf', requestType: 'meter_reading', customerNumber: '4711093318', text: 'Zählerstand Strom 48213 kWh, abgelesen am 02.12.2026. Horst Schulz, Am Hafen 3, 24105 Kiel' },
  { id: randomUUID(), tenantId: tenantB, name: 'vollmacht-oezdemir.pdf', requestType: 'power_of_attorney', customerNumber: '9902113456', text: 'Vollmacht: Hiermit bevollmächtige ich Frau Aylin Özdemir, Königstraße 41, 70173 Stuttgart, mich in der Mietsache zu vertreten.' },
  { id: randomUUID(), tenantId: tenantB, name: 'widerspruch-brandt.pdf', requestType: 'objection', customerNumber: '9902117780', text: 'Widerspruch gegen den Bescheid vom 14.11.2026. Gerda Brandt, Weinsteige 8, 70180 Stuttgart. Kündigung des Mietvertrags ausgeschlossen.' },
];

const customersOf: Record<string, CustomerRecord[]> = {
  [tenantA]: [
    { customerNumber: '4711081542', firstName: 'Erika', lastName: 'Müller', company: null, street: 'Lindenstraße', houseNumber: '12', postalCode: '24103', city: 'Kiel', email: 'erika.mueller@example.de', phone: '+494311234567', iban: 'DE89370400440532013000', birthDate: '1961-04-17', contractNumbers: ['SN-2019-0815'] },
    { customerNumber: '4711093318', firstName: 'Horst', lastName: 'Schulz', company: null, street: 'Am Hafen', houseNumber: '3', postalCode: '24105', city: 'Kiel', email: null, phone: null, iban: null, birthDate: null, contractNumbers: [] },
  ],
  [tenantB]: [
    { customerNumber: '9902113456', firstName: 'Aylin', lastName: 'Özdemir', company: null, street: 'Königstraße', houseNumber: '41', postalCode: '70173', city: 'Stuttgart', email: 'a.oezdemir@example.de', phone: '+497111234567', iban: 'DE02120300000000202051', birthDate: '1984-09-02', contractNumbers: ['KS-M-2211'] },
    { customerNumber: '9902117780', firstName: 'Gerda', lastName: 'Brandt', company: 'Brandt & Söhne GbR', street: 'Weinsteige', houseNumber: '8', postalCode: '70180', city: 'Stuttgart', email: null, phone: null, iban: null, birthDate: null, contractNumbers: [] },
  ],
};

async function tenantTables(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ table: string }>`
    select c.relname as table from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`.execute(db);
  return result.rows.map((row) => row.table);
}

async function rowsPerTenant(db: Kysely<Database>, table: string): Promise<Map<string, number>> {
  const result = await sql<{ tenant_id: string; rows: number }>`select tenant_id, count(*)::int as rows from ${sql.table(table)} group by tenant_id`.execute(db);
  return new Map(result.rows.map((row) => [row.tenant_id, row.rows]));
}

async function seed(app: TestApp): Promise<void> {
  await ensureTestTenant(app, tenantA);
  await ensureTestTenant(app, tenantB);
  const audit = createAuditLog({ db: app.db });
  for (const tenantId of [tenantA, tenantB]) {
    const { account } = await createTestUser(app, { role: 'admin', tenantId });
    await createTestToken(app, { role: 'agent', tenantId });
    await createCustomersRepository({ db: app.db }).upsertMany(tenantId, customersOf[tenantId] ?? []);
    await createSavedSearchesService({ db: app.db }).create({ tenantId, userId: account.id }, { name: `Kündigungen ${tenantId}`, query: { q: 'Kündigung' } });
    await sql`insert into queues (tenant_id, id, name) values (${tenantId}, 'posteingang', 'Posteingang')`.execute(app.db);
  }
  for (const [index, letter] of letters.entries()) {
    const receivedAt = new Date(Date.UTC(2026, 10, 20 + index, 8, 30));
    await sql`
      insert into documents (id, tenant_id, sha256, original_key, original_name, source, size_bytes, channel, received_at, status, text, request_type, customer_number, match_status, queue)
      values (${letter.id}, ${letter.tenantId}, ${letter.id.replaceAll('-', '').padEnd(64, 'a')}, ${`originals/${letter.id}`}, ${letter.name}, ${letter.name}, ${2048 + index * 311}, 'upload',
              ${receivedAt}, 'routed', ${letter.text}, ${letter.requestType}, ${letter.customerNumber}, 'auto', 'posteingang')`.execute(app.db);
    await sql`
      insert into document_pages (document_id, page_no, tenant_id, image_key, width, height, dpi, text, text_source)
      values (${letter.id}, 1, ${letter.tenantId}, ${`pages/${letter.id}/1.png`}, 2480, 3508, 300, ${letter.text}, 'ocr')`.execute(app.db);
    await sql`
      insert into document_steps (document_id, step, tenant_id, status, attempts, started_at, finished_at, duration_ms)
      values (${letter.id}, 'ocr', ${letter.tenantId}, 'done', 1, ${receivedAt}, ${receivedAt}, ${800 + index * 97})`.execute(app.db);
    await sql`
      insert into work_items (document_id, tenant_id, queue_id, received_at, due_date)
      values (${letter.id}, ${letter.tenantId}, 'posteingang', ${receivedAt}, ${`2026-12-${String(1 + index).padStart(2, '0')}`})`.execute(app.db);
    await sql`
      insert into archive_renditions (document_id, tenant_id, format, blob_key, original_sha256, sha256, size_bytes, converter)
      values (${letter.id}, ${letter.tenantId}, 'PDF/A-2b', ${`archive/${letter.id}.pdf`}, ${'ab'.repeat(32)}, ${'cd'.repeat(32)}, ${40_960 + index}, 'ghostscript')`.execute(app.db);
    await indexDocumentText(app.db, { id: letter.id, tenantId: letter.tenantId, text: letter.text });
    await audit.record({ tenantId: letter.tenantId, actorId: null, actorName: 'Posteingang', action: 'document.view', subjectType: 'document', subjectId: letter.id });
  }
  for (const tenantId of [tenantA, tenantB]) {
    const held = letters.find((letter) => letter.tenantId === tenantId);
    if (held) await createLegalHoldService({ db: app.db, audit }).set({ tenantId, documentId: held.id, reason: 'Rechtsstreit Az. 3 O 118/26', actor: { id: null, name: 'Justiziariat' } });
  }
}

describe('row-level security keeps tenants apart', () => {
  let app: TestApp;
  const lettersOf = (tenantId: string) => letters.filter((letter) => letter.tenantId === tenantId);
  const otherLetter = letters.find((letter) => letter.tenantId === tenantB) as Letter;

  beforeAll(async () => {
    app = await createTestApp();
    await seed(app);
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  it('leaves no table with a tenant_id without row-level security, the tenant policy and the role’s privileges (catalog)', async () => {
    expect(await tenantIsolationGaps(app.db)).toEqual([]);
    const tables = await tenantTables(app.db);
    expect(tables).toEqual(expect.arrayContaining(['tenants', 'documents', 'document_pages', 'customers', 'audit_events', 'users', 'sessions', 'api_tokens', 'work_items', 'saved_searches']));
    const policies = await sql<{ tablename: string; qual: string; with_check: string }>`
      select tablename, qual, with_check from pg_policies where schemaname = 'public' and policyname = ${tenantPolicy}`.execute(app.db);
    expect(policies.rows.map((row) => row.tablename).sort()).toEqual([...tables].sort());
    const forced = await sql<{ relname: string }>`
      select relname from pg_class where relforcerowsecurity and relnamespace = 'public'::regnamespace`.execute(app.db);
    expect(forced.rows).toEqual([]);
    const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean; rolinherit: boolean }>`
      select rolsuper, rolbypassrls, rolcanlogin, rolinherit from pg_roles where rolname = ${tenantRole}`.execute(app.db);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false, rolinherit: false }]);
  });

  it('closes a gap left by a table a later migration forgot to protect, on the next migration run', async () => {
    await sql`create table scan_station_notes (id uuid primary key default gen_random_uuid(), tenant_id text not null references tenants(id), note text not null)`.execute(app.db);
    try {
      expect((await tenantIsolationGaps(app.db)).map((gap) => gap.table)).toEqual(['scan_station_notes']);
      await migrateToLatest(app.db);
      expect(await tenantIsolationGaps(app.db)).toEqual([]);
      await sql`insert into scan_station_notes (tenant_id, note) values (${tenantA}, 'Scanner 2 im Erdgeschoss klemmt'), (${tenantB}, 'Toner bestellt')`.execute(app.db);
      const seen = await runInTenantScope(tenantB, () => sql<{ note: string }>`select note from scan_station_notes`.execute(app.db));
      expect(seen.rows).toEqual([{ note: 'Toner bestellt' }]);
    } finally {
      await sql`drop table scan_station_notes`.execute(app.db);
    }
  });

  it('shows a query without any tenant filter only the scope’s own rows, in every table that has some', async () => {
    const tables = await tenantTables(app.db);
    const checked: string[] = [];
    for (const table of tables) {
      const all = await rowsPerTenant(app.db, table);
      if (!all.has(tenantA) || !all.has(tenantB)) continue;
      for (const tenantId of [tenantA, tenantB]) {
        const seen = await runInTenantScope(tenantId, () => rowsPerTenant(app.db, table));
        expect({ table, seen: [...seen] }).toEqual({ table, seen: [[tenantId, all.get(tenantId)]] });
      }
      checked.push(table);
    }
    // The seed reaches most tables: the check is not vacuous.
    expect(checked).toEqual(expect.arrayContaining(['documents', 'document_pages', 'document_steps', 'customers', 'audit_events', 'users', 'api_tokens', 'queues', 'work_items', 'work_item_counts', 'saved_searches', 'archive_renditions', 'legal_holds']));

    const documents = await runInTenantScope(tenantA, () => app.db.selectFrom('documents').selectAll().execute());
    expect(documents.map((document) => document.id).sort()).toEqual(lettersOf(tenantA).map((letter) => letter.id).sort());
    const tenants = await runInTenantScope(tenantB, () => app.db.selectFrom('tenants').select('id').execute());
    expect(tenants).toEqual([{ id: tenantB }]);
  });

  it('refuses to write a row for another tenant, and cannot change or delete one', async () => {
    const customersBefore = await rowsPerTenant(app.db, 'customers');
    await expect(
      runInTenantScope(tenantA, () =>
        sql`insert into customers (tenant_id, customer_number, first_name, last_name, city) values (${tenantB}, '9902119999', 'Jonas', 'Weber', 'Stuttgart')`.execute(app.db),
      ),
    ).rejects.toThrow(/row-level security/);
    const own = lettersOf(tenantA)[0] as Letter;
    // Moving an own row over to the other tenant fails the policy's WITH CHECK.
    await expect(runInTenantScope(tenantA, () => app.db.updateTable('documents').set({ tenant_id: tenantB }).where('id', '=', own.id).execute())).rejects.toThrow(/row-level security/);
    const updated = await runInTenantScope(tenantA, () => app.db.updateTable('customers').set({ city: 'Kiel' }).where('customer_number', '=', '9902113456').executeTakeFirst());
    expect(updated.numUpdatedRows).toBe(0n);
    const deleted = await runInTenantScope(tenantA, () => app.db.deleteFrom('saved_searches').where('tenant_id', '=', tenantB).executeTakeFirst());
    expect(deleted.numDeletedRows).toBe(0n);
    expect(await rowsPerTenant(app.db, 'customers')).toEqual(customersBefore);
    expect((await app.db.selectFrom('customers').select('city').where('customer_number', '=', '9902113456').executeTakeFirstOrThrow()).city).toBe('Stuttgart');
    // Writing the scope's own rows works, triggers included (work_item_counts is kept by one).
    await runInTenantScope(tenantA, () => app.db.updateTable('work_items').set({ status: 'closed', closed_at: new Date() }).where('document_id', '=', own.id).execute());
    const counts = await runInTenantScope(tenantA, () => app.db.selectFrom('work_item_counts').select(({ fn }) => fn.sum<number>('open_count').as('open')).executeTakeFirstOrThrow());
    expect(Number(counts.open)).toBe(lettersOf(tenantA).length - 1);
  });

  it('lets a tenant scope enqueue its document’s first job, but not read the job queue', async () => {
    const own = lettersOf(tenantA)[1] as Letter;
    await runInTenantScope(tenantA, () => app.pipeline.enqueueDocument(own.id, tenantA));
    const queued = await sql<{ data: { documentId: string; tenantId: string } }>`select data from pgboss.job where data->>'documentId' = ${own.id}`.execute(app.db);
    expect(queued.rows.map((row) => row.data)).toEqual([{ documentId: own.id, tenantId: tenantA }]);
    await expect(runInTenantScope(tenantA, () => sql`select data from pgboss.job`.execute(app.db))).rejects.toThrow(/permission denied/);
    await expect(runInTenantScope(tenantA, () => sql`delete from pgboss.job`.execute(app.db))).rejects.toThrow(/permission denied/);
  });

  it('gives a session of the tenant role without a tenant set no rows at all (fail closed)', async () => {
    const seen = await app.db.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${tenantRole}, true), set_config('poststelle.tenant_id', '', true)`.execute(trx);
      return (await sql<{ rows: number }>`select count(*)::int as rows from documents`.execute(trx)).rows[0]?.rows;
    });
    expect(seen).toBe(0);
    // The transaction-local switch is gone with the transaction: the system scope sees everything again.
    expect((await app.db.selectFrom('documents').select('id').execute()).length).toBe(letters.length);
  });

  it('hands real repositories nothing of another tenant, even when a bug passes them its ids and tenant', async () => {
    await runInTenantScope(tenantA, async () => {
      // Functions that filter by the tenant they are given, handed tenant B (as a confused caller would).
      await expect(app.documents.getById(tenantB, otherLetter.id)).rejects.toMatchObject({ code: 'documents.not_found' });
      await expect(app.documents.getPage(tenantB, otherLetter.id, 1)).rejects.toMatchObject({ code: 'documents.page_not_found' });
      expect(await app.documents.listPages(tenantB, otherLetter.id)).toEqual([]);
      expect(await app.documents.listRecent(tenantB, { limit: 50 })).toEqual([]);
      // Functions that take ids only and trust the caller to have checked the tenant.
      expect(await app.documents.getManyByIds(letters.map((letter) => letter.id))).toHaveLength(lettersOf(tenantA).length);
      expect(await app.documents.listSteps(otherLetter.id)).toEqual([]);
      const search = await app.search.search({ tenantId: tenantB, query: 'Vollmacht' });
      expect(search.hits).toEqual([]);
      const customers = createCustomersRepository({ db: app.db });
      expect(await customers.findByNumber(tenantB, '9902113456')).toBeNull();
      expect(await customers.count(tenantB)).toBe(0);
      expect(await customers.findCandidates(tenantB, { customerNumbers: ['9902113456'], contractNumbers: ['KS-M-2211'], ibans: ['DE02120300000000202051'], phones: [], emails: [], lastNameFolded: 'ozdemir', lastNamePhonetic: null, firstNamePhonetic: null, companyFolded: null, addresses: [] })).toEqual([]);
      expect((await listAuditEvents({ db: app.db }, { tenantId: tenantB })).events).toEqual([]);
      expect((await verifyAuditChain({ db: app.db })).tenants.map((chain) => chain.tenantId)).toEqual([tenantA]);
      const audit = createAuditLog({ db: app.db });
      expect(await createArchiveService({ db: app.db, blobs: app.blobs, audit }).rendition(tenantB, otherLetter.id)).toBeNull();
      expect(await createLegalHoldService({ db: app.db, audit }).list({ tenantId: tenantB, documentId: otherLetter.id })).toEqual([]);
    });
    // Control: the same calls in B's own scope do find B's data (the calls above were not empty by accident).
    await runInTenantScope(tenantB, async () => {
      expect((await app.documents.getById(tenantB, otherLetter.id)).id).toBe(otherLetter.id);
      expect((await app.documents.getPage(tenantB, otherLetter.id, 1)).image_key).toBe(`pages/${otherLetter.id}/1.png`);
      expect((await app.search.search({ tenantId: tenantB, query: 'Vollmacht' })).hits.map((hit) => hit.id)).toEqual([otherLetter.id]);
      expect((await createCustomersRepository({ db: app.db }).findByNumber(tenantB, '9902113456'))?.lastName).toBe('Özdemir');
      expect((await listAuditEvents({ db: app.db }, { tenantId: tenantB })).events.length).toBeGreaterThan(0);
    });
  });

  it('keeps one scope per transaction, lets the system scope be entered on purpose, and never mixes scopes of concurrent work', async () => {
    await runInTenantScope(tenantB, () =>
      app.db.transaction().execute(async (trx) => {
        const own = await trx.selectFrom('documents').select('tenant_id').execute();
        expect(new Set(own.map((row) => row.tenant_id))).toEqual(new Set([tenantB]));
        const everyone = await runInSystemScope(() => app.db.selectFrom('documents').select('id').execute());
        expect(everyone).toHaveLength(letters.length);
        expect(currentTenantScope()).toEqual({ kind: 'tenant', tenantId: tenantB });
      }),
    );
    // Many interleaved reads of two tenants over one small pool: connections switch scope back and forth.
    const rounds = Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? tenantA : tenantB));
    const seen = await Promise.all(
      rounds.map((tenantId) =>
        runInTenantScope(tenantId, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          const rows = await app.db.selectFrom('documents').select('tenant_id').execute();
          const setting = await sql<{ tenant: string; role: string }>`select current_setting('poststelle.tenant_id', true) as tenant, current_user as role`.execute(app.db);
          return { tenantId, seen: [...new Set(rows.map((row) => row.tenant_id))], setting: setting.rows[0] };
        }),
      ),
    );
    for (const result of seen) expect(result).toEqual({ tenantId: result.tenantId, seen: [result.tenantId], setting: { tenant: result.tenantId, role: tenantRole } });
    const system = await sql<{ tenant: string | null; role: string }>`select current_setting('poststelle.tenant_id', true) as tenant, current_user as role`.execute(app.db);
    expect(system.rows[0]?.role).not.toBe(tenantRole);
    expect(system.rows[0]?.tenant ?? '').toBe('');
  });
});
