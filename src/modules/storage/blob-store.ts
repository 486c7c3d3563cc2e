import type { PoststelleConfig } from '../config/config.ts';
import { parseBlobUrl } from '../config/blob-url.ts';
import type { BlobStore } from './blob-store.types.ts';
import { createFsBlobStore } from './fs-blob-store.ts';
import { createS3BlobStore, createS3Client } from './s3-blob-store.ts';

/** Picks the blob driver from the configuration: the data dir by default, S3 for `s3://bucket/prefix`. */
export function createBlobStore(config: Pick<PoststelleConfig, 'blobUrl' | 'dataDir' | 's3'>): BlobStore {
  const location = parseBlobUrl(config.blobUrl, config.dataDir);
  if (location.driver === 'fs') return createFsBlobStore({ root: location.root });
  return createS3BlobStore({ client: createS3Client(config.s3), bucket: location.bucket, prefix: location.prefix });
}
