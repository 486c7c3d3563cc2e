import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { startLocalS3Server, type LocalS3Server } from '../../test/s3-server.ts';
import { createServer } from './server.ts';

/** `serve` in scale-out: /healthz is ready only while the S3 bucket answers too. */
describe('/healthz with the S3 blob store', () => {
  let s3: LocalS3Server;
  let app: TestApp;
  let server: FastifyInstance;

  beforeAll(async () => {
    s3 = await startLocalS3Server({ bucket: 'poststelle-health' });
    app = await createTestApp({ blobUrl: `s3://${s3.bucket}/mandant-west`, s3: { ...s3.settings, maxAttempts: 1 } });
    server = await createServer(app);
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
    await s3?.stop();
  });

  it('is ok while database and bucket answer, and 503 once the S3 server is gone', async () => {
    const healthy = await server.inject({ url: '/healthz' });
    expect(healthy.statusCode).toBe(200);
    expect(healthy.json()).toEqual({ status: 'ok' });

    await s3.stop();
    const broken = await server.inject({ url: '/healthz' });
    expect(broken.statusCode).toBe(503);
    expect(broken.json()).toEqual({ status: 'blob store unavailable' });
  });
});
