import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixturesDir, testDataDir, type TestApp } from '../../../test/test-app.ts';
import { createArchiveService } from '../archive/archive.service.ts';
import { seedDocument } from '../archive/archive.test-letters.ts';
import { createLegalHoldService } from '../archive/legal-hold.service.ts';
import { createAuditLog } from '../audit/audit.log.ts';
import { verifyAuditChain } from '../audit/audit.verify.ts';
import { loadConfig, type PoststelleConfig } from '../config/config.ts';
import { connectDatabase, resolveConnectionString, type DatabaseHandle } from '../database/database.ts';
import { tenantIsolationGaps } from '../database/tenant-isolation.ts';
import { runInTenantScope } from '../database/tenant-scope.ts';
import { clusterDirFor, stopEmbeddedPostgres } from '../database/embedded-postgres.ts';
import { createScratchDatabase, type ScratchDatabase } from '../database/scratch-database.ts';
import { createSearchService } from '../search/search.service.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import { createBackup } from './backup.service.ts';
import { restoreBackup } from './restore.service.ts';

let app: TestApp;
let restoredDir: string;
let restoredConfig: PoststelleConfig;
let scratch: ScratchDatabase | null = null;
let restored: DatabaseHandle | null = null;
const queries = ['Kündigung', 'Hübner', 'Zählerstand', 'Vertrag Kombi', 'Rückgabe Hardware'];

beforeAll(async () => {
  app = await createTestApp();
  await app.pipeline.startWorkers();
  restoredDir = path.join(app.workDir, 'restored-data');
  // With DATABASE_URL (CI's own server) the restore goes to a fresh database there; else to the new data dir's own embedded PostgreSQL.
  if (process.env.DATABASE_URL) scratch = await createScratchDatabase({ dataDir: testDataDir, databaseUrl: process.env.DATABASE_URL, prefix: 'test_restore' });
  restoredConfig = loadConfig({ dataDir: restoredDir }, { ...process.env, DATABASE_URL: scratch?.url, POSTSTELLE_BLOB_URL: undefined, POSTSTELLE_LOG_LEVEL: 'error' });
}, 180_000);

afterAll(async () => {
  await restored?.close();
  await app?.cleanup();
  if (scratch) {
    await scratch.drop().catch(() => undefined);
  } else if (restoredDir) {
    await stopEmbeddedPostgres(restoredDir);
    await fs.rm(clusterDirFor(restoredDir), { recursive: true, force: true });
  }
});

async function documentsOf(handle: { db: TestApp['db'] }) {
  return handle.db
    .selectFrom('documents')
    .select(['id', 'tenant_id', 'sha256', 'original_key', 'pdf_key', 'status', 'channel', 'page_count', 'text', 'request_type', 'customer_number', 'received_at', 'fields', 'queue'])
    .orderBy('id')
    .execute();
}

async function pagesOf(handle: { db: TestApp['db'] }) {
  return handle.db.selectFrom('document_pages').select(['document_id', 'page_no', 'image_key', 'width', 'height', 'text']).orderBy('document_id').orderBy('page_no').execute();
}

async function blobHashes(config: PoststelleConfig): Promise<Map<string, string>> {
  const blobs = createBlobStore(config);
  const hashes = new Map<string, string>();
  for await (const key of blobs.list()) hashes.set(key, crypto.createHash('sha256').update(await blobs.get(key)).digest('hex'));
  return hashes;
}

