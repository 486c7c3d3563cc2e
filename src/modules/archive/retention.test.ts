import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createAuditLog } from '../audit/audit.log.ts';
import { listAuditEvents } from '../audit/audit.query.ts';
import { verifyAuditChain } from '../audit/audit.verify.ts';
import { createArchiveService } from './archive.service.ts';
import { letterPdf, seedDocument } from './archive.test-letters.ts';
import { eraseCustomerDocuments } from './erasure.service.ts';
import { createLegalHoldService } from './legal-hold.service.ts';
import { defaultRetentionRules } from './retention.rules.ts';
import { retainUntilOf, runRetention } from './retention.service.ts';

let app: TestApp;
const now = new Date('2026-12-07T12:00:00Z');
const clerk = { id: 'a5f0c3e2-1b7d-4e8f-9a6c-2d4b8e1f0a3c', name: 'Claudia Brenner' };

beforeAll(async () => {
  app = await createTestApp();
  await app.db.insertInto('tenants').values([{ id: 'kanzlei-brandt', name: 'Kanzlei Brandt & Partner' }, { id: 'stadtwerke-ulm', name: 'Stadtwerke Ulm GmbH' }]).execute();
}, 120_000);

const lexemesLike = async (tenantId: string, pattern: string) =>
  (await app.db.selectFrom('search_lexemes').select('lexeme').where('tenant_id', '=', tenantId).where('lexeme', 'like', pattern).execute()).map((row) => row.lexeme);

afterAll(async () => {
  await app?.cleanup();
});

const letters = {
  kuendigung2015: { sender: 'Walter Grünberg', street: 'Hauptstraße 17', city: '89073 Ulm', body: ['Kündigung Gasvertrag 7700451234 zum 30.06.2015.', 'Zwangsversteigerungsverfahren beim Amtsgericht Ulm anhängig.'] },
  anfrage2019: { sender: 'Monika Sauerbier', street: 'Uhlandstraße 5', city: '70182 Stuttgart', body: ['Anfrage zu meinem Abschlag im Juni 2019.', 'Warum hat sich der Betrag erhöht?'] },
  anfrage2020: { sender: 'Dieter Kowalczyk', street: 'Bahnhofplatz 2', city: '80335 München', body: ['Allgemeine Anfrage zur Jahresabrechnung 2019.', 'Bitte rufen Sie mich zurück.'] },
  vertrag2017: { sender: 'Ingrid Pfannenstiel', street: 'Rheinuferweg 88', city: '55116 Mainz', body: ['Anbei die unterschriebenen Vertragsunterlagen.', 'Vertragsnummer 3300998877.'] },
  reklamation2018: { sender: 'Yusuf Demirci', street: 'Neckarstraße 31', city: '68159 Mannheim', body: ['Reklamation der Rechnung vom 12.11.2018.', 'Der Zählerstand ist falsch abgelesen.'] },
  alt2016: { sender: 'Erika Hollerbach', street: 'Fichtenweg 3', city: '01069 Dresden', body: ['Änderung meiner Anschrift ab 01.09.2016.'] },
};

