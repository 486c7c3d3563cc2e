import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureManifest } from '../../../scripts/generate-fixtures.ts';
import { createTestApp, fixturesDir, type TestApp } from '../../../test/test-app.ts';
import { startLocalS3Server, type LocalS3Server } from '../../../test/s3-server.ts';
import { toContractLine, type ContractLine } from '../documents/documents.presenter.ts';
import { createS3Client } from './s3-blob-store.ts';

/**
 * Scale-out set-up in one process: the pipeline on a scratch PostgreSQL with
 * every blob (original, page images, searchable PDF) in an S3 bucket of a real
 * S3-protocol server; nothing is written to the data dir's blobs/.
 */
const manifest = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'manifest.json'), 'utf8')) as FixtureManifest;

describe('pipeline with the S3 blob driver', () => {
  let s3: LocalS3Server;
  let app: TestApp;

  beforeAll(async () => {
    s3 = await startLocalS3Server({ bucket: 'poststelle-e2e' });
    app = await createTestApp({ blobUrl: `s3://${s3.bucket}/mandant-sued`, s3: s3.settings });
    await app.pipeline.startWorkers();
  });

  afterAll(async () => {
    await app?.cleanup();
    await s3?.stop();
  });

  it('ingests a born-digital letter and processes it end to end with all blobs in the bucket', async () => {
    const fixture = manifest.documents.find((document) => document.kind === 'digital-pdf');
    if (!fixture) throw new Error('no digital-pdf fixture: run scripts/generate-fixtures.ts');
    expect(app.blobs.driver).toBe('s3');
    const runId = await app.intake.startRun('default');
    const bytes = fs.readFileSync(path.join(fixturesDir, fixture.file));
    const outcome = await app.intake.ingest({
      bytes,
      source: fixture.file,
      originalName: path.basename(fixture.file),
      channel: 'auto',
      receivedAt: new Date('2026-11-26T09:30:00Z'),
      tenantId: 'default',
      runId,
    });
    let line: ContractLine | null = null;
    await app.documents.waitUntilFinal([outcome.documentId], (row) => {
      line = toContractLine(row);
    });
    const result = line as unknown as ContractLine;
    expect(['routed', 'needs_review']).toContain(result.status);
    expect(result.pages).toBe(fixture.pages);
    expect(result.text.replace(/\s+/g, '')).toContain(fixture.customerNumber ?? '');

    const steps = await app.documents.listSteps(result.id);
    expect(steps.map((step) => step.status)).toEqual(steps.map(() => 'done'));

    // Every blob the document refers to is an object under the prefix, and reads back through the port.
    const document = await app.db.selectFrom('documents').select(['original_key', 'pdf_key']).where('id', '=', result.id).executeTakeFirstOrThrow();
    const pages = await app.db.selectFrom('document_pages').select(['image_key']).where('document_id', '=', result.id).execute();
    const referenced = new Set([document.original_key, document.pdf_key, ...pages.map((page) => page.image_key)].filter((key): key is string => Boolean(key)));
    const listed = await createS3Client(s3.settings).send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'mandant-sued/' }));
    const objects = new Set((listed.Contents ?? []).map((object) => object.Key));
    for (const key of referenced) expect(objects.has(`mandant-sued/${key}`), key).toBe(true);
    expect((await app.blobs.get(document.original_key)).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(app.workDir, 'blobs'))).toBe(false);

    const hits = await app.search.search({ tenantId: 'default', query: fixture.customerNumber ?? '' });
    expect(hits.hits.map((hit) => hit.id)).toContain(result.id);
  });
});
