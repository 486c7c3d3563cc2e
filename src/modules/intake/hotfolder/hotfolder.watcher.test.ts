import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeLetter } from '../../../../scripts/fixtures/letter.composer.ts';
import { renderLetter } from '../../../../scripts/fixtures/pdf.writer.ts';
import { CITIES } from '../../../../scripts/fixtures/people.ts';
import { Rng } from '../../../../scripts/fixtures/prng.ts';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';
import { createLogger } from '../../shared/logger.ts';
import { createHotfolderWatcher, type HotfolderSettings, type HotfolderStage } from './hotfolder.watcher.ts';

/**
 * The scanner hot folder on a real database and pipeline: files are taken
 * only when complete, manifests give receipt date and archive box, finished
 * files leave the inbox, and a watcher that dies mid-way is replaced by one
 * that neither loses nor repeats a file. Letters are born-digital PDFs (no OCR).
 */
describe('scanner hot folder', () => {
  let app: TestApp;
  let seed = 100;

  async function letterPdf(lastName: string): Promise<Buffer> {
    const rng = new Rng(seed++);
    const { content } = composeLetter(rng, { requestType: rng.pick(['cancellation', 'tariff_change', 'customer_data_change'] as const), tone: 'formal', lastName, city: rng.pick(CITIES), pages: 1 });
    const rendered = await renderLetter(
      content,
      { family: 'Helvetica', size: 11, layout: 'din', justify: false, scribble: true, pageNumbers: false, scribbleSeed: rng.seed() },
      { creationDate: new Date('2026-12-01T09:00:00Z') },
    );
    return rendered.pdf;
  }

  function watcherFor(dir: string, settings: Partial<HotfolderSettings> = {}, afterStage?: (stage: HotfolderStage) => void) {
    return createHotfolderWatcher({
      db: app.db,
      intake: app.intake,
      documents: app.documents,
      logger: createLogger(process.env.HOTFOLDER_TEST_LOG ?? 'silent'),
      maxFileBytes: app.config.maxFileBytes,
      settings: { path: dir, channel: 'auto', tenantId: 'default', completion: 'auto', settleMs: 200, pollMs: 100, ...settings },
      ...(afterStage ? { afterStage: (stage: HotfolderStage) => afterStage(stage) } : {}),
    });
  }

  async function newInbox(name: string): Promise<string> {
    const dir = path.join(app.workDir, name);
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  const claimsOf = (dir: string) => app.db.selectFrom('hotfolder_files').selectAll().where('folder', '=', path.resolve(dir)).orderBy('relative_path').execute();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Looks at the folder until every claim is finished (the pipeline runs in the background). */
  async function pollUntilFinished(watcher: ReturnType<typeof watcherFor>, dir: string, expected: number): Promise<void> {
    for (let round = 0; round < 600; round += 1) {
      await watcher.pollOnce();
      const claims = await claimsOf(dir);
      if (claims.length >= expected && claims.every((claim) => claim.status === 'done' || claim.status === 'failed')) return;
      await sleep(200);
    }
    throw new Error(`claims in ${dir} did not finish: ${JSON.stringify(await claimsOf(dir))}`);
  }

  beforeAll(async () => {
    app = await createTestApp({ ocrConcurrency: 1 });
    await app.pipeline.startWorkers();
  }, 120_000);

  afterAll(async () => {
    await app?.cleanup();
  });

  it('takes a file only once it is completely written, and ignores temporary names', async () => {
    const dir = await newInbox('inbox-partial');
    // A pause longer than settleMs would count as finished: the test's pauses stay well below it.
    const watcher = watcherFor(dir, { settleMs: 2000 });
    const pdf = await letterPdf('Köhler');
    const file = path.join(dir, 'Kuendigung-Koehler.pdf');
    await fs.writeFile(file, pdf.subarray(0, Math.floor(pdf.length / 2)));
    await fs.writeFile(path.join(dir, 'scan0001.pdf.tmp'), pdf);
    await fs.writeFile(path.join(dir, '~scan0002.pdf'), pdf);
    await fs.writeFile(path.join(dir, '.scan0003.pdf'), pdf);
    await watcher.pollOnce();
    await sleep(120);
    await watcher.pollOnce();
    expect(await claimsOf(dir)).toHaveLength(0);
    // The station writes the rest: unchanged for settleMs only from now on.
    await fs.appendFile(file, pdf.subarray(Math.floor(pdf.length / 2)));
    await watcher.pollOnce();
    expect(await claimsOf(dir)).toHaveLength(0);
    await sleep(2100);
    await pollUntilFinished(watcher, dir, 1);
    const [claim] = await claimsOf(dir);
    expect(claim).toMatchObject({ relative_path: 'Kuendigung-Koehler.pdf', status: 'done' });
    const [document] = await app.documents.getManyByIds([claim?.document_id ?? '']);
    expect(Number(document?.size_bytes)).toBe(pdf.length);
    expect(document?.source).toBe(path.join(dir, 'Kuendigung-Koehler.pdf'));
    const done = path.join(dir, '.poststelle', 'done');
    const [day] = await fs.readdir(done);
    expect(await fs.readdir(path.join(done, day ?? ''))).toEqual(['Kuendigung-Koehler.pdf']);
    expect((await fs.readdir(dir)).sort()).toEqual(['.poststelle', '.scan0003.pdf', 'scan0001.pdf.tmp', '~scan0002.pdf']);
  });

  it('with --completion marker waits for `<name>.done`, then removes the marker', async () => {
    const dir = await newInbox('inbox-marker');
    const watcher = watcherFor(dir, { completion: 'marker' });
    await fs.writeFile(path.join(dir, 'Brief-Schaefer.pdf'), await letterPdf('Schäfer'));
    await watcher.pollOnce();
    await sleep(300);
    await watcher.pollOnce();
    expect(await claimsOf(dir)).toHaveLength(0);
    await fs.writeFile(path.join(dir, 'Brief-Schaefer.pdf.done'), '');
    await pollUntilFinished(watcher, dir, 1);
    expect((await claimsOf(dir))[0]?.status).toBe('done');
    expect(await fs.readdir(dir)).toEqual(['.poststelle']);
  });

  it('applies the batch manifest: legal receipt date, scan batch and archive box, searchable by box id', async () => {
    const dir = await newInbox('inbox-manifest');
    const watcher = watcherFor(dir, { channel: 'scan' });
    await fs.writeFile(path.join(dir, 'B-0042.pdf'), await letterPdf('Öztürk'));
    await fs.writeFile(
      path.join(dir, 'B-0042.manifest.json'),
      JSON.stringify({ batchId: 'B-0042', scanDate: '2026-12-02T06:45:00Z', receivedAt: '2026-12-01T09:30:00+01:00', boxId: 'BOX-2026-0042', station: 'Scanstation Poststelle 2' }),
    );
    // A batch subfolder with its own manifest.json.
    await fs.mkdir(path.join(dir, 'stapel-17'));
    await fs.writeFile(path.join(dir, 'stapel-17', 'seite-a.pdf'), await letterPdf('Weiß'));
    await fs.writeFile(path.join(dir, 'stapel-17', 'seite-b.pdf'), await letterPdf('Nußbaum'));
    await fs.writeFile(path.join(dir, 'stapel-17', 'manifest.json'), JSON.stringify({ batchId: 'S-17', receivedAt: '2026-11-30T08:00:00Z', boxId: 'BOX-2026-0043' }));
    await sleep(250);
    await pollUntilFinished(watcher, dir, 3);

    const claims = await claimsOf(dir);
    expect(claims.map((claim) => [claim.relative_path, claim.status, claim.scan_batch_id])).toEqual([
      ['B-0042.pdf', 'done', 'B-0042'],
      ['stapel-17/seite-a.pdf', 'done', 'S-17'],
      ['stapel-17/seite-b.pdf', 'done', 'S-17'],
    ]);
    const documents = await app.documents.getManyByIds(claims.map((claim) => claim.document_id ?? ''));
    const single = documents.find((document) => document.id === claims[0]?.document_id);
    expect(single?.received_at.toISOString()).toBe('2026-12-01T08:30:00.000Z');
    expect(single).toMatchObject({ archive_box_id: 'BOX-2026-0042', scan_batch_id: 'B-0042', channel: 'scan' });
    for (const document of documents.filter((row) => row.id !== single?.id)) {
      expect(document.received_at.toISOString()).toBe('2026-11-30T08:00:00.000Z');
      expect(document.archive_box_id).toBe('BOX-2026-0043');
    }
    const batch = await app.db.selectFrom('scan_batches').selectAll().where('batch_id', '=', 'B-0042').executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ box_id: 'BOX-2026-0042', station: 'Scanstation Poststelle 2' });

    const found = await app.search.search({ tenantId: 'default', query: 'BOX-2026-0042', limit: 10 });
    expect(found.hits.map((hit) => hit.id)).toEqual([single?.id]);
    const box43 = await app.search.search({ tenantId: 'default', query: 'box 2026 0043'.replace(/ /g, '-'), limit: 10 });
    expect(box43.total).toBe(2);

    // Inbox empty; the sidecar manifest travelled with its file, the subfolder's manifest followed its batch.
    expect(await fs.readdir(dir)).toEqual(['.poststelle']);
    const doneDir = path.join(dir, '.poststelle', 'done');
    const [day] = await fs.readdir(doneDir);
    const done = path.join(doneDir, day ?? '');
    expect((await fs.readdir(done)).sort()).toEqual(['B-0042.manifest.json', 'B-0042.pdf', 'stapel-17']);
    expect((await fs.readdir(path.join(done, 'stapel-17'))).sort()).toEqual(['manifest.json', 'seite-a.pdf', 'seite-b.pdf']);
  });

  it('puts a file with a broken manifest, and one the pipeline quarantines, into failed/ with the reason', async () => {
    const dir = await newInbox('inbox-failed');
    const watcher = watcherFor(dir);
    await fs.writeFile(path.join(dir, 'B-0050.pdf'), await letterPdf('Günther'));
    await fs.writeFile(path.join(dir, 'B-0050.manifest.json'), '{ "batchId": "B-0050", "receivedAt": "gestern" }');
    await fs.writeFile(path.join(dir, 'Fax-kaputt.pdf'), Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >>\nkaputt'));
    await sleep(250);
    await pollUntilFinished(watcher, dir, 2);
    const claims = await claimsOf(dir);
    expect(claims.map((claim) => [claim.relative_path, claim.status])).toEqual([
      ['B-0050.pdf', 'failed'],
      ['Fax-kaputt.pdf', 'failed'],
    ]);
    expect(claims[0]?.document_id).toBeNull();
    expect(claims[0]?.error?.code).toBe('hotfolder.invalid_manifest');
    const failedDir = path.join(dir, '.poststelle', 'failed');
    const [day] = await fs.readdir(failedDir);
    const failed = path.join(failedDir, day ?? '');
    expect((await fs.readdir(failed)).sort()).toEqual(['B-0050.pdf', 'B-0050.pdf.error.json', 'Fax-kaputt.pdf', 'Fax-kaputt.pdf.error.json']);
    const report = JSON.parse(await fs.readFile(path.join(failed, 'Fax-kaputt.pdf.error.json'), 'utf8')) as { documents: Array<{ status: string; error: { code: string } }> };
    expect(report.documents[0]?.status).toBe('quarantined');
    expect(report.documents[0]?.error.code).toMatch(/pdf/);
  });

  it('resumes after a crash between ingest and move: the file is moved, not ingested again', async () => {
    const dir = await newInbox('inbox-crash');
    const pdfs = { a: await letterPdf('Brückner'), b: await letterPdf('Löffler') };
    await fs.writeFile(path.join(dir, 'a-brueckner.pdf'), pdfs.a);
    await fs.writeFile(path.join(dir, 'b-loeffler.pdf'), pdfs.b);
    await sleep(250);
    // First watcher dies right after ingesting a (claim recorded) and after ingesting b (claim not yet recorded).
    const dying = watcherFor(dir, {}, (stage) => {
      if (stage === 'ingested' || stage === 'ingested-unrecorded') throw new Error(`killed at ${stage}`);
    });
    await dying.start();
    for (let round = 0; round < 100 && (await claimsOf(dir)).length < 1; round += 1) await sleep(100);
    await dying.stop();
    // Each file's first attempt died after its document was made but before the claim said so;
    // the same watcher may already have recovered some of them on a later look before it stopped.
    const before = await claimsOf(dir);
    expect(before.map((claim) => claim.status)).toEqual(['claimed']);
    expect(await app.db.selectFrom('documents').select('id').where('source', '=', path.join(dir, 'a-brueckner.pdf')).execute()).toHaveLength(1);

    const successor = watcherFor(dir);
    await pollUntilFinished(successor, dir, 2);
    const after = await claimsOf(dir);
    expect(after.map((claim) => claim.status)).toEqual(['done', 'done']);
    expect(after[0]?.id).toBe(before[0]?.id);
    for (const [name, pdf] of [
      ['a-brueckner.pdf', pdfs.a],
      ['b-loeffler.pdf', pdfs.b],
    ] as const) {
      const rows = await app.db.selectFrom('documents').select(['id', 'status']).where('source', '=', path.join(dir, name)).execute();
      expect(rows, name).toHaveLength(1);
      expect(rows[0]?.status).not.toBe('duplicate');
      expect(pdf.length).toBeGreaterThan(0);
    }

    // A watcher that dies after recording the ingest, before moving.
    await fs.writeFile(path.join(dir, 'c-moeller.pdf'), await letterPdf('Möller'));
    await sleep(250);
    const second = watcherFor(dir, {}, (stage) => {
      if (stage === 'ingested') throw new Error('killed after ingest');
    });
    for (let round = 0; round < 20 && !(await claimsOf(dir)).some((claim) => claim.relative_path === 'c-moeller.pdf'); round += 1) {
      await second.pollOnce();
      await sleep(150);
    }
    await second.stop();
    const claimC = (await claimsOf(dir)).find((claim) => claim.relative_path === 'c-moeller.pdf');
    expect(claimC?.status).toBe('ingested');
    await pollUntilFinished(watcherFor(dir), dir, 3);
    const rowsC = await app.db.selectFrom('documents').select('id').where('source', '=', path.join(dir, 'c-moeller.pdf')).execute();
    expect(rowsC).toHaveLength(1);
    expect(await fs.readdir(dir)).toEqual(['.poststelle']);
  });
});