describe('retention rules', () => {
  it('counts from the end of the calendar year of receipt (Europe/Berlin), per request type', async () => {
    const contract = await seedDocument(app, { tenantId: 'kanzlei-brandt', letter: letters.vertrag2017, requestType: 'contract_documents', receivedAt: '2017-12-31T23:30:00Z' });
    const inquiry = await seedDocument(app, { tenantId: 'kanzlei-brandt', letter: letters.anfrage2020, requestType: 'general_inquiry', receivedAt: '2020-02-01T09:00:00Z' });
    const unknown = await seedDocument(app, { tenantId: 'kanzlei-brandt', letter: { ...letters.anfrage2020, sender: 'Petra Unger' }, requestType: null, receivedAt: '2020-05-01T09:00:00Z' });
    // 23:30 UTC on 31 Dec is already 1 Jan 2018 in Berlin: counted from the end of 2018.
    expect((await retainUntilOf(app.db, defaultRetentionRules, contract.id))?.toISOString()).toBe('2028-12-31T23:00:00.000Z');
    expect((await retainUntilOf(app.db, defaultRetentionRules, inquiry.id))?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect((await retainUntilOf(app.db, defaultRetentionRules, unknown.id))?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect((await retainUntilOf(app.db, { ...defaultRetentionRules, periodStart: 'received' }, inquiry.id))?.toISOString()).toBe('2026-02-01T09:00:00.000Z');
    await app.db.deleteFrom('document_pages').where('document_id', 'in', [contract.id, inquiry.id, unknown.id]).execute();
    await app.db.deleteFrom('documents').where('id', 'in', [contract.id, inquiry.id, unknown.id]).execute();
  });
});

describe('retention run and legal hold', () => {
  it('deletes expired documents without hold, with their blobs and an audit entry each; dry run first', async () => {
    const audit = createAuditLog({ db: app.db });
    const holds = createLegalHoldService({ db: app.db, audit });
    const archive = createArchiveService({ db: app.db, blobs: app.blobs, audit });
    const deps = { db: app.db, blobs: app.blobs, audit };
    const tenantId = 'kanzlei-brandt';

    const sharedOriginal = await letterPdf(letters.kuendigung2015);
    const expiredContract = await seedDocument(app, { tenantId, letter: letters.kuendigung2015, requestType: 'cancellation', receivedAt: '2015-03-01T10:00:00Z', original: sharedOriginal, pages: 2 });
    const sameBytesElsewhere = await seedDocument(app, { tenantId: 'stadtwerke-ulm', letter: letters.kuendigung2015, requestType: 'cancellation', receivedAt: '2024-03-01T10:00:00Z', original: sharedOriginal });
    const expiredInquiry = await seedDocument(app, { tenantId, letter: letters.anfrage2019, requestType: 'general_inquiry', receivedAt: '2019-06-15T08:00:00Z' });
    const expiredCopy = await seedDocument(app, { tenantId, letter: letters.anfrage2019, requestType: 'general_inquiry', receivedAt: '2019-07-01T08:00:00Z', status: 'duplicate', duplicateOf: expiredInquiry.id, original: await letterPdf(letters.anfrage2019) });
    const current = await seedDocument(app, { tenantId, letter: letters.anfrage2020, requestType: 'general_inquiry', receivedAt: '2020-02-01T09:00:00Z' });
    const contract = await seedDocument(app, { tenantId, letter: letters.vertrag2017, requestType: 'contract_documents', receivedAt: '2017-05-05T09:00:00Z' });
    const held = await seedDocument(app, { tenantId, letter: letters.reklamation2018, requestType: 'invoice_complaint', receivedAt: '2018-11-30T09:00:00Z' });
    const stuck = await seedDocument(app, { tenantId, letter: { ...letters.alt2016, sender: 'Otto Brenninkmeyer' }, requestType: null, receivedAt: '2010-01-05T09:00:00Z', status: 'processing' });
    const oldOriginal = await seedDocument(app, { tenantId, letter: letters.alt2016, requestType: 'customer_data_change', receivedAt: '2016-08-20T09:00:00Z' });
    const laterCopy = await seedDocument(app, { tenantId, letter: letters.alt2016, requestType: 'customer_data_change', receivedAt: '2022-08-20T09:00:00Z', status: 'duplicate', duplicateOf: oldOriginal.id, original: await letterPdf({ ...letters.alt2016, body: [...letters.alt2016.body, 'Zweitschrift'] }) });

    const rendition = await archive.archiveDocument(tenantId, expiredContract.id);
    await holds.set({ tenantId, documentId: held.id, reason: 'Rechtsstreit LG Mannheim 3 O 117/26', actor: clerk });
    expect(await app.search.search({ tenantId, query: 'Zwangsversteigerungsverfahren', limit: 10, offset: 0 }).then((result) => result.total)).toBe(1);
    expect((await lexemesLike(tenantId, 'zwangsversteiger%')).length).toBe(1);

    const dryRun = await runRetention(deps, { rules: defaultRetentionRules, dryRun: true, now, tenantId });
    const wouldDelete = dryRun.tenants[0]?.outcome.deleted.map((document) => document.id).sort();
    expect(wouldDelete).toEqual([expiredContract.id, expiredInquiry.id, expiredCopy.id].sort());
    expect(dryRun.tenants[0]?.held).toBe(1);
    expect(dryRun.tenants[0]?.outcome.skipped).toEqual([{ documentId: oldOriginal.id, reason: 'referenced', detail: laterCopy.id }]);
    expect(await app.db.selectFrom('documents').select('id').where('id', '=', expiredContract.id).executeTakeFirst()).toBeDefined();

    const run = await runRetention(deps, { rules: defaultRetentionRules, dryRun: false, now });
    expect(run.deleted).toBe(3);
    const tenantRun = run.tenants.find((tenant) => tenant.tenantId === tenantId);
    expect(tenantRun?.outcome.deleted.map((document) => document.id).sort()).toEqual(wouldDelete);
    const remaining = (await app.db.selectFrom('documents').select('id').where('tenant_id', '=', tenantId).execute()).map((row) => row.id).sort();
    expect(remaining).toEqual([current.id, contract.id, held.id, stuck.id, oldOriginal.id, laterCopy.id].sort());
    expect(await app.db.selectFrom('document_pages').select('page_no').where('document_id', '=', expiredContract.id).execute()).toEqual([]);
    expect(await archive.rendition(tenantId, expiredContract.id)).toBeNull();

    // Blobs: pages and rendition gone; the original stays because another tenant holds the same bytes.
    for (const key of [...expiredContract.pageKeys, rendition.blobKey, ...expiredInquiry.pageKeys]) expect(await app.blobs.has(key)).toBe(false);
    expect(await app.blobs.has(expiredContract.originalKey)).toBe(true);
    expect(sameBytesElsewhere.originalKey).toBe(expiredContract.originalKey);
    expect(await app.blobs.has(expiredInquiry.originalKey)).toBe(false);
    expect(await app.blobs.has(current.originalKey)).toBe(true);
    expect(tenantRun?.outcome.blobsShared).toBe(1);

    // Search: neither the document nor its unique words remain.
    expect(await app.search.search({ tenantId, query: 'Zwangsversteigerungsverfahren', limit: 10, offset: 0 }).then((result) => result.total)).toBe(0);
    expect(await lexemesLike(tenantId, 'zwangsversteiger%')).toEqual([]);

    const deletions = await listAuditEvents({ db: app.db }, { tenantId, action: 'document.delete' });
    expect(deletions.events.map((event) => event.subjectId).sort()).toEqual(wouldDelete);
    const contractEntry = deletions.events.find((event) => event.subjectId === expiredContract.id);
    expect(contractEntry).toMatchObject({ actorName: 'retention', actorId: null, details: { reason: 'retention', requestType: 'cancellation', retainUntil: '2025-12-31T23:00:00.000Z' } });
    expect((await verifyAuditChain({ db: app.db })).ok).toBe(true);

    // Releasing the hold lets the next run delete it.
    expect(await holds.release({ tenantId, documentId: held.id, reason: 'Verfahren rechtskräftig abgeschlossen', actor: clerk })).toBe(1);
    const next = await runRetention(deps, { rules: defaultRetentionRules, dryRun: false, now, tenantId });
    expect(next.tenants[0]?.outcome.deleted.map((document) => document.id)).toEqual([held.id]);
    const holdEvents = await listAuditEvents({ db: app.db }, { tenantId, action: 'document.legal_hold', subjectId: held.id });
    expect(holdEvents.events.map((event) => event.details.hold)).toEqual(['released', 'set']);
  });

  it('refuses a hold without a reason or on another tenant’s document', async () => {
    const audit = createAuditLog({ db: app.db });
    const holds = createLegalHoldService({ db: app.db, audit });
    const document = await seedDocument(app, { tenantId: 'stadtwerke-ulm', letter: letters.anfrage2020, requestType: 'general_inquiry', receivedAt: '2025-01-10T09:00:00Z' });
    await expect(holds.set({ tenantId: 'stadtwerke-ulm', documentId: document.id, reason: ' ', actor: clerk })).rejects.toMatchObject({ code: 'archive.reason_required' });
    await expect(holds.set({ tenantId: 'kanzlei-brandt', documentId: document.id, reason: 'Prüfung Finanzamt', actor: clerk })).rejects.toMatchObject({ code: 'documents.not_found' });
    expect(await holds.list({ tenantId: 'stadtwerke-ulm', documentId: document.id })).toEqual([]);
  });
});

describe('GDPR erasure', () => {
  it("erases one customer's documents and their copies, keeps held ones, audit-recorded", async () => {
    const audit = createAuditLog({ db: app.db });
    const holds = createLegalHoldService({ db: app.db, audit });
    const deps = { db: app.db, blobs: app.blobs, audit };
    const tenantId = 'stadtwerke-ulm';
    const customer = '4711000815';
    const letterOne = { sender: 'Friederike Almansberger', street: 'Olgastraße 40', city: '89073 Ulm', body: ['Kundennummer 4711000815', 'Bitte löschen Sie alle meine Daten gemäß Art. 17 DSGVO.', 'Zu Händen Ihres Datenschutzbeauftragten.'] };
    const letterTwo = { sender: 'Friederike Almansberger', street: 'Olgastraße 40', city: '89073 Ulm', body: ['Kundennummer 4711000815', 'Zählerstand Strom 48213 kWh am 01.12.2026.'] };
    const first = await seedDocument(app, { tenantId, letter: letterOne, requestType: 'customer_data_change', receivedAt: '2026-11-02T08:00:00Z', customerNumber: customer, pages: 2 });
    const copy = await seedDocument(app, { tenantId, letter: letterOne, requestType: 'customer_data_change', receivedAt: '2026-11-03T08:00:00Z', status: 'duplicate', duplicateOf: first.id, original: await letterPdf({ ...letterOne, body: [...letterOne.body, 'per Fax'] }) });
    const heldLetter = await seedDocument(app, { tenantId, letter: letterTwo, requestType: 'general_inquiry', receivedAt: '2026-11-20T08:00:00Z', customerNumber: customer });
    const suggestedOnly = await seedDocument(app, { tenantId, letter: { ...letterTwo, sender: 'F. Almansberger' }, requestType: 'general_inquiry', receivedAt: '2026-11-21T08:00:00Z', suggestedCustomerNumber: customer });
    const otherCustomer = await seedDocument(app, { tenantId, letter: { sender: 'Jens Almansberger', street: 'Olgastraße 40', city: '89073 Ulm', body: ['Kundennummer 4711000999', 'Abschlag anpassen.'] }, requestType: 'tariff_change', receivedAt: '2026-11-22T08:00:00Z', customerNumber: '4711000999' });
    await holds.set({ tenantId, documentId: heldLetter.id, reason: 'Inkassoverfahren Az. 12 C 345/26', actor: clerk });

    expect((await lexemesLike(tenantId, 'datenschutzbeauftrag%')).length).toBe(1);

    const dryRun = await eraseCustomerDocuments(deps, { tenantId, customerNumber: customer, actor: clerk, dryRun: true, requestReference: 'DSGVO-2026-0142' });
    expect(dryRun.deleted.map((document) => document.id).sort()).toEqual([first.id, copy.id].sort());
    expect(dryRun.skipped).toEqual([{ documentId: heldLetter.id, reason: 'legal_hold' }]);
    expect(dryRun.suggestedNotErased).toEqual([suggestedOnly.id]);
    expect(await app.search.search({ tenantId, query: 'Art. 17 DSGVO', limit: 10, offset: 0 }).then((result) => result.total)).toBeGreaterThan(0);

    const report = await eraseCustomerDocuments(deps, { tenantId, customerNumber: customer, actor: clerk, dryRun: false, requestReference: 'DSGVO-2026-0142' });
    expect(report.deleted.map((document) => document.id).sort()).toEqual([first.id, copy.id].sort());
    const left = (await app.db.selectFrom('documents').select('id').where('tenant_id', '=', tenantId).where('id', 'in', [first.id, copy.id, heldLetter.id, suggestedOnly.id, otherCustomer.id]).execute()).map((row) => row.id).sort();
    expect(left).toEqual([heldLetter.id, suggestedOnly.id, otherCustomer.id].sort());
    for (const key of [first.originalKey, copy.originalKey, ...first.pageKeys]) expect(await app.blobs.has(key)).toBe(false);
    expect(await app.search.search({ tenantId, query: 'Almansberger DSGVO', limit: 10, offset: 0 }).then((result) => result.total)).toBe(0);
    expect(await lexemesLike(tenantId, 'datenschutzbeauftrag%')).toEqual([]);
    expect((await lexemesLike(tenantId, 'almansberg%')).length).toBe(1); // still in the other customer's letter

    const erasures = await listAuditEvents({ db: app.db }, { tenantId, action: 'document.erase' });
    expect(erasures.events.map((event) => event.subjectId).sort()).toEqual([first.id, copy.id].sort());
    expect(erasures.events[0]).toMatchObject({ actorName: clerk.name, details: { reason: 'gdpr_erasure', customerNumber: customer, request: 'DSGVO-2026-0142' } });
    expect((await verifyAuditChain({ db: app.db }, { tenantId })).ok).toBe(true);
  });
});

describe('scheduled maintenance (pg-boss)', () => {
  it('schedules the deletion job and the archive sweep; a retention job deletes expired documents', async () => {
    const { startArchiveMaintenance, maintenanceQueues } = await import('./archive.jobs.ts');
    const audit = createAuditLog({ db: app.db });
    const expired = await seedDocument(app, { tenantId: 'stadtwerke-ulm', letter: { sender: 'Rosemarie Kettenbach', street: 'Münsterplatz 1', city: '89073 Ulm', body: ['Frage zur Rechnung 2012.'] }, requestType: 'invoice_complaint', receivedAt: '2012-04-02T09:00:00Z' });
    const maintenance = await startArchiveMaintenance({ connectionString: app.database.connectionString, db: app.db, blobs: app.blobs, audit, dataDir: app.workDir, logger: app.logger, timeoutMs: 60_000 });
    try {
      const schedules = await maintenance.boss.getSchedules();
      expect(schedules.map((schedule) => [schedule.name, schedule.cron]).sort()).toEqual([
        [maintenanceQueues.archive, '*/10 * * * *'],
        [maintenanceQueues.retention, '30 2 * * *'],
      ]);
      const jobId = await maintenance.boss.send(maintenanceQueues.retention, {});
      expect(jobId).toBeTruthy();
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const job = await maintenance.boss.getJobById(maintenanceQueues.retention, jobId ?? '');
        if (job?.state === 'completed' || job?.state === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await maintenance.boss.getJobById(maintenanceQueues.retention, jobId ?? ''))?.state).toBe('completed');
      expect(await app.db.selectFrom('documents').select('id').where('id', '=', expired.id).executeTakeFirst()).toBeUndefined();
    } finally {
      await maintenance.stop();
    }
  });
});