describe('backup and restore', () => {
  it('restores documents, pages, search, audit trail and blobs into an empty data dir', async () => {
    const runId = await app.intake.startRun('default');
    const ingested: string[] = [];
    for (const file of ['01-digital-pdf.pdf', '09-digital-pdf.pdf']) {
      const outcome = await app.intake.ingest({ bytes: await fs.readFile(path.join(fixturesDir, file)), source: file, originalName: file, channel: 'auto', receivedAt: new Date('2026-11-25T08:00:00Z'), tenantId: 'default', runId });
      ingested.push(outcome.documentId);
    }
    await app.documents.waitUntilFinal(ingested, () => undefined);
    const audit = createAuditLog({ db: app.db });
    const seeded = await seedDocument(app, {
      tenantId: 'default',
      letter: { sender: 'Magdalena Wieczorek', street: 'Schillerstraße 21', city: '99423 Weimar', body: ['Zählerstand Gas 18233 m³ zum 30.11.2026.', 'Kundennummer 4711002233'] },
      requestType: 'customer_data_change',
      receivedAt: '2026-11-30T07:45:00Z',
      customerNumber: '4711002233',
      pages: 2,
    });
    await createArchiveService({ db: app.db, blobs: app.blobs, audit }).archiveDocument('default', seeded.id);
    await createLegalHoldService({ db: app.db, audit }).set({ tenantId: 'default', documentId: seeded.id, reason: 'Schlichtungsverfahren Bundesnetzagentur', actor: { id: null, name: 'Karin Vogelsang' } });
    await audit.record({ tenantId: 'default', actorId: null, actorName: 'Karin Vogelsang', action: 'document.view', subjectType: 'document', subjectId: ingested[0] ?? null });
    await fs.writeFile(path.join(app.config.dataDir, 'retention.json'), JSON.stringify({ defaultYears: 7 }));
    await fs.mkdir(path.join(app.config.dataDir, 'models'), { recursive: true });
    await fs.writeFile(path.join(app.config.dataDir, 'models', 'request-type.retrained.json'), JSON.stringify({ labels: ['cancellation', 'other'], weights: [0.25, -0.5] }));

    const archiveFile = path.join(app.workDir, 'backups', 'poststelle-2026-12-07.tar.gz');
    const summary = await createBackup({ config: app.config, connectionString: app.database.connectionString, blobs: app.blobs }, { outFile: archiveFile });
    const sourceBlobs = await blobHashes(app.config);
    expect(summary.blobs).toBe(sourceBlobs.size);
    expect(summary.files.sort()).toEqual(['models/request-type.retrained.json', 'retention.json']);
    expect((await fs.readdir(path.dirname(archiveFile))).filter((name) => name !== path.basename(archiveFile))).toEqual([]);

    // A non-empty target is refused; so is a damaged archive (nothing written before the sums are checked).
    await fs.mkdir(path.join(app.workDir, 'occupied'), { recursive: true });
    await fs.writeFile(path.join(app.workDir, 'occupied', 'notes.txt'), 'belegt');
    await expect(restoreBackup({ file: archiveFile, target: { ...restoredConfig, dataDir: path.join(app.workDir, 'occupied') }, force: false })).rejects.toMatchObject({ code: 'backup.target_not_empty' });
    const damagedDir = path.join(app.workDir, 'damaged');
    await fs.mkdir(damagedDir, { recursive: true });
    await tar.x({ file: archiveFile, cwd: damagedDir });
    const someBlob = (await fs.readdir(path.join(damagedDir, 'blobs')))[0] ?? '';
    await fs.appendFile(path.join(damagedDir, 'blobs', someBlob), Buffer.from([0]));
    const damagedFile = path.join(app.workDir, 'damaged.tar');
    await tar.c({ file: damagedFile, cwd: damagedDir }, ['manifest.json', 'database', 'blobs', 'files']);
    const untouched = path.join(app.workDir, 'untouched-target');
    await expect(restoreBackup({ file: damagedFile, target: { ...restoredConfig, dataDir: untouched }, force: false })).rejects.toMatchObject({ code: 'backup.checksum_mismatch' });
    await expect(fs.readdir(untouched)).rejects.toThrow();

    const result = await restoreBackup({ file: archiveFile, target: restoredConfig, force: false });
    expect(result.rows).toBe(summary.rows);
    expect(result.blobs).toBe(summary.blobs);

    restored = connectDatabase(await resolveConnectionString(restoredConfig), { maxConnections: 3 });
    expect(restored.connectionString).not.toBe(app.database.connectionString);
    const sourceDocuments = await documentsOf(app);
    expect(sourceDocuments.length).toBe(3);
    expect(await documentsOf(restored)).toEqual(sourceDocuments);
    expect(await pagesOf(restored)).toEqual(await pagesOf(app));
    expect(await restored.db.selectFrom('archive_renditions').selectAll().execute()).toEqual(await app.db.selectFrom('archive_renditions').selectAll().execute());
    expect(await restored.db.selectFrom('legal_holds').select(['document_id', 'reason']).execute()).toEqual([{ document_id: seeded.id, reason: 'Schlichtungsverfahren Bundesnetzagentur' }]);

    const sourceSearch = createSearchService({ db: app.db });
    const restoredSearch = createSearchService({ db: restored.db });
    let hits = 0;
    for (const query of queries) {
      const before = await sourceSearch.search({ tenantId: 'default', query, limit: 20, offset: 0 });
      const after = await restoredSearch.search({ tenantId: 'default', query, limit: 20, offset: 0 });
      hits += before.total;
      expect(after.hits.map((hit) => [hit.id, hit.score, hit.snippet])).toEqual(before.hits.map((hit) => [hit.id, hit.score, hit.snippet]));
    }
    expect(hits).toBeGreaterThan(0);

    // Row-level security came back with the migrations in the new cluster: role, policies, a tenant scope sees its own rows only.
    const restoredDb = restored.db;
    expect(await tenantIsolationGaps(restoredDb)).toEqual([]);
    const allDocuments = await restoredDb.selectFrom('documents').select('id').orderBy('id').execute();
    expect(allDocuments.length).toBeGreaterThan(0);
    expect(await runInTenantScope('default', () => restoredDb.selectFrom('documents').select('id').orderBy('id').execute())).toEqual(allDocuments);
    expect(await runInTenantScope('notariat-sued', () => restoredDb.selectFrom('documents').select('id').execute())).toEqual([]);

    const sourceChain = await verifyAuditChain({ db: app.db });
    const restoredChain = await verifyAuditChain({ db: restored.db });
    expect(restoredChain.ok).toBe(true);
    expect(restoredChain.tenants).toEqual(sourceChain.tenants);

    const restoredBlobs = await blobHashes(restoredConfig);
    expect(restoredBlobs).toEqual(sourceBlobs);
    for (const [key, sha256] of restoredBlobs) expect(sha256).toBe(key);
    expect(await fs.readFile(path.join(restoredDir, 'retention.json'), 'utf8')).toBe(JSON.stringify({ defaultYears: 7 }));
    expect(await fs.readFile(path.join(restoredDir, 'models', 'request-type.retrained.json'), 'utf8')).toContain('cancellation');
  }, 300_000); // ingest, backup, a second PostgreSQL cluster and the restore: slow on a shared machine
});
