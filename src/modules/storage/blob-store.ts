import type { PoststelleConfig } from '../config/config.ts';
import { parseBlobUrl } from '../config/blob-url.ts';
import type { BlobStore } from './blob-store.types.ts';
import { createFsBlobStore } from './fs-blob-store.ts';

/**
 * A driver loaded on first use: the AWS SDK takes a noticeable part of a second
 * to import, which every CLI start would pay even without S3.
 */
function lazyBlobStore(driver: string, load: () => Promise<BlobStore>): BlobStore {
  let loaded: Promise<BlobStore> | null = null;
  const store = () => (loaded ??= load());
  return {
    driver,
    check: async () => (await store()).check(),
    put: async (bytes) => (await store()).put(bytes),
    get: async (key) => (await store()).get(key),
    stream: async (key, range) => (await store()).stream(key, range),
    has: async (key) => (await store()).has(key),
    delete: async (key) => (await store()).delete(key),
    list: async function* () {
      yield* (await store()).list();
    },
  };
}

/** Picks the blob driver from the configuration: the data dir by default, S3 for `s3://bucket/prefix`. */
export function createBlobStore(config: Pick<PoststelleConfig, 'blobUrl' | 'dataDir' | 's3'>): BlobStore {
  const location = parseBlobUrl(config.blobUrl, config.dataDir);
  if (location.driver === 'fs') return createFsBlobStore({ root: location.root });
  return lazyBlobStore('s3', async () => {
    const { createS3BlobStore, createS3Client } = await import('./s3-blob-store.ts');
    return createS3BlobStore({ client: createS3Client(config.s3), bucket: location.bucket, prefix: location.prefix });
  });
}
