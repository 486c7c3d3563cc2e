import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3Server, type LocalS3Server } from '../../../test/s3-server.ts';
import { describeBlobStoreContract } from './blob-store.contract.ts';
import { createBlobStore } from './blob-store.ts';
import { createS3BlobStore, createS3Client } from './s3-blob-store.ts';

let server: LocalS3Server;

beforeAll(async () => {
  server = await startLocalS3Server();
});

afterAll(async () => {
  await server?.stop();
});

// Each store gets its own prefix in the bucket, so list() sees only its own blobs.
describeBlobStoreContract('s3 (s3rver on 127.0.0.1)', async () =>
  createS3BlobStore({ client: createS3Client(server.settings), bucket: server.bucket, prefix: `tenants/${crypto.randomBytes(4).toString('hex')}` }),
);

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('s3 blob store: configuration and failures', () => {
  it('is chosen by POSTSTELLE_BLOB_URL=s3://bucket/prefix and keeps objects under the prefix', async () => {
    const store = createBlobStore({ blobUrl: `s3://${server.bucket}/mandant-nord/briefe`, dataDir: '/nonexistent', s3: server.settings });
    expect(store.driver).toBe('s3');
    const stored = await store.put(Buffer.from('Sehr geehrte Damen und Herren, hiermit kündige ich meinen Vertrag 4711-0815.'));
    const client = createS3Client(server.settings);
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const head = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: `mandant-nord/briefe/${stored.key}` }));
    expect(head.ContentLength).toBe(stored.sizeBytes);
    expect(head.Metadata?.sha256).toBe(stored.sha256);
  });

  it('reports a missing bucket as system.storage_unavailable, not as a missing blob', async () => {
    const store = createS3BlobStore({ client: createS3Client(server.settings), bucket: 'gibt-es-nicht', prefix: '' });
    await expect(store.check()).rejects.toMatchObject({ code: 'system.storage_unavailable', message: expect.stringContaining('s3://gibt-es-nicht/') });
    await expect(store.has('a'.repeat(64))).rejects.toMatchObject({ code: 'system.storage_unavailable', statusCode: 503, message: expect.stringContaining('bucket does not exist') });
    await expect(store.put(Buffer.from('Widerruf'))).rejects.toMatchObject({ code: 'system.storage_unavailable' });
  });

  it('reports an unreachable endpoint as system.storage_unavailable after its retries', async () => {
    const port = await closedPort();
    const client = createS3Client({ ...server.settings, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 });
    const store = createS3BlobStore({ client, bucket: server.bucket, prefix: 'x' });
    await expect(store.get('b'.repeat(64))).rejects.toMatchObject({ code: 'system.storage_unavailable', message: expect.stringContaining('cannot be reached') });
  });
});
