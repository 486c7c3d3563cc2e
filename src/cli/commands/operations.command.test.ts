import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../../test/test-app.ts';
import { seedDocument } from '../../modules/archive/archive.test-letters.ts';
import { createAuditLog } from '../../modules/audit/audit.log.ts';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../modules/database/database.ts';
import { createBlobStore } from '../../modules/storage/blob-store.ts';
import { loadConfig } from '../../modules/config/config.ts';

/** audit, retention, erase, hold and backup as an operator runs them: separate processes, exit codes, JSON. */
const cliPath = path.resolve('bin/poststelle.js');
let env: NodeJS.ProcessEnv;
let workDir: string;
let dataDir: string;
let dropDatabase: () => Promise<void>;
let handle: DatabaseHandle;
/** Each CLI process starts tsx; on a shared, busy machine a few of them take a while. */
const slowProcesses = 300_000;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, cwd: workDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const test = await createTestConfig();
  workDir = test.workDir;
  dataDir = path.join(workDir, 'data');
  dropDatabase = test.dropDatabase;
  env = { ...process.env, DATABASE_URL: test.config.databaseUrl ?? '', POSTSTELLE_DATA_DIR: dataDir, POSTSTELLE_LOG_LEVEL: 'error' };
  handle = connectDatabase(test.config.databaseUrl ?? '', { maxConnections: 3 });
  await migrateToLatest(handle.db);
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await dropDatabase?.();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('operations CLI', () => {
  it('audit verify: exit 0 on an intact chain, 3 naming the entry once a row was edited; audit list', async () => {
    const audit = createAuditLog({ db: handle.db });
    for (const [action, subjectId] of [['document.view', 'd-100'], ['document.assign', 'd-100'], ['document.export', 'd-200']] as const) {
      await audit.record({ tenantId: 'default', actorId: 'u-7', actorName: 'Svenja Marquardt', action, subjectType: 'document', subjectId });
    }
    const intact = await run(['audit', 'verify', '--json']);
    expect(intact.code, intact.stderr).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, tenants: [{ tenantId: 'default', entries: 3, lastSeq: 3 }] });

    const list = await run(['audit', 'list', '--subject', 'd-100']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').map((line) => line.split(' ')[0])).toEqual(['#2', '#1']);

    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(handle.db);
    await sql`update audit_events set actor_name = 'Jemand Anderes' where tenant_id = 'default' and seq = 2`.execute(handle.db);
    await sql`alter table audit_events enable trigger audit_events_no_change`.execute(handle.db);
    const broken = await run(['audit', 'verify']);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toContain('default: BROKEN at entry #2 (hash_mismatch)');
  }, slowProcesses);

  it('hold set; retention run --dry-run reports without deleting', async () => {
    const blobs = createBlobStore(loadConfig({ dataDir }, { ...process.env, POSTSTELLE_BLOB_URL: undefined }));
    const old = await seedDocument({ db: handle.db, blobs }, { tenantId: 'default', letter: { sender: 'Gustav Reinhardt', street: 'Domplatz 2', city: '06108 Halle (Saale)', body: ['Anfrage zur Abrechnung 2014.'] }, requestType: 'general_inquiry', receivedAt: '2014-03-03T09:00:00Z' });
    const held = await seedDocument({ db: handle.db, blobs }, { tenantId: 'default', letter: { sender: 'Gustav Reinhardt', street: 'Domplatz 2', city: '06108 Halle (Saale)', body: ['Widerspruch gegen die Abrechnung 2013.'] }, requestType: 'invoice_complaint', receivedAt: '2013-03-03T09:00:00Z', customerNumber: '4711003344' });
    const hold = await run(['hold', 'set', held.id, '--reason', 'Klage AG Halle 93 C 12/26', '--json']);
    expect(hold.code, hold.stderr).toBe(0);
    expect(JSON.parse(hold.stdout)).toMatchObject({ documentId: held.id, reason: 'Klage AG Halle 93 C 12/26' });

    const dryRun = await run(['retention', 'run', '--dry-run', '--json', '--now', '2026-12-07T12:00:00Z']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const report = JSON.parse(dryRun.stdout) as { deleted: number; tenants: Array<{ held: number; outcome: { deleted: Array<{ id: string }> } }> };
    expect(report.deleted).toBe(1);
    expect(report.tenants[0]?.outcome.deleted.map((document) => document.id)).toEqual([old.id]);
    expect(report.tenants[0]?.held).toBe(1);
  }, slowProcesses);

  it('erase respects a legal hold and erases once it is released', async () => {
    const [held] = await handle.db.selectFrom('documents').select('id').where('customer_number', '=', '4711003344').execute();
    if (!held) throw new Error('the held letter of the previous test is missing');
    const old = await handle.db.selectFrom('documents').select('id').where('request_type', '=', 'general_inquiry').executeTakeFirstOrThrow();
    const badCustomer = await run(['erase', '--customer', '47110']);
    expect(badCustomer.code).toBe(1);
    const erase = await run(['erase', '--customer', '4711003344', '--json']);
    expect(erase.code, erase.stderr).toBe(0);
    expect(JSON.parse(erase.stdout)).toMatchObject({ deleted: [], skipped: [{ documentId: held.id, reason: 'legal_hold' }] });

    expect((await run(['hold', 'release', held.id, '--reason', 'Klage zurückgenommen'])).code).toBe(0);
    const erased = await run(['erase', '--customer', '4711003344', '--json', '--reference', 'DSGVO-77']);
    expect(JSON.parse(erased.stdout)).toMatchObject({ deleted: [{ id: held.id }], skipped: [] });
    const remaining = await handle.db.selectFrom('documents').select('id').execute();
    expect(remaining.map((row) => row.id)).toEqual([old.id]);
  }, slowProcesses);

  it('backup writes an archive; restore refuses a non-empty data dir (exit 1)', async () => {
    const out = path.join(workDir, 'sicherung.tar.gz');
    const backup = await run(['backup', '--out', out, '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    const summary = JSON.parse(backup.stdout) as { file: string; blobs: number; rows: number };
    expect(summary.file).toBe(out);
    expect(summary.blobs).toBeGreaterThan(0);
    expect(fs.statSync(out).size).toBeGreaterThan(0);
    const refused = await run(['restore', out, '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('backup.target_not_empty');
  }, slowProcesses);
});
